import CSQLiteBatchedWAL
import CSQLiteSettings
import GRDB
import GRDBSQLite

extension DatabasePool {
    /// A pool in WAL mode whose writer syncs the log at every commit (`synchronous = FULL`),
    /// so that a commit that has returned survives a power loss, not only a crash of the
    /// process.
    ///
    /// GRDB sets `synchronous = NORMAL` on the writer when it turns WAL on, after
    /// `prepareDatabase` has run: a setting made there does not last. It is set here once
    /// the pool is open, and read back.
    ///
    /// The connections write their logs through the batching VFS (`CSQLiteBatchedWAL`): a
    /// transaction's frames reach the log in one write instead of two per page.
    ///
    /// Before either, SQLite's memory statistics are turned off for the process: they
    /// take a mutex at every allocation (`CSQLiteSettings`).
    static func durable(path: String, configuration: Configuration) throws -> DatabasePool {
        // SQLITE_MISUSE: SQLite was initialized before the first store opened; it works as
        // before, a little slower.
        _ = postamt_sqlite_turn_off_memory_statistics()
        let registration = postamt_sqlite_register_batched_wal()
        guard registration == SQLITE_OK else { throw DatabaseError(message: "could not register the batching VFS (SQLite error \(registration))") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        let level = try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous")
        }
        // 2 is FULL.
        guard level == 2 else { throw DatabaseError(message: "could not set synchronous = FULL on \(path) (it is \(level.map(String.init) ?? "unknown"))") }
        return pool
    }
}
