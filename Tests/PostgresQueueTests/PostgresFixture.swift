import Foundation
import Logging
import PostamtTestSupport
import PostgresNIO
import PostgresQueue

/// A fresh database on the test process's private PostgreSQL server.
enum PostgresFixture {
    static let logger = Logger(label: "postgres-test") { _ in SwiftLogNoOpLogHandler() }

    static func settings(database: String? = nil, on server: PostgresInstance? = nil) async throws -> PostgresQueue.Settings {
        let instance: PostgresInstance
        if let server {
            instance = server
        } else {
            instance = try await offThread { try PostgresInstance.shared() }
        }
        let name: String
        if let database {
            name = database
        } else {
            name = try await offThread { try instance.createDatabase() }
        }
        return PostgresQueue.Settings(host: "127.0.0.1", port: instance.port, username: PostgresInstance.user, database: name, maximumConnections: 8)
    }

    /// A client on the server's `postgres` database, for changing the test databases.
    static func adminClient() async throws -> (client: PostgresClient, runner: Task<Void, Never>) {
        let instance = try await offThread { try PostgresInstance.shared() }
        let client = PostgresClient(
            configuration: .init(host: "127.0.0.1", port: instance.port, username: PostgresInstance.user, password: nil, database: "postgres", tls: .disable),
            backgroundLogger: logger
        )
        return (client, Task { await client.run() })
    }

    static func openQueue(capacity: Int = 100_000) async throws -> PostgresQueue {
        try await PostgresQueue.open(try await settings(), capacity: capacity, logger: logger)
    }
}
