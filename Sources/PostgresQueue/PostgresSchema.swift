import Logging
import PostgresNIO

/// The queue's tables in PostgreSQL, created or brought up to date when a node starts.
///
/// Every node runs the migrations at start; a transaction-scoped advisory lock makes the
/// nodes that start at once take turns, so each step runs exactly once.
enum PostgresSchema {
    /// Any fixed number; it names the lock all Postamt nodes agree on.
    static let migrationLock: Int64 = 0x506F_7374_616D_7431

    /// The steps in order; a node records each one it ran in `postamt_migration`.
    static let migrations: [(name: String, statements: [String])] = [
        ("queue-1", [
            """
            CREATE TABLE message (
                id TEXT PRIMARY KEY,
                received_at DOUBLE PRECISION NOT NULL,
                mail_command TEXT NOT NULL,
                client_name TEXT NOT NULL,
                client_address TEXT NOT NULL,
                authenticated_user TEXT,
                protocol TEXT NOT NULL,
                size INTEGER NOT NULL,
                content BYTEA NOT NULL
            )
            """,
            """
            CREATE TABLE recipient (
                id BIGSERIAL PRIMARY KEY,
                message_id TEXT NOT NULL REFERENCES message(id) ON DELETE CASCADE,
                rcpt_command TEXT NOT NULL,
                mailbox TEXT NOT NULL,
                route TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at DOUBLE PRECISION NOT NULL,
                lease_owner TEXT,
                lease_expires_at DOUBLE PRECISION,
                last_result TEXT,
                updated_at DOUBLE PRECISION NOT NULL,
                delay_notified BOOLEAN NOT NULL DEFAULT FALSE
            )
            """,
            "CREATE INDEX recipient_due ON recipient(route, state, next_attempt_at)",
            "CREATE INDEX recipient_message ON recipient(message_id)",
            "CREATE INDEX recipient_open ON recipient(state, message_id)",
            "CREATE INDEX message_received ON message(received_at)",
            """
            CREATE TABLE attempt (
                id BIGSERIAL PRIMARY KEY,
                recipient_id BIGINT NOT NULL REFERENCES recipient(id) ON DELETE CASCADE,
                message_id TEXT NOT NULL REFERENCES message(id) ON DELETE CASCADE,
                time DOUBLE PRECISION NOT NULL,
                host TEXT NOT NULL,
                address TEXT,
                tls BOOLEAN NOT NULL,
                result TEXT NOT NULL,
                transcript TEXT NOT NULL
            )
            """,
            "CREATE INDEX attempt_message ON attempt(message_id)",
            """
            CREATE TABLE mail_user (
                name TEXT PRIMARY KEY,
                password_hash TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL
            )
            """,
        ]),
        // Removing a recipient makes PostgreSQL look for the attempts that name it, to remove
        // them too; without an index that read every attempt, for every recipient removed.
        ("queue-2-attempt-recipient-index", [
            "CREATE INDEX attempt_recipient ON attempt(recipient_id)",
        ]),
    ]

    /// Runs the migrations this database has not seen yet.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS postamt_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger
            )
            var applied = Set<String>()
            for try await name in try await connection.query("SELECT name FROM postamt_migration", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO postamt_migration (name) VALUES (\(migration.name))", logger: logger)
                logger.notice("database migrated", metadata: ["migration": "\(migration.name)"])
            }
        }
    }
}
