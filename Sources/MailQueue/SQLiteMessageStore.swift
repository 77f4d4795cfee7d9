import Foundation
import GRDB
import SMTPCore
import Synchronization

/// The queue in one SQLite file, through GRDB on Debian's libsqlite3.
///
/// Message content is stored as a blob in the same transaction as the envelope, so a single
/// WAL commit with `synchronous = FULL` (one fsync) makes the whole message durable: nothing
/// can exist half-written, and there is no spool file whose directory entry needs its own
/// fsync. docs/ARCHITECTURE.md records why this beat a file per message. Large content
/// whose store shares a commit with others goes to the ``ContentSpool`` beside the database
/// instead, synced before that commit, so that it is written once rather than twice.
///
/// All database work runs on GRDB's own threads; callers await it, so an event loop is never
/// blocked on the disk.
public final class SQLiteMessageStore: MessageStore {
    let pool: DatabasePool
    /// Stores and delivery records share transactions through this (group commit).
    let writer: GroupCommitWriter
    /// Copies the log into the database file beside the writer instead of inside a commit.
    let checkpointer: WALCheckpointer
    /// Large content beside the database: of stores that share a commit, and the largest
    /// of stores alone in theirs.
    let spool: ContentSpool
    /// Runs between the read of a message's row and the read of its segment in
    /// ``content(of:)``: lets tests put a purge in that gap.
    let betweenRowAndSegment = Mutex<(@Sendable () async -> Void)?>(nil)
    public let path: String
    /// Messages with unfinished recipients beyond which new mail is refused (452 4.3.1).
    public let capacity: Int
    /// Free bytes the file system must keep; below it new mail is refused (452 4.3.1).
    public let minimumFreeSpace: UInt64
    /// The number of open messages the capacity is checked against.
    private let openMessages = OpenMessageCount()
    /// The directory whose file system the free-space reserve is checked on.
    private let directory: String
    /// When a check last found far more free space than the reserve.
    private let plentyOfSpaceSince = Mutex<ContinuousClock.Instant?>(nil)

    public convenience init(path: String, capacity: Int = 100_000, minimumFreeSpace: UInt64 = 0) throws(StorageError) {
        try self.init(path: path, capacity: capacity, minimumFreeSpace: minimumFreeSpace, checkpointAt: 1000, restartLogAt: 8000)
    }

    /// Content from this size on goes to the spool when its store shares a commit. A
    /// message of 16 KiB is five pages of the log; smaller ones gain too little for the
    /// spool's own write and sync.
    static let defaultSpoolThreshold = 16 << 10

    /// Content from this size on goes to the spool when its store is alone in its commit
    /// and the database's sync does not cover the spool's writes. The spool's sync then
    /// comes on top of the commit's; from 128 KiB the second copy of a blob (the
    /// checkpoint's) costs more than that, in CPU and in time.
    static let defaultSpoolAloneThreshold = 128 << 10

    /// - Parameters:
    ///   - checkpointAt: log frames after which a checkpoint runs beside the writer.
    ///   - restartLogAt: log frames after which the writer copies the rest itself, so
    ///     that the log starts over.
    ///   - inlineCommitLimit: how long the last commit may have taken for a store to be
    ///     committed on the thread that submits it (``GroupCommitWriter``).
    ///   - spoolThreshold: content from this size on goes to the spool when its store
    ///     shares a commit; `Int.max` keeps all content in the database.
    ///   - spoolAloneThreshold: the same for a store alone in its commit, where the
    ///     database's sync does not cover the spool's writes.
    ///   - segmentSize: octets after which the spool starts a new segment.
    ///   - spoolSyncsMayBeCovered: false gives every segment written a sync of its own,
    ///     even where the database's sync would cover it (``ContentSpool/syncCovers(spool:database:)``).
    init(
        path: String, capacity: Int, minimumFreeSpace: UInt64, checkpointAt: Int, restartLogAt: Int,
        inlineCommitLimit: Duration = GroupCommitWriter.defaultInlineCommitLimit,
        spoolThreshold: Int = defaultSpoolThreshold, spoolAloneThreshold: Int = defaultSpoolAloneThreshold,
        segmentSize: Int = 16 << 20, spoolSyncsMayBeCovered: Bool = true
    ) throws(StorageError) {
        self.path = path
        self.capacity = capacity
        self.minimumFreeSpace = minimumFreeSpace
        let directory = (path as NSString).deletingLastPathComponent
        self.directory = directory.isEmpty ? "." : directory
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // Debian's SQLite zeroes every page it frees, so removing a finished message
            // wrote its content to the log and the database file once more. FAST zeroes
            // deleted rows inside pages that are written anyway, and leaves freed pages as
            // a file system leaves the blocks of a deleted spool file.
            try db.execute(sql: "PRAGMA secure_delete = FAST")
        }
        spool = try ContentSpool(
            directory: path + "-content", threshold: spoolThreshold, aloneThreshold: max(spoolThreshold, spoolAloneThreshold),
            segmentSize: segmentSize, reserve: minimumFreeSpace,
            databaseDirectory: spoolSyncsMayBeCovered ? self.directory : nil
        )
        do {
            // Every commit is synced before it returns (WAL alone only protects against
            // corruption, not against losing the last commits on power loss).
            pool = try DatabasePool.durable(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            checkpointer = try WALCheckpointer(path: path, threshold: checkpointAt, restartThreshold: restartLogAt)
            pool.writeWithoutTransaction { [checkpointer] db in checkpointer.attach(to: db) }
            writer = GroupCommitWriter(
                pool: pool, inlineCommitLimit: inlineCommitLimit, beforeTransaction: { [spool] in spool.discardUncommitted() },
                beforeCommit: { [spool] in try spool.syncAppended() },
                whenClosed: { [checkpointer] db in checkpointer.detach(from: db) }
            )
        } catch {
            throw StorageError(.failed, "opening \(path): \(error)")
        }
    }

    /// Readies the content spool for a server that is starting: it takes the spool's lock,
    /// which its purges need to remove and recycle segments no message points at any
    /// longer. Commands that only read the queue do not call it.
    public func prepareForServing() {
        spool.takeLockIfFree()
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("queue-1") { db in
            try db.execute(sql: """
                CREATE TABLE message (
                    id TEXT PRIMARY KEY NOT NULL,
                    received_at REAL NOT NULL,
                    mail_command TEXT NOT NULL,
                    client_name TEXT NOT NULL,
                    client_address TEXT NOT NULL,
                    authenticated_user TEXT,
                    protocol TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    content BLOB NOT NULL
                );
                CREATE TABLE recipient (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    message_id TEXT NOT NULL REFERENCES message(id) ON DELETE CASCADE,
                    rcpt_command TEXT NOT NULL,
                    mailbox TEXT NOT NULL,
                    route TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    lease_owner TEXT,
                    lease_expires_at REAL,
                    last_result TEXT,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX recipient_due ON recipient(route, state, next_attempt_at);
                CREATE INDEX recipient_message ON recipient(message_id);
                """)
        }
        migrator.registerMigration("queue-2-attempts") { db in
            try db.execute(sql: """
                CREATE TABLE attempt (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    recipient_id INTEGER NOT NULL REFERENCES recipient(id) ON DELETE CASCADE,
                    message_id TEXT NOT NULL REFERENCES message(id) ON DELETE CASCADE,
                    time REAL NOT NULL,
                    host TEXT NOT NULL,
                    address TEXT,
                    tls INTEGER NOT NULL,
                    result TEXT NOT NULL,
                    transcript TEXT NOT NULL
                );
                CREATE INDEX attempt_message ON attempt(message_id);
                """)
        }
        migrator.registerMigration("queue-3-delay-notice") { db in
            try db.execute(sql: "ALTER TABLE recipient ADD COLUMN delay_notified INTEGER NOT NULL DEFAULT 0")
        }
        // The capacity check counts open messages on every store; by state first, it reads
        // only the open recipients instead of every recipient the queue has ever held.
        migrator.registerMigration("queue-4-open-index") { db in
            try db.execute(sql: "CREATE INDEX recipient_open ON recipient(state, message_id)")
        }
        // Finished messages are removed oldest first.
        migrator.registerMigration("queue-5-received-index") { db in
            try db.execute(sql: "CREATE INDEX message_received ON message(received_at)")
        }
        // One index by state serves the claims, the count of open messages and every update
        // by state, and each store or change of state writes one index page fewer. With
        // `route` first, the claims had needed `recipient_due` and the count `recipient_open`.
        migrator.registerMigration("queue-6-state-index") { db in
            try db.execute(sql: """
                DROP INDEX recipient_due;
                DROP INDEX recipient_open;
                CREATE INDEX recipient_state ON recipient(state, route, next_attempt_at, message_id);
                """)
        }
        // Removing a recipient (with its message) makes SQLite look for the attempts that
        // name it, to remove them too; without an index that read every attempt the queue
        // held, for every recipient removed.
        migrator.registerMigration("queue-7-attempt-recipient-index") { db in
            try db.execute(sql: "CREATE INDEX attempt_recipient ON attempt(recipient_id)")
        }
        // Content in the spool: its segment and offset, `content` empty. The index holds
        // only those messages, for the purge's question which segments are still needed.
        migrator.registerMigration("queue-8-content-spool") { db in
            try db.execute(sql: """
                ALTER TABLE message ADD COLUMN content_segment INTEGER;
                ALTER TABLE message ADD COLUMN content_offset INTEGER;
                CREATE INDEX message_content_segment ON message(content_segment) WHERE content_segment IS NOT NULL;
                """)
        }
        return migrator
    }

    /// Messages with at least one unfinished recipient.
    static let openMessageCountQuery = "SELECT COUNT(DISTINCT message_id) FROM recipient WHERE state IN (\(RecipientState.unfinishedSQLList))"

    /// Messages with unfinished recipients, counted at most once a second: the count reads
    /// every open recipient, which with a backlog of many thousands would cost more than
    /// the store itself. Stores since the count are added to it; deliveries finished since
    /// are seen at the next count, so near capacity the queue refuses up to a second early.
    /// Used on the commit thread only.
    private final class OpenMessageCount: Sendable {
        private let known = Mutex<(count: Int, readAt: ContinuousClock.Instant)?>(nil)

        func count(in db: Database) throws -> Int {
            if let known = known.withLock({ $0 }), ContinuousClock.now - known.readAt < .seconds(1) { return known.count }
            let count = try Int.fetchOne(db.cachedStatement(sql: SQLiteMessageStore.openMessageCountQuery)) ?? 0
            known.withLock { $0 = (count, .now) }
            return count
        }

        func stored(_ count: Int) {
            known.withLock { $0?.count = count }
        }
    }

    public func store(_ message: IncomingMessage) async throws(StorageError) {
        let result = await withCheckedContinuation { continuation in
            store(message) { continuation.resume(returning: $0) }
        }
        try result.get()
    }

    /// Stores `message` through the group commit and calls `completion` once the
    /// transaction holding it is on disk: from the commit thread, or, when nothing else was
    /// being committed, from the calling thread before this returns, having committed it
    /// there. The caller (an event loop) needs no task of its own.
    public func store(_ message: IncomingMessage, completion: @escaping @Sendable (Result<Void, StorageError>) -> Void) {
        do {
            try checkFreeSpace()
        } catch {
            completion(.failure(error))
            return
        }
        let capacity = self.capacity
        writer.submit({ [openMessages, writer, spool] db in
            let open = try openMessages.count(in: db)
            if open >= capacity { throw StorageError(.queueFull, "queue holds \(open) messages (capacity \(capacity))") }
            let envelope = message.envelope
            let spooled = spool.accepts(message.content.count, sharingCommit: writer.sharesCommit) ? try spool.append(message.content) : nil
            try db.cachedStatement(
                sql: """
                    INSERT INTO message (
                        id, received_at, mail_command, client_name, client_address, authenticated_user, protocol, size, content,
                        content_segment, content_offset)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).executeBound(
                [
                    .text(message.id.rawValue), .real(message.receivedAt),
                    .text(Command.mail(envelope.reversePath, envelope.mailParameters).line),
                    .text(envelope.clientName), .text(message.clientAddress), .text(envelope.authenticatedUser),
                    .text(envelope.receivedProtocol), .integer(Int64(message.content.count)),
                    .blob(spooled == nil ? message.content : []),
                    spooled.map { .integer($0.segment) } ?? .null, spooled.map { .integer($0.offset) } ?? .null,
                ],
                in: db
            )
            for delivery in message.deliveries {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO recipient (message_id, rcpt_command, mailbox, route, state, next_attempt_at, updated_at)
                        VALUES (?, ?, ?, ?, 'queued', ?, ?)
                        """
                ).executeBound(
                    [
                        .text(message.id.rawValue),
                        .text(Command.recipient(delivery.recipient.forwardPath, delivery.recipient.parameters).line),
                        .text(delivery.mailbox.description), .text(delivery.route.rawValue), .real(message.receivedAt), .real(message.receivedAt),
                    ],
                    in: db
                )
            }
            openMessages.stored(open + 1)
        }, mayCommitHere: true, completion: { [id = message.id] result in
            completion(result.mapError { Self.storageError($0, doing: "storing \(id)") })
        })
    }

    public func claimDeliveries(route: DeliveryRoute, limit: Int, now: Double, leaseDuration: Double, owner: String) async throws(StorageError) -> [DeliveryClaim] {
        do {
            // A lease lost in a crash is no loss: at start-up every lease is released anyway.
            return try await writer.write(needsSync: false, returning: { db in
                let rows = try Row.fetchAll(db.cachedStatement(sql: Self.claimQuery), arguments: [route.rawValue, now, route.rawValue, now, limit])
                var claims = [DeliveryClaim]()
                // Columns by position, in the order `claimQuery` selects them: looking a
                // column up by name compares it with every column's name, case-insensitively.
                for row in rows {
                    let id: Int64 = row[0]
                    try db.cachedStatement(
                        sql: "UPDATE recipient SET state = 'in-flight', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?"
                    ).executeBound([.text(owner), .real(now + leaseDuration), .real(now), .integer(id)], in: db)
                    if let claim = DeliveryClaim(
                        recipientID: id, messageID: row[1], mailbox: row[2], mailCommand: row[7], rcptCommand: row[4],
                        attempts: row[3] as Int + 1, receivedAt: row[8], lastResult: row[5], delayNotified: row[6]
                    ) {
                        claims.append(claim)
                    }
                }
                return claims
            })
        } catch {
            throw Self.storageError(error, doing: "claiming deliveries")
        }
    }

    /// The recipients due for delivery on one route. Each state is its own range search on
    /// `recipient_state` (state, route, next_attempt_at): one `OR` over the states would make
    /// SQLite read every recipient of the route ever queued, delivered ones included.
    ///
    /// The claim reads its columns by position: a change of this list changes it too.
    static let claimQuery = """
        SELECT r.id, r.message_id, r.mailbox, r.attempts, r.rcpt_command, r.last_result, r.delay_notified, m.mail_command, m.received_at
        FROM recipient r JOIN message m ON m.id = r.message_id
        WHERE r.id IN (
            SELECT id FROM recipient WHERE route = ? AND state IN ('queued', 'deferred') AND next_attempt_at <= ?
            UNION ALL
            SELECT id FROM recipient WHERE route = ? AND state = 'in-flight' AND lease_expires_at <= ?)
        ORDER BY r.next_attempt_at LIMIT ?
        """

    /// Finished messages received before a cutoff, oldest first, at most a limit of them;
    /// their recipients and attempts go with them (`ON DELETE CASCADE`).
    static let purgeQuery = """
        DELETE FROM message WHERE id IN (
            SELECT m.id FROM message m WHERE m.received_at < ? AND NOT EXISTS (
                SELECT 1 FROM recipient r WHERE r.message_id = m.id AND r.state IN (\(RecipientState.unfinishedSQLList)))
            ORDER BY m.received_at LIMIT ?)
        """

    /// Removes messages all of whose recipients are delivered or bounced and that were
    /// received before `cutoff`, at most `limit` at a time; returns how many went.
    ///
    /// Then the spool's segments no message points at any longer are removed, after the
    /// commit (a removal that the transaction's rollback could not undo would lose the
    /// content of the messages it brought back). Segments mostly dead, whose few messages
    /// still wait for delivery, have those messages' content moved into the database
    /// first, so that one long-deferred message cannot keep a whole segment on disk.
    public func purgeFinished(receivedBefore cutoff: Double, limit: Int = 1000) async throws(StorageError) -> Int {
        do {
            let (removed, unreferencedBelow, referenced) = try await writer.write(returning: { [spool] db in
                try db.execute(sql: Self.purgeQuery, arguments: [cutoff, limit])
                let removed = db.changesCount
                let firstOpen = spool.firstOpenSegment
                try Self.moveContentOutOfSparseSegments(below: firstOpen, spool: spool, db: db)
                let referenced = try Set(Int64.fetchAll(db, sql: Self.spoolSegmentsQuery))
                return (removed, firstOpen, referenced)
            })
            spool.removeSegments(below: unreferencedBelow, except: referenced)
            return removed
        } catch {
            throw Self.storageError(error, doing: "removing finished messages")
        }
    }

    /// The segments messages point at; from the partial index, which holds only those.
    static let spoolSegmentsQuery = "SELECT DISTINCT content_segment FROM message WHERE content_segment IS NOT NULL"

    /// The octets still pointed at in each segment below a number.
    static let liveSpoolQuery = "SELECT content_segment, SUM(size) AS live FROM message WHERE content_segment < ? GROUP BY content_segment"

    /// Content moved out of sparse segments per purge: bounds how long the purge holds the
    /// commit thread.
    static let contentMovedPerPurge: Int64 = 16 << 20

    /// Moves into the database the content still in segments (below `limit`) of which less
    /// than a quarter is still pointed at.
    private static func moveContentOutOfSparseSegments(below limit: Int64, spool: ContentSpool, db: Database) throws {
        let sizes = spool.segmentSizes(below: limit)
        guard !sizes.isEmpty else { return }
        let live = try Row.fetchAll(db, sql: liveSpoolQuery, arguments: [limit])
        var budget = contentMovedPerPurge
        for row in live {
            let segment: Int64 = row["content_segment"]
            let liveOctets: Int64 = row["live"]
            guard let size = sizes[segment], liveOctets * 4 < size, liveOctets <= budget else { continue }
            budget -= liveOctets
            let messages = try Row.fetchAll(
                db, sql: "SELECT id, content_offset, size FROM message WHERE content_segment = ?", arguments: [segment]
            )
            for message in messages {
                let location = ContentSpool.Location(segment: segment, offset: message["content_offset"])
                let content = try spool.read(location, count: message["size"])
                try db.cachedStatement(sql: "UPDATE message SET content = ?, content_segment = NULL, content_offset = NULL WHERE id = ?")
                    .executeBound([.blob(content), .text(message["id"])], in: db)
            }
        }
    }

    public func content(of message: QueueID) async throws(StorageError) -> [UInt8]? {
        // A purge may move the content into the database, or remove the message, between
        // the read of its row and the read of its segment: the row read again says so.
        // Content read from a segment counts only if the row still points at it afterwards:
        // a segment is made a spare, and written over, only once no row points at it, and
        // after a restart a new segment may take a removed one's number.
        var tries = 0
        while true {
            switch try await storedContent(of: message) {
            case nil: return nil
            case .inDatabase(let content): return content
            case .inSpool(let location, let count):
                if let gap = betweenRowAndSegment.withLock({ $0 }) { await gap() }
                do throws(StorageError) {
                    let content = try await segmentContent(at: location, count: count)
                    if case .inSpool(location, _)? = try await storedContent(of: message) { return content }
                } catch {
                    tries += 1
                    if tries == 2 { throw StorageError(error.kind, "reading \(message): \(error.detail)") }
                }
            }
        }
    }

    /// Reads from a segment on one of the pool's readers: segments are written past the
    /// page cache, so the read goes to the disk, and the caller may be an event loop.
    private func segmentContent(at location: ContentSpool.Location, count: Int) async throws(StorageError) -> [UInt8] {
        do {
            return try await pool.read { [spool] _ in try spool.read(location, count: count) }
        } catch let error as StorageError {
            throw error
        } catch {
            throw Self.storageError(error, doing: "reading segment \(location.segment)")
        }
    }

    private enum StoredContent: Sendable {
        case inDatabase([UInt8])
        case inSpool(ContentSpool.Location, count: Int)
    }

    /// Asynchronous even for one row by its key: GRDB gives a reader back to the pool only
    /// once the task that read with it runs again. A read that waited on an event loop's
    /// thread for a reader, while the tasks holding every reader wait to run on that loop,
    /// would wait for ever (`EventLoopTaskExecutorTests`).
    private func storedContent(of message: QueueID) async throws(StorageError) -> StoredContent? {
        do {
            return try await pool.read { db -> StoredContent? in
                guard let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT content, content_segment, content_offset, size FROM message WHERE id = ?"),
                    arguments: [message.rawValue]
                ) else { return nil }
                guard let segment: Int64 = row["content_segment"] else { return .inDatabase([UInt8](row["content"] as Data)) }
                return .inSpool(ContentSpool.Location(segment: segment, offset: row["content_offset"]), count: row["size"])
            }
        } catch {
            throw Self.storageError(error, doing: "reading \(message)")
        }
    }

    public func finish(_ claim: DeliveryClaim, outcome: DeliveryOutcome, now: Double) async throws(StorageError) {
        try await record([DeliveryRecord(claim: claim, outcome: outcome)], now: now)
    }

    public func recordAttempt(_ attempt: DeliveryAttempt, for claim: DeliveryClaim) async throws(StorageError) {
        try await record([DeliveryRecord(claim: claim, attempt: attempt)], now: attempt.time)
    }

    /// Writes `records` without a sync of their own: they reach the disk with the next
    /// store's or checkpoint's. A record lost in a crash means that delivery is made again,
    /// as after a crash between a delivery and its record; a purge, which lets a segment be
    /// written over, is synced and so carries every record before it.
    public func record(_ records: [DeliveryRecord], now: Double) async throws(StorageError) {
        do {
            try await writer.write(needsSync: false) { db in
                for record in records {
                    if let attempt = record.attempt {
                        try db.cachedStatement(
                            sql: "INSERT INTO attempt (recipient_id, message_id, time, host, address, tls, result, transcript) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        ).executeBound([
                            .integer(record.claim.recipientID), .text(record.claim.messageID.rawValue), .real(attempt.time), .text(attempt.host),
                            .text(attempt.address), .integer(attempt.usedTLS ? 1 : 0), .text(attempt.result), .text(attempt.transcript),
                        ], in: db)
                    }
                    if let outcome = record.outcome {
                        let (state, detail, next) = outcome.recipientUpdate(now: now)
                        try db.cachedStatement(
                            sql: """
                                UPDATE recipient SET state = ?, last_result = ?, next_attempt_at = ?, lease_owner = NULL,
                                    lease_expires_at = NULL, updated_at = ? WHERE id = ?
                                """
                        ).executeBound([.text(state.rawValue), .text(detail), .real(next), .real(now), .integer(record.claim.recipientID)], in: db)
                    }
                }
            }.get()
        } catch {
            throw Self.storageError(error, doing: "recording the delivery of \(records.first?.claim.messageID.rawValue ?? "nothing")")
        }
    }

    /// At start-up SQLite's queue belongs to this process alone (`owner` nil): deliveries a
    /// crash interrupted are resumed at once instead of after their lease expires (one of
    /// them may then arrive twice).
    @discardableResult
    public func releaseLeases(owner: String? = nil, now: Double) async throws(StorageError) -> Int {
        do {
            return try await writer.write(returning: { db in
                let release = "UPDATE recipient SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = ?, updated_at = ? WHERE state = 'in-flight'"
                if let owner {
                    try db.execute(sql: release + " AND lease_owner = ?", arguments: [now, now, owner])
                } else {
                    try db.execute(sql: release, arguments: [now, now])
                }
                return db.changesCount
            })
        } catch {
            throw Self.storageError(error, doing: "releasing leases")
        }
    }

    public func renewLeases(owner: String, until: Double) async throws(StorageError) -> Int {
        do {
            return try await writer.write(returning: { db in
                try db.cachedStatement(sql: "UPDATE recipient SET lease_expires_at = ? WHERE state = 'in-flight' AND lease_owner = ?")
                    .execute(arguments: [until, owner])
                return db.changesCount
            })
        } catch {
            throw Self.storageError(error, doing: "renewing leases")
        }
    }

    public func markDelayNotified(_ claims: [DeliveryClaim]) async throws(StorageError) {
        let ids = claims.map(\.recipientID)
        do {
            try await writer.write(returning: { db in
                for id in ids {
                    try db.execute(sql: "UPDATE recipient SET delay_notified = 1 WHERE id = ?", arguments: [id])
                }
            })
        } catch {
            throw Self.storageError(error, doing: "recording a delay notice")
        }
    }

    public func attempts(for message: QueueID) async throws(StorageError) -> [(mailbox: String, attempt: DeliveryAttempt)] {
        do {
            return try await pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT a.*, r.mailbox FROM attempt a JOIN recipient r ON r.id = a.recipient_id WHERE a.message_id = ? ORDER BY a.id",
                    arguments: [message.rawValue]
                ).map { row in
                    (row["mailbox"] as String, DeliveryAttempt(
                        time: row["time"], host: row["host"], address: row["address"], usedTLS: row["tls"],
                        result: row["result"], transcript: row["transcript"]
                    ))
                }
            }
        } catch {
            throw Self.storageError(error, doing: "reading attempts of \(message)")
        }
    }

    public func recipientCounts() async throws(StorageError) -> [RecipientState: Int] {
        do {
            return try await pool.read { db in
                var counts = [RecipientState: Int]()
                for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM recipient GROUP BY state") {
                    if let state = RecipientState(rawValue: row["state"]) { counts[state] = row["n"] }
                }
                return counts
            }
        } catch {
            throw Self.storageError(error, doing: "counting recipients")
        }
    }

    public func messageCount() async throws(StorageError) -> Int {
        do {
            return try await pool.read { db in
                try Int.fetchOne(db, sql: Self.openMessageCountQuery) ?? 0
            }
        } catch {
            throw Self.storageError(error, doing: "counting messages")
        }
    }

    /// Refuses new mail while the file system holding the queue has less than the reserve.
    private func checkFreeSpace() throws(StorageError) {
        guard minimumFreeSpace > 0 else { return }
        // Far above the reserve a check a second is enough; near it, every store looks.
        if let plenty = plentyOfSpaceSince.withLock({ $0 }), ContinuousClock.now - plenty < .seconds(1) { return }
        var stats = statvfs()
        guard statvfs(directory, &stats) == 0 else { return }
        let free = UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
        if free < minimumFreeSpace {
            throw StorageError(.insufficientSpace, "\(free) bytes free, reserve is \(minimumFreeSpace)")
        }
        plentyOfSpaceSince.withLock { $0 = free - minimumFreeSpace > Self.plentyAboveReserve ? .now : nil }
    }

    /// Free space beyond the reserve that a second of stores cannot use up.
    private static let plentyAboveReserve: UInt64 = 1 << 30

    private static func storageError(_ error: any Error, doing action: String) -> StorageError {
        if let error = error as? StorageError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL: return StorageError(.insufficientSpace, "\(action): \(error.message ?? "database or disk is full")")
            case .SQLITE_BUSY, .SQLITE_LOCKED: return StorageError(.unavailable, "\(action): \(error.message ?? "database is busy")")
            case .SQLITE_CONSTRAINT where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY || error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE:
                return StorageError(.duplicateID, "\(action): \(error.message ?? "queue ID exists")")
            case .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_READONLY:
                return StorageError(.failed, "\(action): \(error.message ?? "I/O error") (\(error.extendedResultCode))")
            default: break
            }
        }
        return StorageError(.failed, "\(action): \(error)")
    }
}
