import Foundation
import GRDB
import GRDBSQLite
import Testing

@testable import MailQueue
@testable import SMTPCore

/// Concurrent stores share transactions, and each still succeeds or fails on its own.
@Suite("Group commit")
struct GroupCommitTests {
    /// - Parameter spooling: whether large content of shared commits goes to the content
    ///   spool; off where a test needs large content to meet the database's size limit.
    private func store(
        capacity: Int = 100_000, spooling: Bool = true, inlineCommitLimit: Duration = GroupCommitWriter.defaultInlineCommitLimit
    ) throws -> SQLiteMessageStore {
        try SQLiteMessageStore(
            path: FileManager.default.temporaryDirectory.appendingPathComponent("group-\(UUID().uuidString).sqlite").path,
            capacity: capacity, minimumFreeSpace: 0, checkpointAt: 1000, restartLogAt: 8000,
            inlineCommitLimit: inlineCommitLimit, spoolThreshold: spooling ? SQLiteMessageStore.defaultSpoolThreshold : .max
        )
    }

    private func message(id: QueueID = QueueID.make()) -> IncomingMessage {
        let recipient = Envelope.Recipient(forwardPath: .mailbox(Mailbox("bob@far.test")!))
        let envelope = Envelope(
            clientName: "client.test", usedExtendedHello: true, isTLS: false, authenticatedUser: nil,
            reversePath: .mailbox(Mailbox("alice@example.test")!), mailParameters: MailParameters(), recipients: [recipient]
        )
        return IncomingMessage(
            id: id, envelope: envelope, content: Array("Subject: x\r\n\r\nbody\r\n".utf8), receivedAt: 1000, clientAddress: "192.0.2.1",
            deliveries: [PlannedDelivery(recipient: recipient, mailbox: recipient.forwardPath.mailbox!, route: .remote)]
        )
    }

    @Test("200 stores that arrive while a commit is in flight all land, in one transaction")
    func batches() async throws {
        let store = try store()
        let messages = (0..<200).map { _ in message() }
        // Queued behind a write that holds the writer, as stores wait behind a slow sync.
        let results = try await inOneBatch(messages.map(storing), on: store)
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(try await store.messageCount() == 200)
        for message in messages.prefix(5) {
            #expect(try await store.content(of: message.id) == message.content)
        }
    }

    @Test("a duplicate queue ID fails alone; the other messages of its batch are stored")
    func failureIsolated() async throws {
        let store = try store()
        let first = message()
        try await store.store(first)
        let others = (0..<20).map { _ in message() }
        let duplicate = message(id: first.id)
        let results = await withTaskGroup(of: (QueueID, StorageError.Kind?).self) { group in
            for message in others + [duplicate] {
                group.addTask {
                    do {
                        try await store.store(message)
                        return (message.id, nil)
                    } catch {
                        return (message.id, (error as? StorageError)?.kind)
                    }
                }
            }
            return await group.reduce(into: [(QueueID, StorageError.Kind?)]()) { $0.append($1) }
        }
        #expect(results.filter { $0.1 == .duplicateID }.count == 1)
        #expect(results.filter { $0.1 == nil }.count == 20)
        #expect(try await store.messageCount() == 21)
    }

    private struct Refused: Error, Equatable {}

    @Test("a write alone that fails leaves nothing of it behind, and the writes after it go on")
    func failureAlone() async throws {
        let store = try store()
        let stored = message()
        let result = await store.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO message (id, received_at, mail_command, client_name, client_address, protocol, size, content)
                    VALUES (?, 1000, 'MAIL FROM:<>', 'client.test', '192.0.2.1', 'ESMTP', 0, X'')
                    """,
                arguments: [stored.id.rawValue]
            )
            throw Refused()
        }
        #expect(throws: Refused.self) { try result.get() }
        #expect(try await store.message(stored.id) == nil)
        try await store.store(stored)
        do {
            try await store.store(message(id: stored.id))
            Issue.record("a second message with a stored message's queue ID was stored")
        } catch {
            #expect(error.kind == .duplicateID)
        }
        #expect(try await store.messageCount() == 1)
    }

    @Test("the capacity holds within a batch: of 10 concurrent stores into room for 3, exactly 3 are stored")
    func capacityWithinBatch() async throws {
        let store = try store(capacity: 3)
        let outcomes = await withTaskGroup(of: StorageError.Kind?.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    do {
                        try await store.store(message())
                        return nil
                    } catch {
                        return (error as? StorageError)?.kind
                    }
                }
            }
            return await group.reduce(into: [StorageError.Kind?]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == nil }.count == 3)
        #expect(outcomes.filter { $0 == .queueFull }.count == 7)
        #expect(try await store.messageCount() == 3)
    }

    @Test("a store while the writer is idle is committed on the storing thread, before store returns")
    func committedHere() async throws {
        let store = try store()
        let stored = message()
        let caller = pthread_self()
        let outcome = LockedBox<(Result<Void, StorageError>, Bool)?>(nil)
        store.store(stored) { result in
            outcome.withLock { $0 = (result, pthread_equal(pthread_self(), caller) != 0) }
        }
        let (result, onCaller) = try #require(outcome.withLock { $0 })
        #expect(throws: Never.self) { try result.get() }
        #expect(onCaller)
        #expect(try await store.content(of: stored.id) == stored.content)
        #expect(store.writer.transactions == 1)
    }

    /// A store whose last commit took longer than its limit for committing on the calling
    /// thread, as on a disk whose syncs take milliseconds. The limit, 500 ms, is far above
    /// any other commit of these tests, so that a loaded machine does not make the quick
    /// ones count as slow.
    private func storeAfterASlowCommit() async throws -> SQLiteMessageStore {
        let store = try store(inlineCommitLimit: .milliseconds(500))
        _ = await store.writer.write { _ in Thread.sleep(forTimeInterval: 0.6) }
        return store
    }

    @Test("after a commit that took longer than the limit, a store goes to the writer's thread; after a quick one, it is committed here again")
    func slowCommitsStayOnTheWritersThread() async throws {
        let store = try await storeAfterASlowCommit()
        #expect(try storeAndReportThread(store) == false)
        // That store's commit was quick, so the next one is committed on this thread.
        #expect(try storeAndReportThread(store) == true)
        #expect(try await store.messageCount() == 2)
    }

    @Test("after a commit shared by several writes, a store goes to the writer's thread; after one alone, it is committed here again")
    func sharedCommitsStayOnTheWritersThread() async throws {
        // A limit far above any commit of this test, so that a loaded machine does not make
        // a commit count as slow.
        let store = try store(inlineCommitLimit: .seconds(5))
        #expect(try storeAndReportThread(store) == true)
        // Three stores in one transaction, as when sessions' messages come close together.
        let results = try await inOneBatch((0..<3).map { _ in storing(message()) }, on: store)
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(try storeAndReportThread(store) == false)
        // That store had its commit to itself: the load has gone, so the next is committed here.
        #expect(try storeAndReportThread(store) == true)
        #expect(try await store.messageCount() == 6)
    }

    @Test("a commit without a sync keeps the verdict of the synced one before it: after a slow sync, a store still goes to the writer's thread")
    func unsyncedCommitsKeepTheVerdict() async throws {
        let store = try await storeAfterASlowCommit()
        // A lease or a delivery record alone, committed quickly without a sync.
        _ = await store.writer.write(needsSync: false) { _ in }
        #expect(try storeAndReportThread(store) == false)
        #expect(try storeAndReportThread(store) == true)
        #expect(try await store.messageCount() == 2)
    }

    /// Stores a message and waits for its completion; whether the completion ran on the
    /// calling thread, which then committed the store itself.
    private func storeAndReportThread(_ store: SQLiteMessageStore) throws -> Bool {
        // Taken here, not once for the test: the test's task may resume on another thread
        // after each await.
        let caller = pthread_self()
        let onCaller = LockedBox<Bool?>(nil)
        let done = DispatchSemaphore(value: 0)
        store.store(message()) { result in
            onCaller.withLock { $0 = pthread_equal(pthread_self(), caller) != 0 }
            done.signal()
        }
        done.wait()
        return try #require(onCaller.withLock { $0 } as Bool?)
    }

    @Test("a batch of writes that waive their sync commits with synchronous = NORMAL; one write that needs it syncs its whole batch; FULL again after")
    func writesThatWaiveTheSync() async throws {
        let store = try store()
        /// A write that notes the sync level its transaction commits with.
        func noting(_ levels: LockedBox<[Int]>, needsSync: Bool) -> Submission {
            { store, completion in
                store.writer.submit({ db in
                    let level = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
                    levels.withLock { $0.append(level) }
                }, needsSync: needsSync, completion: completion)
            }
        }
        let unsynced = LockedBox<[Int]>([])
        let unsyncedBefore = store.writer.unsyncedTransactions
        let waived = try await inOneBatch((0..<5).map { _ in noting(unsynced, needsSync: false) }, on: store)
        #expect(waived.allSatisfy { (try? $0.get()) != nil })
        #expect(unsynced.withLock { $0 } == [1, 1, 1, 1, 1])
        #expect(store.writer.unsyncedTransactions - unsyncedBefore == 1)

        let mixed = LockedBox<[Int]>([])
        let message = message()
        let results = try await inOneBatch(
            [noting(mixed, needsSync: false), storing(message), noting(mixed, needsSync: false)], on: store
        )
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(mixed.withLock { $0 } == [2, 2])
        #expect(store.writer.unsyncedTransactions - unsyncedBefore == 1)

        // The writer's connection is back at FULL: a store alone commits with its sync.
        let after = LockedBox<[Int]>([])
        _ = try await inOneBatch([noting(after, needsSync: true)], on: store)
        #expect(after.withLock { $0 } == [2])
        #expect(try await store.messageCount() == 1)
    }

    @Test("claims and delivery records waive their sync; a store does not")
    func claimsAndRecordsWaiveTheSync() async throws {
        let store = try store()
        let unsyncedBefore = store.writer.unsyncedTransactions
        try await store.store(message())
        #expect(store.writer.unsyncedTransactions == unsyncedBefore)
        let claims = try await store.claimDeliveries(route: .remote, limit: 10, now: 2000, leaseDuration: 600, owner: "test")
        #expect(claims.count == 1)
        #expect(store.writer.unsyncedTransactions == unsyncedBefore + 1)
        try await store.record(claims.map { DeliveryRecord(claim: $0, outcome: .delivered(detail: "250 ok")) }, now: 2001)
        #expect(store.writer.unsyncedTransactions == unsyncedBefore + 2)
        // Seen at once by a reader of the pool, before any sync.
        #expect(try await store.recipientCounts()[.delivered] == 1)
    }

    @Test("writes that arrive while one is committed on its submitter's thread wait for it, then share the writer's thread")
    func waitForCommitHere() async throws {
        let store = try store()
        let inside = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let firstDone = LockedBox(false)
        // The first write holds its commit open on a thread of its own until the others are queued.
        let first = Thread {
            store.writer.submit({ _ in
                inside.signal()
                release.wait()
            }, mayCommitHere: true) { _ in firstDone.withLock { $0 = true } }
        }
        first.start()
        inside.wait()
        let others = (0..<30).map { _ in message() }
        let threads = LockedBox<[String]>([])
        let stores = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for message in others {
                    group.addTask {
                        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                            store.store(message) { result in
                                threads.withLock { $0.append(Thread.current.name ?? "") }
                                continuation.resume(with: result)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let giveUp = ContinuousClock.now + .seconds(30)
        while store.writer.waitingWrites < others.count, ContinuousClock.now < giveUp {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(store.writer.waitingWrites == others.count)
        #expect(threads.withLock { $0.isEmpty }, "a write was committed while another commit was open")
        release.signal()
        try await stores.value
        #expect(firstDone.withLock { $0 })
        #expect(try await store.messageCount() == 30)
        #expect(threads.withLock { $0 }.allSatisfy { $0 == "postamt-commit" })
        #expect(store.writer.transactions < 31)
    }

    /// Content of 2 MiB: more than ``limitRoom(of:)`` leaves.
    private static let moreThanTheRoom = Array(repeating: UInt8(ascii: "x"), count: 2 << 20)

    /// Lets the database grow by 100 pages (400 KiB): room for small messages, not for 2 MiB.
    private func limitRoom(of store: SQLiteMessageStore) async throws {
        try await store.pool.writeWithoutTransaction { db in
            let pages = try #require(try Int.fetchOne(db, sql: "PRAGMA page_count"))
            try db.execute(sql: "PRAGMA max_page_count = \(pages + 100)")
        }
    }

    private func kind(of result: Result<Void, any Error>) -> StorageError.Kind? {
        guard case .failure(let error) = result else { return nil }
        return (error as? StorageError)?.kind
    }

    @Test("a store that finds the database full fails alone, as insufficient space; the others of its batch are stored")
    func fullDatabaseFailsAlone() async throws {
        let store = try store(spooling: false)
        try await limitRoom(of: store)
        var messages = (0..<6).map { _ in message() }
        var large = message()
        large.content = Self.moreThanTheRoom
        messages.insert(large, at: 3)
        let results = try await inOneBatch(messages.map(storing), on: store)
        for (message, result) in zip(messages, results) {
            if message.id == large.id {
                #expect(kind(of: result) == .insufficientSpace)
                #expect(try await store.message(message.id) == nil)
            } else {
                #expect(throws: Never.self) { try result.get() }
                #expect(try await store.content(of: message.id) == message.content)
            }
        }
        #expect(try await store.messageCount() == 6)
        try await store.store(message())
        #expect(try await store.messageCount() == 7)
    }

    @Test("a batch whose second try meets a full database as well fails as a whole: the room is gone")
    func fullDatabaseTwice() async throws {
        let store = try store(spooling: false)
        try await limitRoom(of: store)
        var messages = (0..<4).map { _ in message() }
        for index in [1, 2] {
            messages[index].content = Self.moreThanTheRoom
        }
        let results = try await inOneBatch(messages.map(storing), on: store)
        #expect(results.map(kind) == Array(repeating: .insufficientSpace, count: 4))
        #expect(try await store.messageCount() == 0)
        try await store.store(message())
        #expect(try await store.messageCount() == 1)
    }

    @Test("a write that ends its batch's transaction fails alone: the others are committed once more without it")
    func endedTransactionFailsAlone() async throws {
        let store = try store()
        let before = (0..<3).map { _ in message() }
        let after = (0..<2).map { _ in message() }
        let ending: GroupCommitWriter.Job = { db in
            try db.execute(sql: "ROLLBACK TRANSACTION")
            throw Refused()
        }
        let results = try await inOneBatch(before.map(storing) + [writing(ending)] + after.map(storing), on: store)
        for (index, result) in results.enumerated() where index != 3 {
            #expect(throws: Never.self) { try result.get() }
        }
        guard case .failure(let error) = results[3] else {
            Issue.record("the write that ended the transaction succeeded")
            return
        }
        #expect(error is Refused)
        for message in before + after {
            #expect(try await store.content(of: message.id) == message.content)
        }
        #expect(try await store.messageCount() == 5)
        let next = message()
        try await store.store(next)
        #expect(try await store.content(of: next.id) == next.content)
        #expect(try await store.messageCount() == 6)
    }
}

/// Finished mail leaves the queue after its time; the claim query stays an index range search.
@Suite("Queue housekeeping")
struct QueueHousekeepingTests {
    private func store() throws -> SQLiteMessageStore {
        try SQLiteMessageStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("purge-\(UUID().uuidString).sqlite").path)
    }

    private func message(at time: Double, content: [UInt8] = Array("Subject: x\r\n\r\nbody\r\n".utf8)) -> IncomingMessage {
        let recipient = Envelope.Recipient(forwardPath: .mailbox(Mailbox("bob@far.test")!))
        let envelope = Envelope(
            clientName: "client.test", usedExtendedHello: true, isTLS: false, authenticatedUser: nil,
            reversePath: .mailbox(Mailbox("alice@example.test")!), mailParameters: MailParameters(), recipients: [recipient]
        )
        return IncomingMessage(
            id: QueueID.make(), envelope: envelope, content: content, receivedAt: time, clientAddress: "192.0.2.1",
            deliveries: [PlannedDelivery(recipient: recipient, mailbox: recipient.forwardPath.mailbox!, route: .remote)]
        )
    }

    @Test("only messages received before the cutoff whose recipients are all finished are removed, with their attempts")
    func purge() async throws {
        let store = try store()
        let old = message(at: 1000), waiting = message(at: 1000), recent = message(at: 5000)
        for message in [old, waiting, recent] { try await store.store(message) }
        let claims = try await store.claimDeliveries(route: .remote, limit: 10, now: 6000, leaseDuration: 60, owner: "test")
        for claim in claims where claim.messageID != waiting.id {
            try await store.recordAttempt(DeliveryAttempt(time: 6000, host: "mx", address: nil, usedTLS: false, result: "250 ok", transcript: ""), for: claim)
            try await store.finish(claim, outcome: .delivered(detail: "250 ok"), now: 6000)
        }
        let waitingClaim = try #require(claims.first { $0.messageID == waiting.id })
        try await store.finish(waitingClaim, outcome: .deferred(reason: "451 4.3.0 later", retryAt: 7000), now: 6000)

        #expect(try await store.purgeFinished(receivedBefore: 2000, limit: 10) == 1)
        #expect(try await store.message(old.id) == nil)
        #expect(try await store.attempts(for: old.id).isEmpty)
        #expect(try await store.message(waiting.id) != nil)
        #expect(try await store.message(recent.id) != nil)
        #expect(try await store.purgeFinished(receivedBefore: 2000, limit: 10) == 0)
    }

    private func plan(of query: String, arguments: StatementArguments = [], in store: SQLiteMessageStore) async throws -> [String] {
        try await store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query, arguments: arguments).map { $0["detail"] as String }
        }
    }

    @Test("removing a finished message of 400 KiB writes a few pages to the log, not its content once more")
    func purgeLeavesFreedPages() async throws {
        let store = try store()
        #expect(try await store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") } == 2)
        let large = message(at: 1000, content: Array(repeating: UInt8(ascii: "x"), count: 400 << 10))
        try await store.store(large)
        for claim in try await store.claimDeliveries(route: .remote, limit: 10, now: 2000, leaseDuration: 60, owner: "test") {
            try await store.finish(claim, outcome: .delivered(detail: "250 ok"), now: 2000)
        }
        let logPath = store.path + "-wal"
        func logFrames() throws -> Int {
            let size = try (FileManager.default.attributesOfItem(atPath: logPath)[.size] as? NSNumber)?.intValue ?? 0
            return max(0, size - 32) / (4096 + 24)
        }
        // The log starts over at its beginning, so its length counts the frames written since.
        try await store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        #expect(try logFrames() == 0)
        #expect(try await store.purgeFinished(receivedBefore: 3000, limit: 10) == 1)
        let frames = try logFrames()
        // The content took about 100 pages; zeroing them as they are freed wrote them all again.
        #expect(frames > 0 && frames < 20, "\(frames) frames for the removal")
        #expect(try await store.message(large.id) == nil)
    }

    @Test("every foreign key has an index that starts with its column")
    func foreignKeysIndexed() async throws {
        let store = try store()
        let unindexed = try await store.pool.read { db in
            var missing = [String]()
            for table in ["message", "recipient", "attempt"] {
                let keyColumns = try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\(table))").map { $0["from"] as String }
                let leading = try Row.fetchAll(db, sql: "PRAGMA index_list(\(table))").compactMap { index -> String? in
                    try Row.fetchOne(db, sql: "PRAGMA index_info(\(index["name"] as String))")?["name"]
                }
                missing += keyColumns.filter { !leading.contains($0) }.map { "\(table).\($0)" }
            }
            return missing
        }
        #expect(unindexed.isEmpty, "foreign keys without an index: \(unindexed)")
    }

    @Test("removing finished messages with their recipients and attempts reads no table from start to end")
    func purgeWithoutFullScans() async throws {
        let store = try store()
        for _ in 0..<30 { try await store.store(message(at: 1000)) }
        for claim in try await store.claimDeliveries(route: .remote, limit: 100, now: 2000, leaseDuration: 60, owner: "test") {
            try await store.recordAttempt(DeliveryAttempt(time: 2000, host: "mx", address: nil, usedTLS: false, result: "250 ok", transcript: ""), for: claim)
            try await store.finish(claim, outcome: .delivered(detail: "250 ok"), now: 2000)
        }
        let (removed, fullScanSteps) = try await store.pool.write { db in
            let statement = try db.makeStatement(sql: SQLiteMessageStore.purgeQuery)
            try statement.execute(arguments: [3000, 100])
            return (db.changesCount, sqlite3_stmt_status(statement.sqliteStatement, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0))
        }
        #expect(removed == 30)
        #expect(try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attempt") } == 0)
        // Without an index on attempt(recipient_id), each recipient removed read every attempt.
        #expect(fullScanSteps == 0)
    }

    @Test("the purge's questions about the content spool read only the messages whose content is there")
    func spoolPlans() async throws {
        let store = try store()
        let segments = try await plan(of: SQLiteMessageStore.spoolSegmentsQuery, in: store)
        #expect(segments.contains { $0.contains("COVERING INDEX message_content_segment") }, "\(segments)")
        let live = try await plan(of: SQLiteMessageStore.liveSpoolQuery, arguments: [5], in: store)
        #expect(live.contains { $0.contains("INDEX message_content_segment (content_segment<?)") }, "\(live)")
    }

    @Test("listing waiting mail starts from the waiting recipients; listing all mail walks the newest messages")
    func listPlans() async throws {
        let store = try store()
        let waiting = RecipientState.unfinished
        let waitingPlan = try await plan(
            of: SQLiteMessageStore.listQuery(states: waiting), arguments: StatementArguments(waiting.map(\.rawValue) + ["10"]), in: store
        )
        #expect(waitingPlan.contains { $0.contains("COVERING INDEX recipient_state (state=?)") }, "\(waitingPlan)")
        #expect(!waitingPlan.contains { $0.hasPrefix("SCAN") }, "\(waitingPlan)")
        let all = RecipientState.allCases
        let allPlan = try await plan(of: SQLiteMessageStore.listQuery(states: all), arguments: StatementArguments(all.map(\.rawValue) + ["10"]), in: store)
        #expect(allPlan.contains { $0.contains("message_received") }, "\(allPlan)")
    }

    @Test("claiming due deliveries searches the state index by state and route, never every recipient of the route")
    func claimPlan() async throws {
        let plan = try await plan(of: SQLiteMessageStore.claimQuery, arguments: ["remote", 1.0, "remote", 1.0, 10], in: store())
        #expect(plan.contains { $0.contains("recipient_state (state=? AND route=? AND next_attempt_at<?)") }, "\(plan)")
        #expect(plan.contains { $0.contains("recipient_state (state=? AND route=?)") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
    }

    @Test("the count of open messages and the leases of one owner are read from the state index alone")
    func stateIndexPlans() async throws {
        let store = try store()
        let count = try await plan(of: SQLiteMessageStore.openMessageCountQuery, in: store)
        #expect(count.contains { $0.contains("COVERING INDEX recipient_state (state=?)") }, "\(count)")
        let renew = try await plan(of: "UPDATE recipient SET lease_expires_at = 1 WHERE state = 'in-flight' AND lease_owner = 'a'", in: store)
        #expect(renew.contains { $0.contains("INDEX recipient_state (state=?)") }, "\(renew)")
        let indexes = try await store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'recipient' AND sql IS NOT NULL ORDER BY name")
        }
        #expect(indexes == ["recipient_message", "recipient_state"])
    }

    @Test("a queue made before the state index keeps its messages, and they are claimed through the new index")
    func stateIndexMigration() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString).sqlite").path
        let earlier = try DatabasePool(path: path)
        try SQLiteMessageStore.migrator.migrate(earlier, upTo: "queue-5-received-index")
        let id = QueueID.make()
        try await earlier.write { db in
            try db.execute(
                sql: """
                    INSERT INTO message (id, received_at, mail_command, client_name, client_address, protocol, size, content)
                    VALUES (?, 1000, 'MAIL FROM:<alice@example.test>', 'client.test', '192.0.2.1', 'ESMTP', 4, X'78797A0A');
                    INSERT INTO recipient (message_id, rcpt_command, mailbox, route, state, next_attempt_at, updated_at)
                    VALUES (?, 'RCPT TO:<bob@far.test>', 'bob@far.test', 'remote', 'queued', 1000, 1000);
                    """,
                arguments: [id.rawValue, id.rawValue]
            )
        }
        try earlier.close()

        let store = try SQLiteMessageStore(path: path)
        #expect(try await store.messageCount() == 1)
        let claims = try await store.claimDeliveries(route: .remote, limit: 10, now: 2000, leaseDuration: 60, owner: "test")
        #expect(claims.map(\.messageID) == [id])
        #expect(claims.map(\.mailbox.description) == ["bob@far.test"])
        #expect(try await store.content(of: id) == Array("xyz\n".utf8))
        let indexes = try await store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        }
        #expect(indexes == ["attempt_message", "attempt_recipient", "message_content_segment", "message_received", "recipient_message", "recipient_state"])
    }
}
