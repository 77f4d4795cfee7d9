import Foundation
import GRDB

extension SQLiteMessageStore: QueueInspection {
    public func messages(inStates states: Set<RecipientState>, limit: Int) async throws(StorageError) -> [QueuedMessage] {
        let wanted = states.isEmpty ? RecipientState.allCases : Array(states)
        do {
            return try await pool.read { db in
                let ids = try String.fetchAll(
                    db, sql: Self.listQuery(states: wanted), arguments: StatementArguments(wanted.map(\.rawValue) + [String(limit)])
                )
                return try ids.compactMap { try Self.queuedMessage(id: $0, db: db) }
            }
        } catch {
            throw StorageError(.failed, "listing the queue: \(error)")
        }
    }

    /// The newest messages with a recipient in one of `states`. Delivered and bounced
    /// recipients are most of a queue that keeps finished mail for a day, so a list that
    /// includes them walks the messages from the newest and stops at the limit; a list of
    /// unfinished states starts from those recipients (`recipient_state`) instead, which
    /// walking the messages would reach only after every finished one.
    static func listQuery(states: [RecipientState]) -> String {
        let placeholders = states.map { _ in "?" }.joined(separator: ",")
        if states.contains(where: \.isFinal) {
            return """
                SELECT m.id FROM message m WHERE EXISTS (
                    SELECT 1 FROM recipient r WHERE r.message_id = m.id AND r.state IN (\(placeholders)))
                ORDER BY m.received_at DESC LIMIT ?
                """
        }
        return """
            SELECT m.id FROM message m WHERE m.id IN (SELECT message_id FROM recipient WHERE state IN (\(placeholders)))
            ORDER BY m.received_at DESC LIMIT ?
            """
    }

    public func message(_ id: QueueID) async throws(StorageError) -> QueuedMessage? {
        do {
            return try await pool.read { db in try Self.queuedMessage(id: id.rawValue, db: db) }
        } catch {
            throw StorageError(.failed, "reading \(id): \(error)")
        }
    }

    static func queuedMessage(id: String, db: Database) throws -> QueuedMessage? {
        guard let row = try Row.fetchOne(
            db,
            sql: "SELECT id, received_at, mail_command, client_name, client_address, authenticated_user, size FROM message WHERE id = ?",
            arguments: [id]
        ), let queueID = QueueID(rawValue: row["id"]) else { return nil }
        let recipients = try Row.fetchAll(
            db,
            sql: "SELECT mailbox, rcpt_command, route, state, attempts, next_attempt_at, last_result FROM recipient WHERE message_id = ? ORDER BY id",
            arguments: [id]
        ).map { row in
            QueuedRecipient(
                mailbox: row["mailbox"], rcptCommand: row["rcpt_command"],
                route: DeliveryRoute(rawValue: row["route"]) ?? .local, state: RecipientState(rawValue: row["state"]) ?? .queued,
                attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"], lastResult: row["last_result"]
            )
        }
        let mailCommand: String = row["mail_command"]
        return QueuedMessage(
            id: queueID, receivedAt: row["received_at"], mailCommand: mailCommand, sender: QueuedMessage.sender(ofMailCommand: mailCommand),
            clientName: row["client_name"], clientAddress: row["client_address"], authenticatedUser: row["authenticated_user"],
            size: row["size"], recipients: recipients
        )
    }

    public func retry(_ id: QueueID?, now: Double) async throws(StorageError) -> Int {
        try await update("retrying") { db in
            if let id {
                try db.execute(
                    sql: "UPDATE recipient SET next_attempt_at = ?, updated_at = ? WHERE message_id = ? AND state IN ('queued', 'deferred')",
                    arguments: [now, now, id.rawValue]
                )
            } else {
                try db.execute(sql: "UPDATE recipient SET next_attempt_at = ?, updated_at = ? WHERE state IN ('queued', 'deferred')", arguments: [now, now])
            }
            return db.changesCount
        }
    }

    public func hold(_ id: QueueID, now: Double) async throws(StorageError) -> Int {
        try await update("holding") { db in
            // An in-flight delivery finishes; its recipient is held only if it is deferred again.
            try db.execute(
                sql: "UPDATE recipient SET state = 'held', updated_at = ? WHERE message_id = ? AND state IN ('queued', 'deferred')",
                arguments: [now, id.rawValue]
            )
            return db.changesCount
        }
    }

    public func release(_ id: QueueID, now: Double) async throws(StorageError) -> Int {
        try await update("releasing") { db in
            try db.execute(
                sql: "UPDATE recipient SET state = 'queued', next_attempt_at = ?, updated_at = ? WHERE message_id = ? AND state = 'held'",
                arguments: [now, now, id.rawValue]
            )
            return db.changesCount
        }
    }

    public func delete(_ id: QueueID) async throws(StorageError) -> Bool {
        try await update("deleting") { db in
            try db.execute(sql: "DELETE FROM message WHERE id = ?", arguments: [id.rawValue])
            return db.changesCount
        } > 0
    }

    private func update(_ action: String, _ body: @escaping @Sendable (Database) throws -> Int) async throws(StorageError) -> Int {
        do {
            return try await writer.write(returning: body)
        } catch {
            throw StorageError(.failed, "\(action): \(error)")
        }
    }
}
