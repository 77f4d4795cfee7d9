import Foundation
import PostamtConfiguration
import PostamtServer
import PostamtTestSupport
import SMTPCore
import Testing

/// A test mail server with its admin listener, an API token and alice as admin; mail to
/// `far-away.test` goes to a test sink that defers everything with 451 4.3.0, and is not
/// retried by itself within the test.
struct AdminTestServer: Sendable {
    static let token = "test-token-0123456789abcdef"

    let mail: TestMailServer
    let sink: TestSMTPSink
    let port: Int

    static func start(public endpoints: Set<AdminSettings.PublicEndpoint> = Set(AdminSettings.PublicEndpoint.allCases),
                      adjust: @escaping (inout PostamtConfiguration) -> Void = { _ in }) async throws -> AdminTestServer {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.temporaryFailures = 1_000_000
        let sink = try await TestSMTPSink.start(behaviour)
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)").path
        try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let mail = try await TestMailServer.start {
            $0.admin.tokenFile = tokenFile
            $0.admin.admins = [TestMailServer.user]
            $0.admin.publicEndpoints = endpoints
            $0.trustedNetworks = [IPNetwork("127.0.0.0/8")!]
            $0.transports = [Transport(domain: "far-away.test", host: "127.0.0.1", port: sink.port, tls: .opportunistic)]
            $0.retry = RetrySchedule(firstInterval: .seconds(3600), backoffMultiplier: 1, maximumInterval: .seconds(3600), lifetime: .seconds(86400 * 5), delayNotice: nil)
            adjust(&$0)
        }
        return AdminTestServer(mail: mail, sink: sink, port: try #require(mail.server.adminPort))
    }

    func stop() async {
        await mail.stop()
        await sink.stop()
    }

    /// A client that sends the API token.
    var api: AdminHTTP { AdminHTTP(port: port, headers: ["Authorization: Bearer \(Self.token)"]) }
    /// A client without credentials.
    var anonymous: AdminHTTP { AdminHTTP(port: port) }

    /// Sends one message through the MX port (loopback is trusted); returns the final reply.
    @discardableResult
    func send(to recipient: String, from sender: String = "alice@example.test", subject: String = "admin test") async throws -> Reply {
        let client = try await TestSMTPClient.connect(port: mail.mx)
        _ = try await client.readReply()
        try await client.send("EHLO app\r\nMAIL FROM:<\(sender)>\r\nRCPT TO:<\(recipient)>\r\nDATA\r\n")
        _ = try await client.readReplies(4)
        try await client.send("Subject: \(subject)\r\nMessage-ID: <\(UUID().uuidString)@example.test>\r\n\r\nHello.\r\n.\r\nQUIT\r\n")
        return try await client.readReply()
    }

    /// The queue ID of the only message with a recipient in `state`, once there is one.
    func waitForMessage(inState state: String) async throws -> String {
        var found: String?
        await eventually(within: .seconds(20)) {
            guard let reply = try? await api.get("/api/v1/queue?state=\(state)"), let json = try? reply.json(),
                let messages = json["messages"] as? [[String: Any]], let first = messages.first
            else { return false }
            found = first["id"] as? String
            return found != nil
        }
        return try #require(found)
    }
}
