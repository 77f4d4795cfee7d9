import MailQueue
import PostgresNIO

extension PostgresMessageStore: QueueInspection {
    public func messages(inStates states: Set<RecipientState>, limit: Int) async throws(StorageError) -> [QueuedMessage] {
        let wanted = (states.isEmpty ? Set(RecipientState.allCases) : states).map(\.rawValue)
        return try await database("listing the queue", within: timeout, on: pool) { [self] client in
            let rows = try await client.query(
                """
                SELECT m.id FROM message m WHERE EXISTS (
                    SELECT 1 FROM recipient r WHERE r.message_id = m.id AND r.state = ANY(\(wanted)))
                ORDER BY m.received_at DESC LIMIT \(limit)
                """,
                logger: logger
            )
            var ids: [String] = []
            for try await id in rows.decode(String.self) { ids.append(id) }
            var messages: [QueuedMessage] = []
            for id in ids {
                if let queueID = QueueID(rawValue: id), let message = try await queuedMessage(queueID, on: client) { messages.append(message) }
            }
            return messages
        }
    }

    public func message(_ id: QueueID) async throws(StorageError) -> QueuedMessage? {
        return try await database("reading \(id)", within: timeout, on: pool) { [self] client in
            return try await queuedMessage(id, on: client)
        }
    }

    private func queuedMessage(_ id: QueueID, on client: PostgresClient) async throws -> QueuedMessage? {
        let header = try await client.query(
            """
            SELECT received_at, mail_command, client_name, client_address, authenticated_user, size
            FROM message WHERE id = \(id.rawValue)
            """,
            logger: logger
        )
        var found: (Double, String, String, String, String?, Int32)?
        for try await row in header.decode((Double, String, String, String, String?, Int32).self) { found = row }
        guard let (receivedAt, mailCommand, clientName, clientAddress, user, size) = found else { return nil }
        let rows = try await client.query(
            """
            SELECT mailbox, rcpt_command, route, state, attempts, next_attempt_at, last_result
            FROM recipient WHERE message_id = \(id.rawValue) ORDER BY id
            """,
            logger: logger
        )
        var recipients: [QueuedRecipient] = []
        for try await (mailbox, rcpt, route, state, attempts, next, last) in rows.decode((String, String, String, String, Int32, Double, String?).self) {
            recipients.append(QueuedRecipient(
                mailbox: mailbox, rcptCommand: rcpt, route: DeliveryRoute(rawValue: route) ?? .local,
                state: RecipientState(rawValue: state) ?? .queued, attempts: Int(attempts), nextAttemptAt: next, lastResult: last
            ))
        }
        return QueuedMessage(
            id: id, receivedAt: receivedAt, mailCommand: mailCommand, sender: QueuedMessage.sender(ofMailCommand: mailCommand), clientName: clientName,
            clientAddress: clientAddress, authenticatedUser: user, size: Int(size), recipients: recipients
        )
    }

    public func retry(_ id: QueueID?, now: Double) async throws(StorageError) -> Int {
        if let id {
            return try await count("retrying", """
                UPDATE recipient SET next_attempt_at = \(now), updated_at = \(now)
                WHERE message_id = \(id.rawValue) AND state IN ('queued', 'deferred') RETURNING id
                """)
        }
        return try await count("retrying", """
            UPDATE recipient SET next_attempt_at = \(now), updated_at = \(now) WHERE state IN ('queued', 'deferred') RETURNING id
            """)
    }

    public func hold(_ id: QueueID, now: Double) async throws(StorageError) -> Int {
        try await count("holding", """
            UPDATE recipient SET state = 'held', updated_at = \(now)
            WHERE message_id = \(id.rawValue) AND state IN ('queued', 'deferred') RETURNING id
            """)
    }

    public func release(_ id: QueueID, now: Double) async throws(StorageError) -> Int {
        try await count("releasing", """
            UPDATE recipient SET state = 'queued', next_attempt_at = \(now), updated_at = \(now)
            WHERE message_id = \(id.rawValue) AND state = 'held' RETURNING id
            """)
    }

    public func delete(_ id: QueueID) async throws(StorageError) -> Bool {
        try await count("deleting", "DELETE FROM message WHERE id = \(id.rawValue) RETURNING id") > 0
    }

    private func count(_ action: String, _ query: PostgresQuery) async throws(StorageError) -> Int {
        try await update(action, query)
    }
}
