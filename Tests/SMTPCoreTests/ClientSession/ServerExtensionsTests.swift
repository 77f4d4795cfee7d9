import Testing

@testable import SMTPCore

@Suite("EHLO reply parsing (RFC 5321 §4.1.1.1)")
struct ServerExtensionsTests {
    @Test("Postamt's own EHLO reply is read back as offered")
    func ownReply() throws {
        var server = ServerSession(configuration: .init(hostname: "mx.test", maximumMessageSize: 1000, isStartTLSAvailable: true, authenticationMechanisms: [.plain, .login], authenticationRequiresTLS: false))
        _ = server.start()
        guard case .send(let reply) = server.receive(Array("EHLO c.test\r\n".utf8)).first else {
            Issue.record("no EHLO reply")
            return
        }
        let extensions = ServerExtensions(ehloReply: reply)
        #expect(extensions.serverName == "mx.test")
        #expect(extensions.pipelining && extensions.offersSize && extensions.eightBitMIME && extensions.smtpUTF8)
        #expect(extensions.chunking && extensions.dsn && extensions.startTLS && extensions.enhancedStatusCodes)
        #expect(extensions.maximumMessageSize == 1000)
        #expect(extensions.authenticationMechanisms == ["PLAIN", "LOGIN"])
        #expect(extensions.offers(.plain) && extensions.offers(.login))
    }

    /// The extensions of an EHLO reply `mx.test` + one line, changed by `change` from none.
    private static func offered(_ keywords: [String], _ change: (inout ServerExtensions) -> Void = { _ in }) -> ServerExtensions {
        var extensions = ServerExtensions()
        extensions.serverName = "mx.test"
        extensions.keywords = keywords
        change(&extensions)
        return extensions
    }

    @Test("keywords and parameters; case does not matter, malformed parameters are ignored", arguments: [
        ("size 1048576", offered(["SIZE"]) { $0.offersSize = true; $0.maximumMessageSize = 1_048_576 }),
        ("SIZE", offered(["SIZE"]) { $0.offersSize = true }),
        ("SIZE 0", offered(["SIZE"]) { $0.offersSize = true }),
        ("SIZE lots", offered(["SIZE"]) { $0.offersSize = true }),
        ("SIZE 99999999999999999999999", offered(["SIZE"]) { $0.offersSize = true }),
        ("auth login Plain CRAM-MD5", offered(["AUTH"]) { $0.authenticationMechanisms = ["LOGIN", "PLAIN", "CRAM-MD5"] }),
        ("AUTH=LOGIN PLAIN", offered(["AUTH"]) { $0.authenticationMechanisms = ["LOGIN", "PLAIN"] }),
        ("AUTH", offered(["AUTH"])),
        ("Pipelining", offered(["PIPELINING"]) { $0.pipelining = true }),
        ("8bitmime", offered(["8BITMIME"]) { $0.eightBitMIME = true }),
        ("SMTPUTF8", offered(["SMTPUTF8"]) { $0.smtpUTF8 = true }),
        ("CHUNKING", offered(["CHUNKING"]) { $0.chunking = true }),
        ("DSN", offered(["DSN"]) { $0.dsn = true }),
        ("STARTTLS", offered(["STARTTLS"]) { $0.startTLS = true }),
        ("ENHANCEDSTATUSCODES", offered(["ENHANCEDSTATUSCODES"]) { $0.enhancedStatusCodes = true }),
        ("X-EXPS GSSAPI NTLM", offered(["X-EXPS"])),
        ("", offered([])),
    ])
    func keyword(line: String, expected: ServerExtensions) {
        let extensions = ServerExtensions(ehloReply: Reply(code: 250, enhancedCode: nil, lines: ["mx.test", line]))
        #expect(extensions == expected, "\(line)")
    }

    @Test("AUTH announced twice (AUTH and AUTH=) lists each mechanism once")
    func duplicateAuth() {
        let extensions = ServerExtensions(ehloReply: Reply(code: 250, enhancedCode: nil, lines: ["mx.test", "AUTH PLAIN LOGIN", "AUTH=LOGIN"]))
        #expect(extensions.authenticationMechanisms == ["PLAIN", "LOGIN"])
    }

    @Test("a one-line EHLO reply offers nothing")
    func none() {
        let extensions = ServerExtensions(ehloReply: Reply(250, nil, "mx.test greets you"))
        var expected = ServerExtensions()
        expected.serverName = "mx.test"
        #expect(extensions == expected)
    }
}
