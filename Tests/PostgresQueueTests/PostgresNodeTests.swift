import Foundation
import MailQueue
import PostamtTestSupport
import PostgresNIO
import PostgresQueue
import Testing

/// What only the shared database has to get right: nodes that start together, and the
/// database going away and coming back.
@Suite("PostgreSQL shared by several nodes", .serialized)
struct PostgresNodeTests {
    @Test("three nodes starting at once migrate the schema once and all work")
    func concurrentMigration() async throws {
        let settings = try await PostgresFixture.settings()
        let queues = try await withThrowingTaskGroup(of: PostgresQueue.self) { group in
            for _ in 0..<3 { group.addTask { try await PostgresQueue.open(settings, logger: PostgresFixture.logger) } }
            return try await group.reduce(into: [PostgresQueue]()) { $0.append($1) }
        }
        for queue in queues {
            try await queue.messages.store(QueueContractTests.message())
        }
        #expect(try await queues[0].messages.messageCount() == 3)
        for queue in queues { await queue.close() }
    }

    @Test("while the database refuses connections a store fails as unavailable (451 4.3.0); afterwards the same pool stores again")
    func databaseAway() async throws {
        var settings = try await PostgresFixture.settings()
        settings.timeout = .seconds(5)
        let queue = try await PostgresQueue.open(settings, logger: PostgresFixture.logger)
        defer { Task { await queue.close() } }
        try await queue.messages.store(QueueContractTests.message())

        // The database goes away: no new connections, and the open ones are ended, as when
        // it fails over or is restarted.
        let (admin, adminRunner) = try await PostgresFixture.adminClient()
        defer { adminRunner.cancel() }
        try await admin.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(settings.database) ALLOW_CONNECTIONS false"))
        try await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(settings.database)")
        var failures = 0
        for _ in 0..<3 {
            do {
                try await queue.messages.store(QueueContractTests.message())
            } catch {
                #expect(error.kind == .unavailable, "\(error)")
                failures += 1
            }
        }
        #expect(failures == 3, "stores succeeded while the database refused connections")

        try await admin.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(settings.database) ALLOW_CONNECTIONS true"))
        let stored = await eventually(within: .seconds(30)) {
            (try? await queue.messages.store(QueueContractTests.message())) != nil
        }
        #expect(stored, "the pool did not reconnect when the database came back")
        #expect(try await queue.messages.messageCount() >= 2)
    }
}
