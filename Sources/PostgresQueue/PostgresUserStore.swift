import Foundation
import Logging
import MailQueue
import PostgresNIO

/// The users in PostgreSQL, shared by every node.
public final class PostgresUserStore: UserStore, Sendable {
    let pool: ReplaceableClient
    let logger: Logger
    /// How long a lookup may wait for the database; a login then fails as unavailable
    /// (454 4.7.0) instead of hanging.
    let timeout: Duration

    init(pool: ReplaceableClient, timeout: Duration, logger: Logger) {
        self.pool = pool
        self.timeout = timeout
        self.logger = logger
    }

    public func user(named name: String) async throws(StorageError) -> UserRecord? {
        try await records("reading user \(name)", "SELECT name, password_hash, created_at FROM mail_user WHERE name = \(name.lowercased())").first
    }

    public func addUser(named name: String, passwordHash: String) async throws(StorageError) -> Bool {
        try await changed("adding user \(name)", """
            INSERT INTO mail_user (name, password_hash, created_at) VALUES (\(name.lowercased()), \(passwordHash), \(Date().timeIntervalSince1970))
            ON CONFLICT (name) DO NOTHING RETURNING name
            """)
    }

    public func removeUser(named name: String) async throws(StorageError) -> Bool {
        try await changed("removing user \(name)", "DELETE FROM mail_user WHERE name = \(name.lowercased()) RETURNING name")
    }

    public func setPasswordHash(_ hash: String, forUserNamed name: String) async throws(StorageError) -> Bool {
        try await changed("changing the password of \(name)", "UPDATE mail_user SET password_hash = \(hash) WHERE name = \(name.lowercased()) RETURNING name")
    }

    public func allUsers() async throws(StorageError) -> [UserRecord] {
        try await records("listing users", "SELECT name, password_hash, created_at FROM mail_user ORDER BY name")
    }

    private func records(_ action: String, _ query: PostgresQuery) async throws(StorageError) -> [UserRecord] {
        return try await database(action, within: timeout, on: pool) { [self] client in
            var result: [UserRecord] = []
            for try await (name, hash, created) in try await client.query(query, logger: logger).decode((String, String, Double).self) {
                result.append(UserRecord(name: name, passwordHash: hash, createdAt: created))
            }
            return result
        }
    }

    private func changed(_ action: String, _ query: PostgresQuery) async throws(StorageError) -> Bool {
        return try await database(action, within: timeout, on: pool) { [self] client in
            var count = 0
            for try await _ in try await client.query(query, logger: logger) { count += 1 }
            return count > 0
        }
    }
}
