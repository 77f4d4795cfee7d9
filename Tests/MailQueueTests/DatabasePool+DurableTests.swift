import Foundation
import GRDB
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
}
