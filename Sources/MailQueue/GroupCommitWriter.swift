import Foundation
import GRDB
import Synchronization

/// Group commit: writes from many sessions share SQLite transactions, so one WAL fsync makes
/// a whole batch durable instead of one fsync per message.
///
/// A write waits while the batch before it is being committed; then every write that
/// arrived meanwhile goes into the next transaction, each in a savepoint of its own so that
/// one failing write (a duplicate queue ID, a full queue) fails alone. A write's completion
/// runs only after the commit that holds its change, so the server still answers 250 only
/// for a message that is on disk. With one writer at a time the batch is that one write:
/// nobody waits for company.
///
/// A write may waive its own sync (`needsSync: false`): a lease taken or a delivery
/// recorded can be lost in a crash at the price of a delivery made again, as Postfix's
/// queue manager marks a recipient done without a sync of its own. A batch of such writes
/// only is committed with `synchronous = NORMAL`: its frames reach the log at once, visible
/// to every reader, and the disk with the next sync of the log (the next store's commit,
/// or a checkpoint's), which covers every frame before its own.
///
/// The batches run on a thread of the writer's own, which calls SQLite synchronously and
/// then calls each completion on that thread. A session's event loop hands its message
/// over and gets the completion back: two thread hand-offs per message, where going
/// through Swift tasks and GRDB's asynchronous writes took four or five. A write submitted
/// with `mayCommitHere` while nothing is being committed or waiting skips both hand-offs:
/// the submitting thread commits it as a batch of its own, and writes that arrive
/// meanwhile wait for the writer's thread as usual. Only while commits are quick
/// (`inlineCommitLimit`): a disk whose syncs take milliseconds would hold an event loop,
/// and every session on it, for each of them. And only while the last commit held a
/// single write: when writes come close enough together to share commits, a submitter
/// that commits alone holds its loop's other sessions through a sync and splits the
/// batches the writer's thread would have made (BENCHMARKS.md). Both are judged by the
/// last synced commit: one without a sync is quick whatever the disk does.
final class GroupCommitWriter: Sendable {
    typealias Job = @Sendable (Database) throws -> Void
    typealias Completion = @Sendable (Result<Void, any Error>) -> Void

    private let queue: JobQueue
    private let committer: Committer

    /// The longest the last commit may take for a submitter to commit the next itself.
    /// A message of 64 KiB alone in its commit takes 0.4–1.5 ms on a virtual disk that
    /// syncs in a third of a millisecond (the content's write, the log's, the sync); at a
    /// limit of 1 ms one store in five went to the writer's thread and back.
    static let defaultInlineCommitLimit = Duration.milliseconds(2)

    /// Transactions committed so far (for tests and benchmarks: writes ÷ this is the batch size).
    var transactions: Int { queue.committed.load(ordering: .relaxed) }
    /// Transactions committed with `synchronous = NORMAL`, for tests.
    var unsyncedTransactions: Int { committer.unsyncedCommits.load(ordering: .relaxed) }
    /// Writes waiting for the next transaction (for tests).
    var waitingWrites: Int { queue.waiting }
    /// Bounds one transaction, so a flood of writes cannot make one commit arbitrarily long.
    var maximumBatch: Int { queue.maximumBatch }
    /// Whether the transaction being committed holds other writes too, for a job that
    /// decides by it (read from a job only).
    var sharesCommit: Bool { committer.batchSize.load(ordering: .relaxed) > 1 }

    /// - Parameters:
    ///   - inlineCommitLimit: the longest the last commit may have taken for a submitter to
    ///     commit the next itself (`submit(_:mayCommitHere:completion:)`).
    ///   - beforeTransaction: runs at the start of every transaction, before its writes
    ///     (the content spool forgets here what a transaction rolled back had appended).
    ///   - beforeCommit: runs after a batch's writes, before its transaction commits; if it
    ///     throws, the transaction is rolled back and every write of the batch fails with
    ///     its error (the content spool syncs what the writes appended to it here).
    ///   - whenClosed: runs on the writer connection after the last write, once the writer
    ///     is gone; from this thread, so it never runs inside a database access.
    init(
        pool: DatabasePool, maximumBatch: Int = 512, inlineCommitLimit: Duration = defaultInlineCommitLimit,
        beforeTransaction: @escaping @Sendable () -> Void = {},
        beforeCommit: @escaping @Sendable () throws -> Void = {},
        whenClosed: @escaping @Sendable (Database) -> Void = { _ in }
    ) {
        let queue = JobQueue(maximumBatch: maximumBatch, inlineCommitLimit: inlineCommitLimit)
        let committer = Committer(pool: pool, queue: queue, beforeTransaction: beforeTransaction, beforeCommit: beforeCommit)
        self.queue = queue
        self.committer = committer
        // The thread holds the committer, not the writer, so that the writer's deinit ends it.
        let thread = Thread { [queue, committer] in
            // Set from the thread itself, so that top -H and perf show it too.
            Thread.current.name = "postamt-commit"
            while let batch = queue.next() {
                committer.commit(batch)
            }
            pool.writeWithoutTransaction(whenClosed)
        }
        thread.start()
    }

    deinit {
        // The thread finishes the writes already handed over, then ends.
        queue.close()
    }

    /// Runs `job` in the next transaction and calls `completion` once that transaction is
    /// committed (or with the job's own error, or the commit's), on the writer's thread.
    ///
    /// - Parameter mayCommitHere: whether the calling thread may run the transaction itself
    ///   when no other is being committed or waiting and the last synced one was quick and
    ///   held a single write, calling `completion` before this returns. For a caller that can
    ///   wait for a sync: an event loop with no other work pressing, not a thread that
    ///   others wait on.
    /// - Parameter needsSync: whether the transaction must be on the disk before
    ///   `completion` runs; false: it may wait for the next sync of the log.
    func submit(_ job: @escaping Job, mayCommitHere: Bool = false, needsSync: Bool = true, completion: @escaping Completion) {
        let pending = Pending(job: job, completion: completion, needsSync: needsSync)
        if mayCommitHere, queue.takeIfIdle() {
            committer.commit([pending])
        } else {
            queue.append(pending)
        }
    }

    /// Runs `job` in the next transaction; returns once that transaction is committed (and
    /// on the disk, unless `needsSync` is false).
    ///
    /// A write that waives its sync is committed on the calling thread if it finds the
    /// writer idle (`mayCommitHere`): with no sync to wait for, that takes less than the
    /// hand-off to the writer's thread and back.
    func write(needsSync: Bool = true, _ job: @escaping Job) async -> Result<Void, any Error> {
        await withCheckedContinuation { continuation in
            submit(job, mayCommitHere: !needsSync, needsSync: needsSync) { continuation.resume(returning: $0) }
        }
    }

    /// Runs `job` in the next transaction and returns its value once that transaction is
    /// committed; a write that needs an answer (claiming deliveries) shares the commit of
    /// the stores beside it instead of paying an fsync of its own.
    func write<Value: Sendable>(needsSync: Bool = true, returning job: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        let value = Mutex<Value?>(nil)
        try await write(needsSync: needsSync) { db in
            let result = try job(db)
            value.withLock { $0 = result }
        }.get()
        // Set by the job, which the commit ran without error.
        return value.withLock { $0.take()! }
    }

    /// Runs batches in transactions: on the writer's thread, or on a submitter's.
    private final class Committer: Sendable {
        let pool: DatabasePool
        let queue: JobQueue
        let beforeTransaction: @Sendable () -> Void
        let beforeCommit: @Sendable () throws -> Void
        /// The writes of the transaction being committed.
        let batchSize = Atomic<Int>(0)
        /// Transactions committed without a sync of their own.
        let unsyncedCommits = Atomic<Int>(0)

        init(
            pool: DatabasePool, queue: JobQueue, beforeTransaction: @escaping @Sendable () -> Void,
            beforeCommit: @escaping @Sendable () throws -> Void
        ) {
            self.pool = pool
            self.queue = queue
            self.beforeTransaction = beforeTransaction
            self.beforeCommit = beforeCommit
        }

        /// Commits a batch taken by `next()` or `takeIfIdle()` and calls its completions.
        ///
        /// Some errors make SQLite roll back the whole transaction, not only the write that
        /// met them: a database that has reached its size limit or a disk that is full. The
        /// write that met it fails, and the others of its batch are run once more in a
        /// transaction of their own, so that a message too large for the room left does not
        /// take the smaller ones with it. Once only: if that transaction is rolled back as
        /// well, the room is gone and what is left of the batch fails.
        func commit(_ batch: [Pending]) {
            let start = ContinuousClock.now
            var outcomes = [(Pending, Result<Void, any Error>)]()
            var batch = batch
            var retried = false
            while !batch.isEmpty {
                do {
                    let results = try commitOnce(batch)
                    queue.committed.add(1, ordering: .relaxed)
                    outcomes += zip(batch, results)
                    batch = []
                } catch let aborted as AbortedBy where !retried {
                    outcomes.append((batch.remove(at: aborted.index), .failure(aborted.cause)))
                    retried = true
                } catch {
                    // The commit failed (disk full, I/O error), or a write ended the retried
                    // transaction too: nothing of what is left of the batch is stored.
                    let cause = (error as? AbortedBy)?.cause ?? error
                    outcomes += batch.map { ($0, .failure(cause)) }
                    batch = []
                }
            }
            queue.finishCommit(taking: ContinuousClock.now - start, writes: outcomes.count, synced: outcomes.contains { $0.0.needsSync })
            for (pending, result) in outcomes {
                pending.completion(result)
            }
        }

        /// One transaction of `batch`, each write in a savepoint of its own so that one failing
        /// write fails alone. Throws ``AbortedBy`` if a write's error ended the transaction.
        private func commitOnce(_ batch: [Pending]) throws -> [Result<Void, any Error>] {
            batchSize.store(batch.count, ordering: .relaxed)
            let synced = batch.contains { $0.needsSync }
            return try pool.writeWithoutTransaction { db in
                beforeTransaction()
                if !synced {
                    try db.cachedStatement(sql: "PRAGMA synchronous = NORMAL").execute()
                    unsyncedCommits.add(1, ordering: .relaxed)
                }
                defer {
                    // Back to FULL for the next batch even if this one failed; should that
                    // fail too, the connection is unusable and so is every later commit.
                    if !synced { try? db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute() }
                }
                return try db.inPreparedTransaction {
                    // One write alone needs no savepoint: if it fails, so does its transaction.
                    if batch.count == 1 {
                        try batch[0].job(db)
                        try beforeCommit()
                        return [.success(())]
                    }
                    var results = [Result<Void, any Error>]()
                    results.reserveCapacity(batch.count)
                    for (index, pending) in batch.enumerated() {
                        do {
                            try db.inPreparedSavepoint { try pending.job(db) }
                            results.append(.success(()))
                        } catch let aborted as TransactionAborted {
                            throw AbortedBy(index: index, cause: aborted.cause)
                        } catch {
                            results.append(.failure(error))
                        }
                    }
                    try beforeCommit()
                    return results
                }
            }
        }
    }

    /// The write at `index` of a batch ended its transaction, with `cause`.
    private struct AbortedBy: Error {
        var index: Int
        var cause: any Error
    }

    fileprivate struct Pending: Sendable {
        var job: Job
        var completion: Completion
        var needsSync: Bool
    }

    /// The writes waiting for the next transaction, shared by the submitters and the thread.
    private final class JobQueue: Sendable {
        private struct State {
            var pending: [Pending] = []
            var closed = false
            /// A batch is being committed, by the writer's thread or by a submitter.
            var committing = false
            /// Whether the last synced commit took no longer than `inlineCommitLimit`.
            var lastCommitWasQuick = true
            /// Whether the last synced commit held one write only: nothing came close enough
            /// to share it.
            var lastCommitWasAlone = true
        }

        let maximumBatch: Int
        let committed = Atomic<Int>(0)
        let inlineCommitLimit: Duration
        // NSCondition rather than a Mutex: the thread sleeps until there is work.
        private let condition = NSCondition()
        nonisolated(unsafe) private var state = State()

        init(maximumBatch: Int, inlineCommitLimit: Duration) {
            self.maximumBatch = maximumBatch
            self.inlineCommitLimit = inlineCommitLimit
        }

        func append(_ pending: Pending) {
            condition.lock()
            state.pending.append(pending)
            let wasEmpty = state.pending.count == 1
            condition.unlock()
            if wasEmpty { condition.signal() }
        }

        var waiting: Int {
            condition.lock()
            defer { condition.unlock() }
            return state.pending.count
        }

        /// Claims the next commit for the caller when nothing is being committed or waiting
        /// and the last synced commit was quick and alone.
        func takeIfIdle() -> Bool {
            condition.lock()
            defer { condition.unlock() }
            guard !state.committing, state.pending.isEmpty, !state.closed, state.lastCommitWasQuick, state.lastCommitWasAlone else {
                return false
            }
            state.committing = true
            return true
        }

        /// The batch taken by `next()` or `takeIfIdle()`, of `writes` writes, is committed;
        /// wakes the writer's thread for writes that arrived meanwhile.
        ///
        /// Only a synced commit (`synced`) gives the verdict for the next: one without a sync
        /// is quick whatever the disk does, and a claim or record alone between stores says
        /// nothing of how many stores arrive together.
        func finishCommit(taking duration: Duration, writes: Int, synced: Bool) {
            condition.lock()
            state.committing = false
            if synced {
                state.lastCommitWasQuick = duration <= inlineCommitLimit
                state.lastCommitWasAlone = writes <= 1
            }
            let wake = !state.pending.isEmpty || state.closed
            condition.unlock()
            if wake { condition.signal() }
        }

        func close() {
            condition.lock()
            state.closed = true
            condition.unlock()
            condition.signal()
        }

        /// The next batch, waiting for one; nil once closed and empty.
        func next() -> [Pending]? {
            condition.lock()
            defer { condition.unlock() }
            while state.pending.isEmpty || state.committing {
                if state.closed, state.pending.isEmpty, !state.committing { return nil }
                condition.wait()
            }
            state.committing = true
            if state.pending.count <= maximumBatch {
                let batch = state.pending
                state.pending = []
                return batch
            }
            let batch = Array(state.pending.prefix(maximumBatch))
            state.pending.removeFirst(maximumBatch)
            return batch
        }
    }
}
