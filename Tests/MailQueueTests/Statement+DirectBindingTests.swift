import Foundation
import GRDB
import GRDBSQLite
import Testing

@testable import MailQueue

/// The statements run once per message bind their values through SQLite's C API; what
/// they store must read back exactly as GRDB's own binding would have stored it.
@Suite("Binding through SQLite's C API")
struct DirectBindingTests {
    private func database() throws -> DatabaseQueue {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bound-\(UUID().uuidString).sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE value (id TEXT PRIMARY KEY, maybe TEXT, number INTEGER, real REAL, octets BLOB)")
        }
        return queue
    }

    private static let insert = "INSERT INTO value (id, maybe, number, real, octets) VALUES (?, ?, ?, ?, ?)"

    @Test("text with a NUL and non-ASCII letters, NULL, integers, reals and every octet value come back exactly")
    func roundTrip() throws {
        let queue = try database()
        let octets = (0...255).map(UInt8.init) + [0, 0, 13, 10, 46]
        try queue.write { db in
            try db.cachedStatement(sql: Self.insert).executeBound(
                [.text("a\u{0}b Grüße ✉️"), .text(nil), .integer(Int64.min), .real(-0.5), .blob(octets)], in: db)
            try db.cachedStatement(sql: Self.insert).executeBound(
                [.text("second"), .text("here"), .integer(Int64.max), .real(1e300), .blob([])], in: db)
        }
        try queue.read { db in
            let first = try #require(try Row.fetchOne(db, sql: "SELECT *, hex(id) AS idHex FROM value WHERE number < 0"))
            // Read as hex: GRDB reads text up to its first NUL, SQLite stores all of it.
            let expected = "a\u{0}b Grüße ✉️".utf8.map { String(format: "%02X", $0) }.joined()
            #expect(first["idHex"] as String == expected)
            #expect((first["maybe"] as String?) == nil)
            #expect(first["number"] as Int64 == Int64.min)
            #expect(first["real"] as Double == -0.5)
            #expect([UInt8](first["octets"] as Data) == octets)
            let second = try #require(try Row.fetchOne(db, sql: "SELECT *, typeof(octets) AS kind FROM value WHERE id = 'second'"))
            #expect(second["maybe"] as String? == "here")
            #expect(second["number"] as Int64 == Int64.max)
            #expect(second["real"] as Double == 1e300)
            // An empty blob is a blob of no octets, not NULL (the queue's content column is NOT NULL).
            #expect(second["kind"] as String == "blob")
            #expect((second["octets"] as Data).isEmpty)
        }
    }

    @Test("a duplicate key throws SQLite's extended code, and the statement is ready for the next row")
    func constraintViolation() throws {
        let queue = try database()
        try queue.write { db in
            let statement = try db.cachedStatement(sql: Self.insert)
            try statement.executeBound([.text("k"), .text(nil), .integer(1), .real(1), .blob([1])], in: db)
            do {
                try statement.executeBound([.text("k"), .text(nil), .integer(2), .real(2), .blob([2])], in: db)
                Issue.record("a second row with the same key was stored")
            } catch let error as DatabaseError {
                #expect(error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY)
                #expect(error.message?.contains("value.id") == true)
            }
            try statement.executeBound([.text("other"), .text(nil), .integer(3), .real(3), .blob([3])], in: db)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM value") == 2)
        }
    }

    @Test("no binding outlives the call: the blob's octets are not read after it returns")
    func bindingsCleared() throws {
        let queue = try database()
        try queue.write { db in
            let statement = try db.cachedStatement(sql: Self.insert)
            try statement.executeBound([.text("k"), .text("x"), .integer(1), .real(1), .blob(Array(repeating: 7, count: 4096))], in: db)
            // Stepped again without binding, every parameter is NULL.
            #expect(sqlite3_step(statement.sqliteStatement) == SQLITE_DONE)
            sqlite3_reset(statement.sqliteStatement)
            let unbound = try #require(try Row.fetchOne(db, sql: "SELECT id, maybe, octets FROM value WHERE id IS NULL"))
            #expect((unbound["maybe"] as String?) == nil)
            #expect((unbound["octets"] as Data?) == nil)
        }
    }
}
