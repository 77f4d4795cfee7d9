import Testing

@testable import SMTPCore

private typealias F = ClientFixture

private func greeted(_ keywords: String...) -> [ClientStep] {
    [.server(F.greeting), .client("EHLO client.test\r\n"), .server(Reply(code: 250, enhancedCode: nil, lines: ["mx.test Hello client.test"] + keywords).encoded.clientText)]
}

private let pipelinedHello: [ClientStep] = [.send(F.message(to: ["bob@b.test", "carol@c.test"])), .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nRCPT TO:<carol@c.test>\r\nDATA\r\n")]

@Suite("Client session: broken servers, closed connections, timeouts, QUIT")
struct ClientSessionFailureTests {
    static let scenarios: [ClientScenario] = [
        ClientScenario(
            "a greeting that is not an SMTP reply is a protocol error; the client closes",
            [.server("SSH-2.0-OpenSSH_9.6\r\n")],
            events: ["failed: protocolError", "close"]
        ),
        ClientScenario(
            "a reply line over 4096 octets is a protocol error, however it is cut",
            [.server("220-" + String(repeating: "x", count: 5000) + "\r\n220 ok\r\n")],
            events: ["failed: protocolError", "close"]
        ),
        ClientScenario(
            "a reply when none is due breaks the reply order: protocol error",
            greeted() + [.server("250 2.0.0 surprise\r\n")],
            events: ["greeted", "failed: protocolError", "close"]
        ),
        ClientScenario(
            "an unprompted 421 while idle: the server is closing (RFC 5321 §3.8)",
            greeted() + [.server("421 4.4.2 mx.test Idle timeout\r\n")],
            events: ["greeted", "failed: serviceClosing 421 4.4.2", "close"]
        ),
        ClientScenario(
            "354 in reply to MAIL is not a possible reply: protocol error, and the message is reported as not sent",
            greeted() + [.send(F.hello), .client("MAIL FROM:<alice@a.test>\r\n"), .server("354 what\r\n")],
            events: ["greeted", "result: <bob@b.test> 451 4.5.0 local", "failed: protocolError", "close"]
        ),
        ClientScenario(
            "250 in reply to DATA is not a possible reply: protocol error",
            greeted("PIPELINING") + [.send(F.hello), .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nDATA\r\n"), .server("250 Ok\r\n250 Ok\r\n250 Ok\r\n")],
            events: ["greeted", "result: <bob@b.test> 451 4.5.0 local", "failed: protocolError", "close"]
        ),
        ClientScenario(
            "421 during pipelined RCPTs: every undecided recipient gets the 421, no more commands (RFC 5321 §3.8)",
            greeted("PIPELINING") + pipelinedHello + [.server("250 2.1.0 Ok\r\n421 4.3.2 Shutting down\r\n")],
            events: ["greeted", "result: <bob@b.test> 421 4.3.2 recipient, <carol@c.test> 421 4.3.2 recipient", "failed: serviceClosing 421 4.3.2", "close"]
        ),
        ClientScenario(
            "421 after a refused RCPT: the refusal stays, the other recipient gets the 421",
            greeted("PIPELINING") + pipelinedHello + [.server("250 2.1.0 Ok\r\n550 5.1.1 No\r\n421 4.3.2 Bye\r\n")],
            events: ["greeted", "result: <bob@b.test> 550 5.1.1 recipient, <carol@c.test> 421 4.3.2 recipient", "failed: serviceClosing 421 4.3.2", "close"]
        ),
        ClientScenario(
            "connection lost after the content: synthesised 451 4.4.2, the message may need sending again (RFC 1047)",
            greeted("PIPELINING") + pipelinedHello + [
                .server("250 Ok\r\n250 Ok\r\n250 Ok\r\n354 Go\r\n"),
                .client(F.helloData),
                .closed,
            ],
            events: ["greeted", "result: <bob@b.test> 451 4.4.2 local, <carol@c.test> 451 4.4.2 local", "failed: connectionClosed"]
        ),
        ClientScenario(
            "timeout waiting for the final reply: synthesised 451 4.4.2, then close",
            greeted() + [
                .send(F.hello),
                .client("MAIL FROM:<alice@a.test>\r\n"), .server("250 Ok\r\n"),
                .client("RCPT TO:<bob@b.test>\r\n"), .server("250 Ok\r\n"),
                .client("DATA\r\n"), .server("354 Go\r\n"),
                .client(F.helloData),
                .timeout,
            ],
            events: ["greeted", "result: <bob@b.test> 451 4.4.2 local", "failed: timeout", "close"]
        ),
        ClientScenario(
            "timeout waiting for the RSET reply: the result already known is still given",
            greeted() + [
                .send(F.hello),
                .client("MAIL FROM:<alice@a.test>\r\n"), .server("250 Ok\r\n"),
                .client("RCPT TO:<bob@b.test>\r\n"), .server("550 No\r\n"),
                .client("RSET\r\n"),
                .timeout,
            ],
            events: ["greeted", "result: <bob@b.test> 550 recipient", "failed: timeout", "close"]
        ),
        ClientScenario(
            "timeout waiting for the greeting",
            [.timeout],
            events: ["failed: timeout", "close"]
        ),
        ClientScenario(
            "connection closed while idle",
            greeted() + [.closed, .closed, .server("250 late\r\n")],
            events: ["greeted", "failed: connectionClosed"]
        ),
        ClientScenario(
            "a timeout while idle is an idle timeout: QUIT politely",
            greeted() + [.timeout, .client("QUIT\r\n"), .timeout],
            events: ["greeted", "close"]
        ),
        ClientScenario(
            "QUIT answered by closing the connection: nothing more to do",
            greeted() + [.quit, .client("QUIT\r\n"), .closed, .quit],
            events: ["greeted"]
        ),
        ClientScenario(
            "QUIT answered with something other than 221 still ends the session",
            greeted() + [.quit, .client("QUIT\r\n"), .server("500 what\r\n")],
            events: ["greeted", "close"]
        ),
        ClientScenario(
            "a garbled reply to QUIT just closes: the client was leaving anyway",
            greeted() + [.quit, .client("QUIT\r\n"), .server("bye!\r\n")],
            events: ["greeted", "close"]
        ),
        ClientScenario(
            "quit() while a message is in flight: QUIT follows its result",
            greeted("PIPELINING") + [
                .send(F.hello),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nDATA\r\n"),
                .quit,
                .server("250 Ok\r\n250 Ok\r\n354 Go\r\n"),
                .client(F.helloData),
                .server("250 Ok\r\n"),
                .client("QUIT\r\n"),
                .server("221 Bye\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 250 endOfData", "close"]
        ),
        ClientScenario(
            "RSET refused: the result is given, then the session ends (RFC 5321 §4.1.1.5 requires 250)",
            greeted() + [
                .send(F.hello),
                .client("MAIL FROM:<alice@a.test>\r\n"), .server("550 No\r\n"),
                .client("RSET\r\n"), .server("502 Not implemented\r\n"),
                .client("QUIT\r\n"), .server("221 Bye\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 550 mail", "failed: protocolError", "close"]
        ),
        ClientScenario(
            "quit() while the TLS handshake runs closes at once",
            ClientFixture.opportunistic,
            [
                .server(F.greeting), .client("EHLO client.test\r\n"), .server(F.ehlo("STARTTLS")),
                .client("STARTTLS\r\n"), .server("220 Go\r\n"), .quit, .tls,
            ],
            events: ["startTLS", "close"]
        ),
    ]

    @Test("failure dialogues, in every chunking", arguments: scenarios, ClientChunking.allCases)
    func dialogue(scenario: ClientScenario, chunking: ClientChunking) {
        let dialogue = ClientDialogue.run(scenario, chunking: chunking)
        if dialogue.events.contains(where: { $0.hasPrefix("failed") }) {
            #expect(!dialogue.session.isReadyForMessage)
        }
    }

    @Test("the reply timeout follows RFC 5321 §4.5.3.2 for each reply awaited")
    func timeouts() {
        var dialogue = ClientDialogue(F.plain)
        #expect(dialogue.session.replyTimeout == .greeting)
        dialogue.run(greeted())
        #expect(dialogue.session.replyTimeout == nil)
        dialogue.run([.send(F.hello), .client("MAIL FROM:<alice@a.test>\r\n")])
        #expect(dialogue.session.replyTimeout == .mail)
        dialogue.run([.server("250 Ok\r\n"), .client("RCPT TO:<bob@b.test>\r\n")])
        #expect(dialogue.session.replyTimeout == .recipient)
        dialogue.run([.server("250 Ok\r\n"), .client("DATA\r\n")])
        #expect(dialogue.session.replyTimeout == .dataInitiation)
        #expect(dialogue.session.replyTimeout?.seconds == 120)
        dialogue.run([.server("354 Go\r\n"), .client(F.helloData)])
        #expect(dialogue.session.replyTimeout == .dataTermination)
        #expect(dialogue.session.replyTimeout?.seconds == 600)
    }
}
