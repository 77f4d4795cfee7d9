import Foundation
import GRDB

/// Users in their own SQLite file beside the queue, so `postamt user add` can change them
/// while the server runs (WAL lets both processes use the file safely).
public final class SQLiteUserStore: UserStore {
    let pool: DatabasePool

    public init(path: String) throws(StorageError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        do {
            pool = try DatabasePool.durable(path: path, configuration: configuration)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("users-1") { db in
                try db.execute(sql: """
                    CREATE TABLE user (
                        name TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
                        password_hash TEXT NOT NULL,
                        created_at REAL NOT NULL
                    )
                    """)
            }
            try migrator.migrate(pool)
        } catch {
            throw StorageError(.failed, "opening \(path): \(error)")
        }
    }

    public func user(named name: String) async throws(StorageError) -> UserRecord? {
        let key = name.lowercased()
        return try await run("reading user", write: false) { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [key]).map(Self.record)
        }
    }

    public func addUser(named name: String, passwordHash: String) async throws(StorageError) -> Bool {
        let key = name.lowercased()
        return try await run("adding user", write: true) { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user WHERE name = ?", arguments: [key]) == 0 else { return false }
            try db.execute(sql: "INSERT INTO user (name, password_hash, created_at) VALUES (?, ?, ?)", arguments: [key, passwordHash, Date().timeIntervalSince1970])
            return true
        }
    }

    public func removeUser(named name: String) async throws(StorageError) -> Bool {
        let key = name.lowercased()
        return try await run("removing user", write: true) { db in
            try db.execute(sql: "DELETE FROM user WHERE name = ?", arguments: [key])
            return db.changesCount > 0
        }
    }

    public func setPasswordHash(_ hash: String, forUserNamed name: String) async throws(StorageError) -> Bool {
        let key = name.lowercased()
        return try await run("changing password", write: true) { db in
            try db.execute(sql: "UPDATE user SET password_hash = ? WHERE name = ?", arguments: [hash, key])
            return db.changesCount > 0
        }
    }

    public func allUsers() async throws(StorageError) -> [UserRecord] {
        try await run("listing users", write: false) { db in
            try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY name").map(Self.record)
        }
    }

    private static func record(_ row: Row) -> UserRecord {
        UserRecord(name: row["name"], passwordHash: row["password_hash"], createdAt: row["created_at"])
    }

    private func run<T: Sendable>(_ action: String, write: Bool, _ body: @escaping @Sendable (Database) throws -> T) async throws(StorageError) -> T {
        do {
            return write ? try await pool.write(body) : try await pool.read(body)
        } catch {
            throw StorageError(.failed, "\(action): \(error)")
        }
    }
}
