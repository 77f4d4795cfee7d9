import GRDB
import Synchronization

/// Group commit: writes from many tasks share SQLite transactions, so one WAL fsync makes a
/// whole batch durable instead of one fsync per message.
///
/// A write waits while the batch before it is being committed; then every write that
/// arrived meanwhile goes into the next transaction, each in a savepoint of its own so that
/// one failing write (a duplicate queue ID, a full queue) fails alone. A caller's `write`
/// returns only after the commit that holds its change, so the server still answers 250
/// only for a message that is on disk. With one writer at a time the batch is that one
/// write: nobody waits for company.
final class GroupCommitWriter: Sendable {
    /// What the writes of one batch share: counts read once per transaction.
    final class Batch {
        /// Messages with unfinished recipients, once a write of the batch has asked.
        var openMessages: Int?
    }

    typealias Job = @Sendable (Database, Batch) throws -> Void

    private struct Pending {
        var job: Job
        var continuation: CheckedContinuation<Result<Void, any Error>, Never>
    }

    private struct State {
        var pending: [Pending] = []
        var draining = false
    }

    private let pool: DatabasePool
    private let state = Mutex(State())
    private let committed = Atomic<Int>(0)

    /// Transactions committed so far (for tests and benchmarks: writes ÷ this is the batch size).
    var transactions: Int { committed.load(ordering: .relaxed) }
    /// Bounds one transaction, so a flood of writes cannot make one commit arbitrarily long.
    let maximumBatch: Int

    init(pool: DatabasePool, maximumBatch: Int = 512) {
        self.pool = pool
        self.maximumBatch = maximumBatch
    }

    /// Runs `job` in the next transaction; returns once that transaction is committed (or
    /// with the job's own error, or the commit's).
    func write(_ job: @escaping Job) async -> Result<Void, any Error> {
        await withCheckedContinuation { continuation in
            let startDraining = state.withLock { state -> Bool in
                state.pending.append(Pending(job: job, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if startDraining {
                Task.detached { await self.drain() }
            }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Pending] in
                let batch = Array(state.pending.prefix(maximumBatch))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            let jobs = batch.map(\.job)
            let results: [Result<Void, any Error>]
            do {
                results = try await pool.write { db in
                    let shared = Batch()
                    return jobs.map { job in
                        do {
                            try db.inSavepoint {
                                try job(db, shared)
                                return .commit
                            }
                            return .success(())
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                committed.add(1, ordering: .relaxed)
            } catch {
                // The commit itself failed (disk full, I/O error): nothing of the batch is stored.
                results = Array(repeating: .failure(error), count: batch.count)
            }
            for (pending, result) in zip(batch, results) {
                pending.continuation.resume(returning: result)
            }
        }
    }
}
