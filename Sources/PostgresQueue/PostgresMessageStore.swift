import Foundation
import Logging
import MailQueue
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO
import SMTPCore

/// The queue in PostgreSQL, shared by every Postamt node that points at the same database.
///
/// Each write is one transaction; the server answers 250 only after the transaction holding
/// the message has committed. Deliveries are leased with `FOR UPDATE SKIP LOCKED` and an
/// expiry: two nodes never claim the same recipient at once, and the lease of a node that
/// died runs out and another node takes the delivery over.
public final class PostgresMessageStore: MessageStore, Sendable {
    let pool: ReplaceableClient
    let logger: Logger
    /// Messages with unfinished recipients beyond which new mail is refused (452 4.3.1).
    /// The count is read at most once a second and counted on locally in between, so that
    /// a large queue does not cost a scan per message; nodes together may overshoot by
    /// what they accept within that second.
    public let capacity: Int
    private let openMessages = NIOLockedValueBox<(count: Int, readAt: ContinuousClock.Instant)?>(nil)
    /// How long a store may wait for the database before it fails as unavailable.
    let timeout: Duration

    /// A store on a running client whose schema is migrated (see ``PostgresQueue``).
    init(pool: ReplaceableClient, capacity: Int, timeout: Duration, logger: Logger) {
        self.pool = pool
        self.capacity = capacity
        self.timeout = timeout
        self.logger = logger
    }

    static let openStates = RecipientState.unfinishedSQLList

    public func store(_ message: IncomingMessage) async throws(StorageError) {
        let envelope = message.envelope
        let mailCommand = Command.mail(envelope.reversePath, envelope.mailParameters).line
        let content = ByteBuffer(bytes: message.content)
        let size = message.content.count
        let known = openMessages.withLockedValue { known -> Int? in
            guard let known, ContinuousClock.now - known.readAt < .seconds(1) else { return nil }
            return known.count
        }
        let rcptCommands = message.deliveries.map { Command.recipient($0.recipient.forwardPath, $0.recipient.parameters).line }
        let mailboxes = message.deliveries.map(\.mailbox.description)
        let routes = message.deliveries.map(\.route.rawValue)
        try await database("storing \(message.id)", within: timeout, on: pool) { [logger, capacity, openMessages] client in
            if known == nil {
                let open = Int(try await client.query(
                    PostgresQuery(unsafeSQL: "SELECT COUNT(DISTINCT message_id)::BIGINT FROM recipient WHERE state IN (\(Self.openStates))"),
                    logger: logger
                ).decode(Int64.self).first { _ in true } ?? 0)
                openMessages.withLockedValue { $0 = (open, .now) }
                if open >= capacity { throw StorageError(.queueFull, "queue holds \(open) messages (capacity \(capacity))") }
            } else if let known, known >= capacity {
                throw StorageError(.queueFull, "queue holds \(known) messages (capacity \(capacity))")
            }
            // One statement for the message and all its recipients, in an explicit transaction:
            // COMMIT answers only once the commit is on disk, which an implicit transaction's
            // INSERT does not promise (its commit happens after the INSERT has answered).
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query(
                """
                WITH stored AS (
                    INSERT INTO message (id, received_at, mail_command, client_name, client_address, authenticated_user, protocol, size, content)
                    VALUES (\(message.id.rawValue), \(message.receivedAt), \(mailCommand), \(envelope.clientName), \(message.clientAddress),
                            \(envelope.authenticatedUser), \(envelope.receivedProtocol), \(size), \(content))
                    RETURNING id)
                INSERT INTO recipient (message_id, rcpt_command, mailbox, route, state, next_attempt_at, updated_at)
                SELECT stored.id, planned.rcpt, planned.mailbox, planned.route, 'queued', \(message.receivedAt), \(message.receivedAt)
                FROM stored, unnest(\(rcptCommands)::text[], \(mailboxes)::text[], \(routes)::text[]) WITH ORDINALITY AS planned(rcpt, mailbox, route, position)
                ORDER BY planned.position
                """,
                logger: logger
                )
            }
        }
        openMessages.withLockedValue { known in known?.count += 1 }
    }

    public func claimDeliveries(route: DeliveryRoute, limit: Int, now: Double, leaseDuration: Double, owner: String) async throws(StorageError) -> [DeliveryClaim] {
        let expires = now + leaseDuration
        return try await database("claiming deliveries", within: timeout, on: pool) { [self] client in
            let rows = try await client.query(
                """
                WITH due AS (
                    SELECT id FROM recipient
                    WHERE route = \(route.rawValue) AND (
                        (state IN ('queued', 'deferred') AND next_attempt_at <= \(now))
                        OR (state = 'in-flight' AND lease_expires_at <= \(now)))
                    ORDER BY next_attempt_at LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                UPDATE recipient r SET state = 'in-flight', lease_owner = \(owner), lease_expires_at = \(expires),
                    attempts = r.attempts + 1, updated_at = \(now)
                FROM due, message m
                WHERE r.id = due.id AND m.id = r.message_id
                RETURNING r.id, r.message_id, r.mailbox, r.attempts, r.rcpt_command, r.last_result, r.delay_notified,
                    m.mail_command, m.received_at, r.next_attempt_at
                """,
                logger: logger
            )
            var claims: [(DeliveryClaim, Double)] = []
            for try await (id, messageText, mailboxText, attempts, rcptText, lastResult, delayNotified, mailText, receivedAt, due)
                in rows.decode((Int64, String, String, Int32, String, String?, Bool, String, Double, Double).self)
            {
                if let claim = DeliveryClaim(
                    recipientID: id, messageID: messageText, mailbox: mailboxText, mailCommand: mailText, rcptCommand: rcptText,
                    attempts: Int(attempts), receivedAt: receivedAt, lastResult: lastResult, delayNotified: delayNotified
                ) {
                    claims.append((claim, due))
                }
            }
            return claims.sorted { $0.1 < $1.1 }.map(\.0)
        }
    }

    public func renewLeases(owner: String, until: Double) async throws(StorageError) -> Int {
        try await update("renewing leases", """
            UPDATE recipient SET lease_expires_at = \(until) WHERE state = 'in-flight' AND lease_owner = \(owner) RETURNING id
            """)
    }

    /// Other nodes share the queue, so only a named owner's leases are released: those of
    /// this node when it stops, so that another node resumes its deliveries at once.
    public func releaseLeases(owner: String?, now: Double) async throws(StorageError) -> Int {
        guard let owner else { return 0 }
        return try await update("releasing leases", """
            UPDATE recipient SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = \(now), updated_at = \(now)
            WHERE state = 'in-flight' AND lease_owner = \(owner) RETURNING id
            """)
    }

    public func content(of message: QueueID) async throws(StorageError) -> [UInt8]? {
        return try await database("reading \(message)", within: timeout, on: pool) { [self] client in
            let rows = try await client.query("SELECT content FROM message WHERE id = \(message.rawValue)", logger: logger)
            for try await buffer in rows.decode(ByteBuffer.self) {
                return Array(buffer.readableBytesView)
            }
            return nil
        }
    }

    public func finish(_ claim: DeliveryClaim, outcome: DeliveryOutcome, now: Double) async throws(StorageError) {
        let (state, detail, next) = outcome.recipientUpdate(now: now)
        try await execute("recording the delivery of \(claim.messageID)", """
            UPDATE recipient SET state = \(state.rawValue), last_result = \(detail), next_attempt_at = \(next),
                lease_owner = NULL, lease_expires_at = NULL, updated_at = \(now)
            WHERE id = \(claim.recipientID)
            """)
    }

    public func markDelayNotified(_ claims: [DeliveryClaim]) async throws(StorageError) {
        let ids = claims.map(\.recipientID)
        try await execute("recording a delay notice", "UPDATE recipient SET delay_notified = TRUE WHERE id = ANY(\(ids))")
    }

    public func recordAttempt(_ attempt: DeliveryAttempt, for claim: DeliveryClaim) async throws(StorageError) {
        try await execute("recording an attempt for \(claim.messageID)", """
            INSERT INTO attempt (recipient_id, message_id, time, host, address, tls, result, transcript)
            VALUES (\(claim.recipientID), \(claim.messageID.rawValue), \(attempt.time), \(attempt.host), \(attempt.address),
                    \(attempt.usedTLS), \(attempt.result), \(attempt.transcript))
            """)
    }

    public func attempts(for message: QueueID) async throws(StorageError) -> [(mailbox: String, attempt: DeliveryAttempt)] {
        return try await database("reading attempts of \(message)", within: timeout, on: pool) { [self] client in
            let rows = try await client.query(
                """
                SELECT r.mailbox, a.time, a.host, a.address, a.tls, a.result, a.transcript
                FROM attempt a JOIN recipient r ON r.id = a.recipient_id WHERE a.message_id = \(message.rawValue) ORDER BY a.id
                """,
                logger: logger
            )
            var result: [(mailbox: String, attempt: DeliveryAttempt)] = []
            for try await (mailbox, time, host, address, tls, outcome, transcript) in rows.decode((String, Double, String, String?, Bool, String, String).self) {
                result.append((mailbox, DeliveryAttempt(time: time, host: host, address: address, usedTLS: tls, result: outcome, transcript: transcript)))
            }
            return result
        }
    }

    public func recipientCounts() async throws(StorageError) -> [RecipientState: Int] {
        return try await database("counting recipients", within: timeout, on: pool) { [self] client in
            var counts = [RecipientState: Int]()
            let rows = try await client.query("SELECT state, COUNT(*)::BIGINT FROM recipient GROUP BY state", logger: logger)
            for try await (state, count) in rows.decode((String, Int64).self) {
                if let state = RecipientState(rawValue: state) { counts[state] = Int(count) }
            }
            return counts
        }
    }

    public func messageCount() async throws(StorageError) -> Int {
        return try await database("counting messages", within: timeout, on: pool) { [self] client in
            let rows = try await client.query(
                PostgresQuery(unsafeSQL: "SELECT COUNT(DISTINCT message_id)::BIGINT FROM recipient WHERE state IN (\(Self.openStates))"),
                logger: logger
            )
            for try await count in rows.decode(Int64.self) { return Int(count) }
            return 0
        }
    }

    public func purgeFinished(receivedBefore cutoff: Double, limit: Int) async throws(StorageError) -> Int {
        return try await database("removing finished messages", within: timeout, on: pool) { [self] client in
            let rows = try await client.query(
                """
                DELETE FROM message WHERE id IN (
                    SELECT m.id FROM message m WHERE m.received_at < \(cutoff) AND NOT EXISTS (
                        SELECT 1 FROM recipient r WHERE r.message_id = m.id AND r.state NOT IN ('delivered', 'bounced'))
                    ORDER BY m.received_at LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                RETURNING id
                """,
                logger: logger
            )
            var count = 0
            for try await _ in rows.decode(String.self) { count += 1 }
            return count
        }
    }

    /// Runs one `… RETURNING id` statement as its own transaction; returns how many rows
    /// it changed.
    func update(_ action: String, _ query: PostgresQuery) async throws(StorageError) -> Int {
        return try await database(action, within: timeout, on: pool) { [logger] client in
            var count = 0
            for try await _ in try await client.query(query, logger: logger) { count += 1 }
            return count
        }
    }

    /// Runs one statement as its own transaction.
    func execute(_ action: String, _ query: PostgresQuery) async throws(StorageError) {
        try await database(action, within: timeout, on: pool) { [logger] client in
            _ = try await client.query(query, logger: logger)
        }
    }
}
