import Foundation
import GRDB
import GRDBSQLite
import Testing

@testable import MailQueue

/// Every commit of the queue and the users is synced, although GRDB lowers the writer to
/// `synchronous = NORMAL` when it turns WAL on.
@Suite("Durable SQLite pools")
struct DurableDatabasePoolTests {
    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).sqlite").path
    }

    private func synchronousLevel(of pool: DatabasePool) async throws -> Int? {
        try await pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
    }

    @Test("a plain GRDB pool's writer does not sync its commits; that is why the stores set it again")
    func plainPoolIsNotDurable() async throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let pool = try DatabasePool(path: temporaryPath("plain"), configuration: configuration)
        // 1 is NORMAL: in WAL mode the log is synced only at checkpoints.
        #expect(try await synchronousLevel(of: pool) == 1)
    }

    @Test("the queue's writer syncs every commit (synchronous = FULL), also after the store is opened again")
    func queueIsDurable() async throws {
        let path = temporaryPath("queue")
        #expect(try await synchronousLevel(of: SQLiteMessageStore(path: path).pool) == 2)
        #expect(try await synchronousLevel(of: SQLiteMessageStore(path: path).pool) == 2)
    }

    @Test("the users' writer syncs every commit (synchronous = FULL)")
    func usersAreDurable() async throws {
        #expect(try await synchronousLevel(of: SQLiteUserStore(path: temporaryPath("users")).pool) == 2)
    }

    @Test("the first store a process opens turns SQLite's memory statistics off (in a process of its own)")
    func memoryStatisticsOff() async {
        await #expect(processExitsWith: .success) {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("stats-\(UUID().uuidString).sqlite").path
            guard (try? SQLiteMessageStore(path: path)) != nil else { exit(1) }
            let before = sqlite3_memory_used()
            let block = sqlite3_malloc(1 << 16)
            defer { sqlite3_free(block) }
            exit(block != nil && sqlite3_memory_used() == before ? 0 : 2)
        }
    }
}
