import Testing

@testable import SMTPCore

private typealias F = ClientFixture

private let quitting: [ClientStep] = [.client("QUIT\r\n"), .server("221 2.0.0 Bye\r\n")]

private func configuration(
    _ policy: ClientSession.TLSPolicy,
    credentials: Credentials? = nil,
    allowPlaintextAuthentication: Bool = false
) -> ClientSession.Configuration {
    ClientSession.Configuration(
        clientName: "client.test",
        tlsPolicy: policy,
        credentials: credentials,
        allowPlaintextAuthentication: allowPlaintextAuthentication
    )
}

@Suite("Client session: greeting, EHLO/HELO, STARTTLS and AUTH (RFC 5321 §3.1–3.2, RFC 3207, RFC 4954)")
struct ClientSessionHandshakeTests {
    static let greetingAndHello: [ClientScenario] = [
        ClientScenario(
            "EHLO answered with 502: fall back to HELO, and MAIL carries no parameters (RFC 5321 §3.2)",
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server("502 5.5.2 Command not recognized\r\n"),
                .client("HELO client.test\r\n"),
                .server("250 mx.test\r\n"),
                .send(F.message(parameters: MailParameters(size: 999, body: .sevenBit, dsnReturn: .full))),
                .client("MAIL FROM:<alice@a.test>\r\n"),
            ],
            events: ["greeted"]
        ),
        ClientScenario(
            "EHLO with 500 and HELO refused: the session fails with HELO's reply and QUITs",
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server("500 5.5.1 What?\r\n"),
                .client("HELO client.test\r\n"),
                .server("550 5.7.1 Go away\r\n"),
            ] + quitting,
            events: ["failed: ehloAndHeloRefused 550 5.7.1", "close"]
        ),
        ClientScenario(
            "EHLO with 4xx is not a reason to try HELO: the session fails",
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server("451 4.3.0 Try later\r\n"),
            ] + quitting,
            events: ["failed: ehloAndHeloRefused 451 4.3.0", "close"]
        ),
        ClientScenario(
            "a 421 greeting fails the session and closes without QUIT: the server is closing (RFC 5321 §3.1)",
            [.server("421 4.3.2 mx.test Service not available\r\n")],
            events: ["failed: greeting 421 4.3.2", "close"]
        ),
        ClientScenario(
            "a 554 greeting fails the session; the client says QUIT, as RFC 5321 §3.1 asks",
            [.server("554-5.7.1 mx.test No SMTP service here\r\n554 5.7.1 Your address is listed\r\n")] + quitting,
            events: ["failed: greeting 554 5.7.1", "close"]
        ),
        ClientScenario(
            "a multi-line greeting and EHLO reply are read whole",
            [
                .server("220-mx.test ESMTP\r\n220-Welcome\r\n220 Really\r\n"),
                .client("EHLO client.test\r\n"),
                .server("250-mx.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n"),
                .quit,
            ] + quitting,
            events: ["greeted", "close"]
        ),
        ClientScenario(
            "quit() during the handshake waits for the next chance to say QUIT",
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .quit,
                .client(""),
                .server(F.ehlo("PIPELINING")),
            ] + quitting,
            events: ["close"]
        ),
    ]

    static let tls: [ClientScenario] = [
        ClientScenario(
            "opportunistic TLS: STARTTLS when offered, then EHLO again (RFC 3207 §4.2)",
            configuration(.opportunistic),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("PIPELINING", "STARTTLS")),
                .client("STARTTLS\r\n"),
                .server("220 2.0.0 Ready to start TLS\r\n"),
                .tls,
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("PIPELINING")),
            ],
            events: ["startTLS", "greeted"]
        ),
        ClientScenario(
            "opportunistic TLS without STARTTLS offered: plaintext",
            configuration(.opportunistic),
            [.server(F.greeting), .client("EHLO client.test\r\n"), .server(F.ehlo("PIPELINING"))],
            events: ["greeted"]
        ),
        ClientScenario(
            "opportunistic TLS refused with 454: plaintext (RFC 3207 §4, RFC 7435)",
            configuration(.opportunistic),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("STARTTLS")),
                .client("STARTTLS\r\n"),
                .server("454 4.7.0 TLS not available due to temporary reason\r\n"),
            ],
            events: ["greeted"]
        ),
        ClientScenario(
            "required TLS not offered: the session fails before any mail is sent",
            configuration(.required),
            [.server(F.greeting), .client("EHLO client.test\r\n"), .server(F.ehlo("PIPELINING"))] + quitting,
            events: ["failed: startTLSRequiredButNotOffered", "close"]
        ),
        ClientScenario(
            "required TLS refused: the session fails with the reply",
            configuration(.required),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("STARTTLS")),
                .client("STARTTLS\r\n"),
                .server("454 4.7.0 TLS not available\r\n"),
            ] + quitting,
            events: ["failed: startTLSRefused 454 4.7.0", "close"]
        ),
        ClientScenario(
            "required TLS after HELO: no extensions, so no STARTTLS",
            configuration(.required),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server("500 5.5.1 Unknown command\r\n"),
                .client("HELO client.test\r\n"),
                .server("250 mx.test\r\n"),
            ] + quitting,
            events: ["failed: startTLSRequiredButNotOffered", "close"]
        ),
        ClientScenario(
            "policy none: STARTTLS is not used even when offered",
            [.server(F.greeting), .client("EHLO client.test\r\n"), .server(F.ehlo("STARTTLS"))],
            events: ["greeted"]
        ),
        ClientScenario(
            "implicit TLS: STARTTLS is never sent",
            configuration(.implicit),
            [.server(F.greeting), .client("EHLO client.test\r\n"), .server(F.ehlo("STARTTLS"))],
            events: ["greeted"]
        ),
        ClientScenario(
            "replies injected after the 220 to STARTTLS are ignored, in the same read or later (RFC 3207 §4.2, CVE-2011-0411 mirrored)",
            configuration(.opportunistic, credentials: F.alice),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("STARTTLS")),
                .client("STARTTLS\r\n"),
                // A man in the middle appends an EHLO reply offering AUTH PLAIN, hoping the
                // client reads it as the reply to its EHLO inside TLS.
                .server("220 2.0.0 Ready to start TLS\r\n250-mx.test\r\n250 AUTH PLAIN\r\n"),
                .server("250 2.0.0 more injected\r\n"),
                .tls,
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("AUTH LOGIN")),
                .client("AUTH LOGIN\r\n"),
                .server("334 VXNlcm5hbWU6\r\n"),
                .client("YWxpY2U=\r\n"),
                .server("334 UGFzc3dvcmQ6\r\n"),
                .client("c2VjcmV0\r\n"),
                .server("235 2.7.0 Authentication successful\r\n"),
            ],
            events: ["startTLS", "greeted"]
        ),
        ClientScenario(
            "a partial line before the 220 to STARTTLS completes is dropped with it",
            configuration(.opportunistic),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("STARTTLS")),
                .client("STARTTLS\r\n"),
                .server("220 Go ahead\r\n250 inject"),
                .tls,
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("PIPELINING")),
            ],
            events: ["startTLS", "greeted"]
        ),
    ]

    static let authentication: [ClientScenario] = [
        ClientScenario(
            "AUTH PLAIN with an initial response; 235 means authenticated (RFC 4954 §4, RFC 4616)",
            configuration(.implicit, credentials: F.alice),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("AUTH LOGIN PLAIN")),
                .client("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"),
                .server("235 2.7.0 Authentication successful\r\n"),
            ],
            events: ["greeted"]
        ),
        ClientScenario(
            "AUTH LOGIN when PLAIN is not offered: user name and password after 334 each",
            configuration(.implicit, credentials: F.alice),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("AUTH=LOGIN")),
                .client("AUTH LOGIN\r\n"),
                .server("334 VXNlcm5hbWU6\r\n"),
                .client("YWxpY2U=\r\n"),
                .server("334 UGFzc3dvcmQ6\r\n"),
                .client("c2VjcmV0\r\n"),
                .server("235 2.7.0 Authentication successful\r\n"),
            ],
            events: ["greeted"]
        ),
        ClientScenario(
            "AUTH after STARTTLS, on the second EHLO's mechanisms",
            configuration(.required, credentials: F.alice),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("STARTTLS")),
                .client("STARTTLS\r\n"),
                .server("220 2.0.0 Ready\r\n"),
                .tls,
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("AUTH PLAIN")),
                .client("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"),
                .server("235 2.7.0 Ok\r\n"),
            ],
            events: ["startTLS", "greeted"]
        ),
        ClientScenario(
            "AUTH PLAIN refused with 535 5.7.8: authenticationFailed, then QUIT",
            configuration(.implicit, credentials: F.alice),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("AUTH PLAIN")),
                .client("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"),
                .server("535 5.7.8 Authentication credentials invalid\r\n"),
            ] + quitting,
            events: ["failed: authenticationFailed 535 5.7.8", "close"]
        ),
        ClientScenario(
            "AUTH LOGIN with a temporary failure after the password: 454 4.7.0",
            configuration(.implicit, credentials: F.alice),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("AUTH LOGIN")),
                .client("AUTH LOGIN\r\n"),
                .server("334 VXNlcm5hbWU6\r\n"),
                .client("YWxpY2U=\r\n"),
                .server("334 UGFzc3dvcmQ6\r\n"),
                .client("c2VjcmV0\r\n"),
                .server("454 4.7.0 Temporary authentication failure\r\n"),
            ] + quitting,
            events: ["failed: authenticationFailed 454 4.7.0", "close"]
        ),
        ClientScenario(
            "AUTH LOGIN refused before the password is asked for: the password is never sent",
            configuration(.implicit, credentials: F.alice),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("AUTH LOGIN")),
                .client("AUTH LOGIN\r\n"),
                .server("334 VXNlcm5hbWU6\r\n"),
                .client("YWxpY2U=\r\n"),
                .server("538 5.7.11 Encryption required\r\n"),
            ] + quitting,
            events: ["failed: authenticationFailed 538 5.7.11", "close"]
        ),
        ClientScenario(
            "an unexpected challenge after AUTH PLAIN's response is cancelled with * (RFC 4954 §4)",
            configuration(.implicit, credentials: F.alice),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("AUTH PLAIN")),
                .client("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"),
                .server("334 \r\n"),
                .client("*\r\n"),
                .server("501 5.7.0 Authentication cancelled\r\n"),
            ] + quitting,
            events: ["failed: authenticationFailed 501 5.7.0", "close"]
        ),
        ClientScenario(
            "no credentials over plaintext: AUTH is not sent although offered (RFC 4954 §4)",
            configuration(.none, credentials: F.alice),
            [.server(F.greeting), .client("EHLO client.test\r\n"), .server(F.ehlo("AUTH PLAIN LOGIN"))] + quitting,
            events: ["failed: authenticationRequiresTLS", "close"]
        ),
        ClientScenario(
            "no credentials over plaintext when opportunistic TLS found no STARTTLS",
            configuration(.opportunistic, credentials: F.alice),
            [.server(F.greeting), .client("EHLO client.test\r\n"), .server(F.ehlo("AUTH PLAIN"))] + quitting,
            events: ["failed: authenticationRequiresTLS", "close"]
        ),
        ClientScenario(
            "allowPlaintextAuthentication sends credentials without TLS",
            configuration(.none, credentials: F.alice, allowPlaintextAuthentication: true),
            [
                .server(F.greeting),
                .client("EHLO client.test\r\n"),
                .server(F.ehlo("AUTH PLAIN")),
                .client("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"),
                .server("235 2.7.0 Ok\r\n"),
            ],
            events: ["greeted"]
        ),
        ClientScenario(
            "credentials but no PLAIN or LOGIN offered: authenticationNotOffered",
            configuration(.implicit, credentials: F.alice),
            [.server(F.greeting), .client("EHLO client.test\r\n"), .server(F.ehlo("AUTH CRAM-MD5 XOAUTH2"))] + quitting,
            events: ["failed: authenticationNotOffered", "close"]
        ),
    ]

    @Test("greeting and EHLO/HELO, in every chunking", arguments: greetingAndHello, ClientChunking.allCases)
    func greeting(scenario: ClientScenario, chunking: ClientChunking) {
        _ = ClientDialogue.run(scenario, chunking: chunking)
    }

    @Test("STARTTLS policies, in every chunking", arguments: tls, ClientChunking.allCases)
    func startTLS(scenario: ClientScenario, chunking: ClientChunking) {
        let dialogue = ClientDialogue.run(scenario, chunking: chunking)
        let expectsTLS = scenario.events.contains("startTLS") || scenario.configuration.tlsPolicy == .implicit
        #expect(dialogue.session.isTLSActive == expectsTLS)
    }

    @Test("AUTH PLAIN and LOGIN, in every chunking", arguments: authentication, ClientChunking.allCases)
    func authenticate(scenario: ClientScenario, chunking: ClientChunking) {
        let dialogue = ClientDialogue.run(scenario, chunking: chunking)
        #expect(dialogue.session.isAuthenticated == scenario.events.contains("greeted"))
    }

    @Test("after STARTTLS the extensions of the first EHLO are forgotten (RFC 3207 §4.2)")
    func extensionsForgotten() {
        var dialogue = ClientDialogue(configuration(.opportunistic))
        dialogue.run([
            .server(F.greeting), .client("EHLO client.test\r\n"),
            .server(F.ehlo("PIPELINING", "SIZE 1000", "STARTTLS", "AUTH PLAIN")),
            .client("STARTTLS\r\n"), .server("220 Go\r\n250 SIZE 5\r\n"),
        ])
        #expect(dialogue.session.serverExtensions.maximumMessageSize == 1000)
        dialogue.run([.tls, .client("EHLO client.test\r\n")])
        #expect(dialogue.session.serverExtensions == ServerExtensions())
        dialogue.run([.server(F.ehlo("8BITMIME"))])
        #expect(dialogue.session.serverExtensions.keywords == ["8BITMIME"])
        #expect(dialogue.session.transcript.map(\.description).contains("* ignored 12 octets sent before the TLS handshake (RFC 3207 §4.2)"))
        guard case .greeted(let extensions) = dialogue.actions.last else {
            Issue.record("not greeted: \(dialogue.events)")
            return
        }
        #expect(!extensions.pipelining && !extensions.startTLS && extensions.eightBitMIME)
    }

    @Test("tlsEstablished() without a STARTTLS in progress does nothing")
    func tlsOutOfTurn() {
        var session = ClientSession(configuration: configuration(.opportunistic))
        #expect(session.tlsEstablished().isEmpty)
        #expect(!session.isTLSActive)
    }
}
