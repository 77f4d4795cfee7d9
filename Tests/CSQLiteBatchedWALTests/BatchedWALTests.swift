import CSQLiteBatchedWAL
import Foundation
import GRDB
import GRDBSQLite
import Testing

@Suite("SQLite logs written a transaction at a time")
struct BatchedWALTests {
    init() {
        #expect(postamt_sqlite_register_batched_wal() == SQLITE_OK)
    }

    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("batched-\(UUID().uuidString).sqlite").path
    }

    private func logSize(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue ?? 0
    }

    @Test("the VFS is the default, and every connection's log goes through it")
    func registeredAsDefault() throws {
        #expect(String(cString: sqlite3_vfs_find(nil).pointee.zName) == "postamt-batched-wal")
        let pool = try DatabasePool(path: temporaryPath())
        try pool.write { db in try db.execute(sql: "CREATE TABLE t(x)") }
        let writes = pool.writeWithoutTransaction { db in postamt_sqlite_batched_wal_writes(db.sqliteConnection) }
        #expect(writes > 0)
    }

    @Test("a transaction of many pages reaches the log in one write per 128 KiB, and every page arrives intact")
    func fewWrites() throws {
        let path = temporaryPath()
        let pool = try DatabasePool(path: path)
        try pool.write { db in try db.execute(sql: "CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
        let bodies = (0..<100).map { index in (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) } }
        let logBefore = try logSize(path)
        let writes = try pool.writeWithoutTransaction { db in
            let before = postamt_sqlite_batched_wal_writes(db.sqliteConnection)
            try db.inTransaction {
                for body in bodies { try db.execute(sql: "INSERT INTO t(body) VALUES (?)", arguments: [Data(body)]) }
                return .commit
            }
            return postamt_sqlite_batched_wal_writes(db.sqliteConnection) - before
        }
        let logged = try logSize(path) - logBefore
        let frames = logged / (4096 + 24)
        #expect(frames >= 75, "\(frames) frames")
        // Two writes per frame without the VFS.
        #expect(writes == Int64((logged + 0x1fffe) / 0x1ffff), "\(writes) writes for \(frames) frames")

        let reader = try DatabaseQueue(path: path)
        let stored = try reader.read { db in try Data.fetchAll(db, sql: "SELECT body FROM t ORDER BY id") }
        #expect(stored.map { [UInt8]($0) } == bodies)
        #expect(try reader.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }

    @Test("what one connection commits without a sync, another reads at once")
    func visibleWithoutSync() throws {
        let path = temporaryPath()
        let pool = try DatabasePool(path: path)
        try pool.write { db in try db.execute(sql: "CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
        let reader = try DatabasePool(path: path)
        for round in 1...20 {
            let body = [UInt8](repeating: UInt8(round), count: 500 * round)
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = OFF")
                try db.inTransaction {
                    try db.execute(sql: "INSERT INTO t(id, body) VALUES (?, ?)", arguments: [round, Data(body)])
                    return .commit
                }
            }
            let read = try reader.read { db in try Data.fetchOne(db, sql: "SELECT body FROM t WHERE id = ?", arguments: [round]) }
            #expect(read.map { [UInt8]($0) } == body, "round \(round)")
        }
        #expect(try reader.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }

    @Test("a log checkpointed, started over and opened again keeps every commit")
    func checkpointAndReopen() throws {
        let path = temporaryPath()
        do {
            let pool = try DatabasePool(path: path)
            try pool.write { db in try db.execute(sql: "CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
            for round in 0..<3 {
                for index in 0..<50 {
                    try pool.write { db in
                        try db.execute(sql: "INSERT INTO t(body) VALUES (?)", arguments: [Data(repeating: UInt8(index), count: 1000 + round * 5000)])
                    }
                }
                // RESTART makes the next commit write the log from its start again.
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(RESTART)") }
            }
            try pool.close()
        }
        let reopened = try DatabaseQueue(path: path)
        #expect(try reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") } == 150)
        #expect(try reopened.read { db in try Int.fetchOne(db, sql: "SELECT SUM(length(body)) FROM t") } == 50 * (1000 + 6000 + 11000))
        #expect(try reopened.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }
}
