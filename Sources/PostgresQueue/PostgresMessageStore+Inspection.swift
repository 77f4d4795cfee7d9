import MailQueue
import PostgresNIO

extension PostgresMessageStore: QueueInspection {
    public func messages(inStates states: Set<RecipientState>, limit: Int) async throws(StorageError) -> [QueuedMessage] {
        let wanted = (states.isEmpty ? Set(RecipientState.allCases) : states).map(\.rawValue)
        return try await database("listing the queue", within: timeout, on: pool) { [self] client in
            try await queuedMessages(
                """
                SELECT id, received_at, mail_command, client_name, client_address, authenticated_user, size FROM message m
                WHERE EXISTS (SELECT 1 FROM recipient r WHERE r.message_id = m.id AND r.state = ANY(\(wanted)))
                ORDER BY m.received_at DESC LIMIT \(limit)
                """,
                on: client
            )
        }
    }

    public func message(_ id: QueueID) async throws(StorageError) -> QueuedMessage? {
        return try await database("reading \(id)", within: timeout, on: pool) { [self] client in
            try await queuedMessages(
                "SELECT id, received_at, mail_command, client_name, client_address, authenticated_user, size FROM message WHERE id = \(id.rawValue)",
                on: client
            ).first
        }
    }

    /// The messages a query selects (its columns as in ``messages(inStates:limit:)``) with
    /// their recipients: two queries however many messages there are.
    private func queuedMessages(_ query: PostgresQuery, on client: PostgresClient) async throws -> [QueuedMessage] {
        var messages: [QueuedMessage] = []
        for try await (id, receivedAt, mailCommand, clientName, clientAddress, user, size)
            in try await client.query(query, logger: logger).decode((String, Double, String, String, String, String?, Int32).self)
        {
            guard let queueID = QueueID(rawValue: id) else { continue }
            messages.append(QueuedMessage(
                id: queueID, receivedAt: receivedAt, mailCommand: mailCommand, sender: QueuedMessage.sender(ofMailCommand: mailCommand),
                clientName: clientName, clientAddress: clientAddress, authenticatedUser: user, size: Int(size), recipients: []
            ))
        }
        guard !messages.isEmpty else { return [] }
        let ids = messages.map(\.id.rawValue)
        var recipients: [String: [QueuedRecipient]] = [:]
        let rows = try await client.query(
            """
            SELECT message_id, mailbox, rcpt_command, route, state, attempts, next_attempt_at, last_result
            FROM recipient WHERE message_id = ANY(\(ids)) ORDER BY id
            """,
            logger: logger
        )
        for try await (messageID, mailbox, rcpt, route, state, attempts, next, last)
            in rows.decode((String, String, String, String, String, Int32, Double, String?).self)
        {
            recipients[messageID, default: []].append(QueuedRecipient(
                mailbox: mailbox, rcptCommand: rcpt, route: DeliveryRoute(rawValue: route) ?? .local,
                state: RecipientState(rawValue: state) ?? .queued, attempts: Int(attempts), nextAttemptAt: next, lastResult: last
            ))
        }
        for index in messages.indices { messages[index].recipients = recipients[messages[index].id.rawValue] ?? [] }
        return messages
    }

    public func retry(_ id: QueueID?, now: Double) async throws(StorageError) -> Int {
        if let id {
            return try await update("retrying", """
                UPDATE recipient SET next_attempt_at = \(now), updated_at = \(now)
                WHERE message_id = \(id.rawValue) AND state IN ('queued', 'deferred') RETURNING id
                """)
        }
        return try await update("retrying", """
            UPDATE recipient SET next_attempt_at = \(now), updated_at = \(now) WHERE state IN ('queued', 'deferred') RETURNING id
            """)
    }

    public func hold(_ id: QueueID, now: Double) async throws(StorageError) -> Int {
        try await update("holding", """
            UPDATE recipient SET state = 'held', updated_at = \(now)
            WHERE message_id = \(id.rawValue) AND state IN ('queued', 'deferred') RETURNING id
            """)
    }

    public func release(_ id: QueueID, now: Double) async throws(StorageError) -> Int {
        try await update("releasing", """
            UPDATE recipient SET state = 'queued', next_attempt_at = \(now), updated_at = \(now)
            WHERE message_id = \(id.rawValue) AND state = 'held' RETURNING id
            """)
    }

    public func delete(_ id: QueueID) async throws(StorageError) -> Bool {
        try await update("deleting", "DELETE FROM message WHERE id = \(id.rawValue) RETURNING id") > 0
    }
}
