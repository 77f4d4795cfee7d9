import Foundation
import Logging
import MailQueue
import PostamtConfiguration
import PostamtServer
import PostamtTestSupport
import SMTPCore
import Testing

/// The whole server with `storage = "postgres"`: mail, users and the admin pages on the
/// shared database, and what clients see while the database is away.
@Suite("A server on PostgreSQL", .serialized)
struct PostgresServerTests {
    /// A configuration change that puts the queue and users into a fresh database on the
    /// test PostgreSQL server.
    static func onFreshDatabase(timeout: Duration = .seconds(10)) async throws -> (adjust: @Sendable (inout PostamtConfiguration) -> Void, database: String, port: Int) {
        let instance = try await offThread { try PostgresInstance.shared() }
        let database = try await offThread { try instance.createDatabase() }
        let port = instance.port
        let adjust: @Sendable (inout PostamtConfiguration) -> Void = {
            $0.storage = .postgres
            $0.postgres = PostgresSettings(host: "127.0.0.1", port: port, username: PostgresInstance.user, database: database, connections: 4, timeout: timeout)
        }
        return (adjust, database, port)
    }

    /// Runs SQL on the server's maintenance database with psql, as an operator would.
    static func psql(_ sql: String, port: Int) async throws {
        let result = try await ExternalProgram.run("psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", PostgresInstance.user, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql])
        #expect(result.status == 0, "\(result.error)")
    }

    @Test("mail is stored in PostgreSQL and delivered; logins, the admin API and a second process see the same queue and users")
    func serverOnPostgres() async throws {
        let (adjust, _, _) = try await Self.onFreshDatabase()
        let server = try await AdminTestServer.start(adjust: adjust)
        defer { Task { await server.stop() } }

        // Users live in the database: alice logs in with the password set at start.
        #expect(try await SMTPLogin.succeeds(port: server.mail.submission, user: TestMailServer.user, password: TestMailServer.password))
        #expect(try await !SMTPLogin.succeeds(port: server.mail.submission, user: TestMailServer.user, password: "wrong password"))

        #expect(try await server.send(to: "alice@example.test", subject: "local on postgres").code.rawValue == 250)
        let delivered = await server.mail.waitForMail("alice")
        #expect(delivered.count == 1)
        #expect(String(decoding: delivered.first ?? Data(), as: UTF8.self).contains("Subject: local on postgres"))

        #expect(try await server.send(to: "bob@far-away.test", subject: "deferred on postgres").code.rawValue == 250)
        let id = try await server.waitForMessage(inState: "deferred")
        let detail = try await server.api.get("/api/v1/queue/\(id)")
        #expect(detail.status == 200)
        #expect(detail.text.contains("451 4.3.0"), "the sink's deferral is recorded with its attempt")

        // The queue gauges come from the shared database; the counters are this node's own.
        let metrics = try await server.anonymous.get("/metrics").text
        #expect(metrics.contains(#"postamt_queue_recipients{state="deferred"} 1"#), "\(metrics)")

        // Another process on the same database (a second node, or `postamt queue`) sees the
        // message and its state, and what it changes the server sees.
        var configuration = server.mail.server.configuration
        adjust(&configuration)
        let other = try await QueueStorage.open(configuration, logger: Logger(label: "other") { _ in SwiftLogNoOpLogHandler() })
        let queueID = try #require(QueueID(rawValue: id))
        let seen = try #require(try await other.messages.message(queueID))
        #expect(seen.recipients.map(\.state) == [.deferred])
        #expect(try await other.messages.hold(seen.id, now: Date().timeIntervalSince1970) == 1)
        let held = try await server.api.get("/api/v1/queue?state=held")
        #expect(held.text.contains(id))
        let after = try await server.anonymous.get("/metrics").text
        #expect(after.contains(#"postamt_queue_recipients{state="held"} 1"#), "a change by another process shows in this node's gauges")
        #expect(try await other.users.allUsers().map(\.name).contains(TestMailServer.user))
        await other.close()

        #expect(try await server.api.request("DELETE", "/api/v1/queue/\(id)").status == 204)
        #expect(try await server.api.get("/api/v1/queue/\(id)").status == 404)
    }

    @Test("while the database is away new mail gets 451 4.3.0 with a reference and the session stays usable; afterwards mail is accepted and delivered, nothing acknowledged lost")
    func databaseAway() async throws {
        let (adjust, database, port) = try await Self.onFreshDatabase(timeout: .seconds(5))
        let server = try await TestMailServer.start { adjust(&$0) }
        defer { Task { await server.stop() } }
        func send(_ client: TestSMTPClient, subject: String) async throws -> Reply {
            try await client.send("MAIL FROM:<x@example.org>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n")
            let replies = try await client.readReplies(3)
            guard replies.last?.code.rawValue == 354 else {
                // RCPT refused: DATA then gets 503 or 554; the RCPT reply is the one that counts.
                try await client.send("RSET\r\n")
                _ = try await client.readReply()
                return replies[1]
            }
            try await client.send("Subject: \(subject)\r\n\r\nbody\r\n.\r\n")
            return try await client.readReply()
        }
        let client = try await TestSMTPClient.connect(port: server.mx)
        _ = try await client.readReply()
        try await client.send("EHLO c\r\n")
        _ = try await client.readReply()
        #expect(try await send(client, subject: "before").code.rawValue == 250)

        // The database goes away: its connections are cut and new ones refused.
        try await Self.psql("ALTER DATABASE \(database) ALLOW_CONNECTIONS false", port: port)
        try await Self.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(database)'", port: port)
        // Refused at RCPT (when the list of local mailboxes is due to be read again) or after
        // the final dot (when the message cannot be stored): 451 4.3.0 either way.
        let refused = try await send(client, subject: "during")
        #expect(refused.code.rawValue == 451, "\(refused)")
        #expect(refused.enhancedCode?.description == "4.3.0", "\(refused)")
        #expect(refused.text.contains("(ref "), "a reference ID for the operator's log: \(refused)")
        // The session is still there and answers.
        try await client.send("NOOP\r\n")
        #expect(try await client.readReply().code.rawValue == 250)

        // The database comes back; the same session and the same pool carry on.
        try await Self.psql("ALTER DATABASE \(database) ALLOW_CONNECTIONS true", port: port)
        var accepted = false
        for attempt in 0..<40 where !accepted {
            accepted = try await send(client, subject: "after-\(attempt)").code.rawValue == 250
            if !accepted { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(accepted)
        let mail = await server.waitForMail("alice", count: 2, timeout: .seconds(30))
        let subjects = mail.map { String(decoding: $0, as: UTF8.self) }.compactMap { text in
            text.split(separator: "\r\n").first { $0.hasPrefix("Subject: ") }.map { String($0.dropFirst(9)) }
        }
        #expect(subjects.contains("before"))
        #expect(subjects.contains { $0.hasPrefix("after-") })
        #expect(!subjects.contains("during"))
        await client.close()
    }
}
