import NIOSSL
import PostamtTestSupport
import SMTPCore

/// Whether a user can log in on the submission port (STARTTLS, then AUTH PLAIN).
enum SMTPLogin {
    static func succeeds(port: Int, user: String, password: String) async throws -> Bool {
        let client = try await TestSMTPClient.connect(port: port)
        _ = try await client.readReply()
        try await client.send("EHLO c\r\nSTARTTLS\r\n")
        _ = try await client.readReplies(2)
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        try await client.startTLS(try NIOSSLContext(configuration: configuration))
        try await client.send("EHLO c\r\n")
        _ = try await client.readReply()
        try await client.send("AUTH PLAIN \(Base64.encode(Array("\0\(user)\0\(password)".utf8)))\r\nQUIT\r\n")
        let reply = try await client.readReply()
        return reply.code.rawValue == 235
    }
}
