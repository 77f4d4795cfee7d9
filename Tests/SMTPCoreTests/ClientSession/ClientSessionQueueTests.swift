import Testing

@testable import SMTPCore

private typealias F = ClientFixture

private let quitting: [ClientStep] = [.quit, .client("QUIT\r\n"), .server("221 2.0.0 Bye\r\n")]

/// MAIL, RCPT and DATA for one recipient, as one pipelined group.
private func group(_ recipient: String) -> String { "MAIL FROM:<alice@a.test>\r\nRCPT TO:<\(recipient)>\r\nDATA\r\n" }
/// The replies accepting a group.
private let accepted = "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"
/// Bob's group accepted, and his content out with Carol's group behind it.
private let carolBehindBob: [ClientStep] = [.client(group("bob@b.test")), .server(accepted), .client(F.helloData + group("carol@c.test"))]

@Suite("Client session: messages given while another is in progress (RFC 2920 §3.1)")
struct ClientSessionQueueTests {
    static let scenarios: [ClientScenario] = [
        ClientScenario(
            "with PIPELINING the next message's MAIL, RCPT and DATA follow the content before it; results come in order",
            F.greeted("PIPELINING") + [
                .send(F.toBob), .send(F.toCarol), .send(F.toDave),
            ] + carolBehindBob + [
                .server("250 2.0.0 Ok: queued as Q1\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"),
                .client(F.helloData + group("dave@d.test")),
                .server("250 2.0.0 Ok: queued as Q2\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"),
                .client(F.helloData),
                .server("250 2.0.0 Ok: queued as Q3\r\n"),
            ] + quitting,
            events: [
                "greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "result: <carol@c.test> 250 2.0.0 endOfData",
                "result: <dave@d.test> 250 2.0.0 endOfData", "close",
            ]
        ),
        ClientScenario(
            "without PIPELINING the next message starts after the result before it",
            F.greeted("8BITMIME") + [
                .send(F.toBob), .send(F.toCarol),
                .client("MAIL FROM:<alice@a.test>\r\n"),
                .server("250 2.1.0 Ok\r\n"), .client("RCPT TO:<bob@b.test>\r\n"),
                .server("250 2.1.5 Ok\r\n"), .client("DATA\r\n"),
                .server("354 Go ahead\r\n"), .client(F.helloData),
                .server("250 2.0.0 Ok\r\n"), .client("MAIL FROM:<alice@a.test>\r\n"),
                .server("250 2.1.0 Ok\r\n"), .client("RCPT TO:<carol@c.test>\r\n"),
                .server("250 2.1.5 Ok\r\n"), .client("DATA\r\n"),
                .server("354 Go ahead\r\n"), .client(F.helloData),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "result: <carol@c.test> 250 2.0.0 endOfData"]
        ),
        ClientScenario(
            "a pipelined message refused at MAIL is reset; the one behind it starts after the RSET reply",
            F.greeted("PIPELINING") + [
                .send(F.toBob), .send(F.toCarol), .send(F.toDave),
            ] + carolBehindBob + [
                .server("250 2.0.0 Ok\r\n451 4.3.0 Try later\r\n503 5.5.1 No MAIL\r\n503 5.5.1 No valid recipients\r\n"),
                .client("RSET\r\n"),
                .server("250 2.0.0 Ok\r\n"),
                .client(group("dave@d.test")),
                .server(accepted),
                .client(F.helloData),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: [
                "greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "result: <carol@c.test> 451 4.3.0 mail",
                "result: <dave@d.test> 250 2.0.0 endOfData",
            ]
        ),
        ClientScenario(
            "a refused final dot does not hold up the message pipelined behind it",
            F.greeted("PIPELINING") + [
                .send(F.toBob), .send(F.toCarol),
            ] + carolBehindBob + [
                .server("554 5.7.1 Spam\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"),
                .client(F.helloData),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 554 5.7.1 endOfData", "result: <carol@c.test> 250 2.0.0 endOfData"]
        ),
        ClientScenario(
            "the connection lost after a pipelined group: every message gets a transient result, those never sent too",
            F.greeted("PIPELINING") + [
                .send(F.toBob), .send(F.toCarol), .send(F.toDave),
            ] + carolBehindBob + [
                .closed,
            ],
            events: [
                "greeted", "result: <bob@b.test> 451 4.4.2 local", "result: <carol@c.test> 451 4.4.2 local",
                "result: <dave@d.test> 451 4.4.2 local", "failed: connectionClosed",
            ]
        ),
        ClientScenario(
            "421 after the content ends the message before and the one pipelined behind it",
            F.greeted("PIPELINING") + [
                .send(F.toBob), .send(F.toCarol),
            ] + carolBehindBob + [
                .server("421 4.3.2 Shutting down\r\n"),
            ],
            events: [
                "greeted", "result: <bob@b.test> 421 4.3.2 endOfData", "result: <carol@c.test> 421 4.3.2 local",
                "failed: serviceClosing 421 4.3.2", "close",
            ]
        ),
        ClientScenario(
            "a queued message the server cannot take is not pipelined: its refusal comes after the result before it",
            F.greeted("PIPELINING") + [
                .send(F.toBob), .send(F.message(to: ["jörg@b.test"])),
                .client(group("bob@b.test")),
                .server(accepted),
                .client(F.helloData),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "result: <jörg@b.test> 553 5.6.7 local"]
        ),
        ClientScenario(
            "QUIT asked for while messages are queued goes out after the last of them",
            F.greeted("PIPELINING") + [
                .send(F.toBob), .send(F.toCarol), .quit,
            ] + carolBehindBob + [
                .server("250 2.0.0 Ok\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"),
                .client(F.helloData),
                .server("250 2.0.0 Ok\r\n"),
                .client("QUIT\r\n"),
                .server("221 2.0.0 Bye\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "result: <carol@c.test> 250 2.0.0 endOfData", "close"]
        ),
    ]

    @Test("scenarios", arguments: scenarios, ClientChunking.allCases)
    func scenario(_ scenario: ClientScenario, chunking: ClientChunking) {
        _ = ClientDialogue.run(scenario, chunking: chunking)
    }

    @Test("the content and the next message's commands are one write; each message's dialogue holds its own lines only")
    func oneWriteAndTranscriptStarts() {
        var dialogue = ClientDialogue(F.plain)
        dialogue.run(F.greeted("PIPELINING") + [.send(F.toBob), .send(F.toCarol), .client(group("bob@b.test"))])
        #expect(dialogue.session.messagesInProgress == 2)
        #expect(!dialogue.session.isReadyForMessage && dialogue.session.acceptsMessages)
        dialogue.run([
            .server(accepted),
            .client(F.helloData + group("carol@c.test")),
            .server("250 2.0.0 Ok\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"),
            .client(F.helloData),
            .server("250 2.0.0 Ok\r\n"),
        ])
        #expect(dialogue.results.count == 2)
        #expect(dialogue.session.isReadyForMessage)
        let first = dialogue.results[0], second = dialogue.results[1]
        #expect(first.isContentSent && second.isContentSent)
        #expect(first.transcript.map(\.description) == [
            "C: MAIL FROM:<alice@a.test>", "C: RCPT TO:<bob@b.test>", "C: DATA",
            "S: 250 2.1.0 Ok", "S: 250 2.1.5 Ok", "S: 354 Go ahead", "C: <message content, 22 octets>", "C: .",
            "S: 250 2.0.0 Ok",
        ])
        #expect(second.transcript.map(\.description) == [
            "* pipelined: sent behind the content of the message before (RFC 2920)", "C: MAIL FROM:<alice@a.test>", "C: RCPT TO:<carol@c.test>", "C: DATA",
            "S: 250 2.1.0 Ok", "S: 250 2.1.5 Ok", "S: 354 Go ahead", "C: <message content, 22 octets>", "C: .",
            "S: 250 2.0.0 Ok",
        ], "the commands pipelined behind the first content are recorded after its result")
    }

    @Test("the content and the group behind it are given in the same batch of actions")
    func contentAndGroupInOneBatch() {
        var session = ClientSession(configuration: F.plain)
        _ = session.receive(Array(F.greeting.utf8))
        _ = session.receive(Array(Reply(code: 250, enhancedCode: nil, lines: ["mx.test", "PIPELINING"]).encoded))
        _ = session.send(F.toBob)
        #expect(session.send(F.toCarol).isEmpty, "queued, nothing written yet")
        let actions = session.receive(Array(accepted.utf8))
        let sends = actions.compactMap { if case .send(let bytes) = $0 { bytes.clientText } else { nil } }
        #expect(sends.joined() == F.helloData + group("carol@c.test"))
        #expect(actions.allSatisfy { if case .send = $0 { true } else { false } }, "one run of sends: one write")
    }

    @Test("a message given while QUIT waits for one in progress goes out before QUIT, its result in order; after QUIT it gets a transient 451")
    func sendWhileQuitting() {
        var dialogue = ClientDialogue(F.plain)
        dialogue.run(F.greeted("PIPELINING") + [.send(F.toBob), .quit, .client(group("bob@b.test"))])
        #expect(!dialogue.session.acceptsMessages)
        dialogue.run([
            .send(F.toCarol),
            .server(accepted),
            .client(F.helloData + group("carol@c.test")),
            .server("250 2.0.0 Ok\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"),
            .client(F.helloData),
            .server("250 2.0.0 Ok\r\n"),
            .client("QUIT\r\n"),
            .send(F.toDave),
            .server("221 2.0.0 Bye\r\n"),
        ])
        #expect(dialogue.events == [
            "greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "result: <carol@c.test> 250 2.0.0 endOfData",
            "result: <dave@d.test> 451 4.3.0 local", "close",
        ])
    }

    @Test("the connection lost with a long message pipelined behind: the one before keeps its own dialogue and counts as sent")
    func lostBehindLongFollowing() {
        let many = F.message(to: (0..<198).map { "r\($0)@c.test" })
        var dialogue = ClientDialogue(F.plain)
        dialogue.run(F.greeted("PIPELINING") + [.send(F.toBob), .send(many), .client(group("bob@b.test"))])
        let group = "MAIL FROM:<alice@a.test>\r\n" + (0..<198).map { "RCPT TO:<r\($0)@c.test>\r\n" }.joined() + "DATA\r\n"
        dialogue.run([.server(accepted), .client(F.helloData + group), .closed])
        #expect(dialogue.results.count == 2)
        guard dialogue.results.count == 2 else { return }
        let first = dialogue.results[0], second = dialogue.results[1]
        // Its content went out: the server may have the message, so it is not sent again at once.
        #expect(first.isContentSent)
        #expect(first.transcript.map(\.description).contains("S: 354 Go ahead"), "the lines of the message behind pushed out none of its own")
        #expect(!second.isContentSent)
        #expect(second.recipientResults.count == 198)
        #expect(second.recipientResults.allSatisfy { $0.isSynthesized && $0.reply.code == 451 })
    }
}

