import Testing

@testable import SMTPCore

private typealias F = ClientFixture

/// The usual 22 octets of content as one chunk.
private let helloChunk = "BDAT 22 LAST\r\nSubject: hi\r\n\r\nHello\r\n"
/// MAIL, RCPT and the chunk for one recipient, in one write.
private func chunked(_ recipient: String) -> String { "MAIL FROM:<alice@a.test>\r\nRCPT TO:<\(recipient)>\r\n" + helloChunk }
/// The replies accepting a chunked message.
private let accepted = "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.0.0 Ok: queued\r\n"

@Suite("Client session: content as a BDAT chunk (RFC 3030)")
struct ClientSessionChunkingTests {
    static let scenarios: [ClientScenario] = [
        ClientScenario(
            "with CHUNKING and PIPELINING, MAIL, RCPT, BDAT and the content go in one write, answered in one turn",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .client(chunked("bob@b.test")), .server(accepted),
            ],
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData"]
        ),
        ClientScenario(
            "with CHUNKING and without PIPELINING, the chunk goes once a recipient is accepted",
            F.greeted("CHUNKING") + [
                .send(F.toBob),
                .client("MAIL FROM:<alice@a.test>\r\n"), .server("250 2.1.0 Ok\r\n"),
                .client("RCPT TO:<bob@b.test>\r\n"), .server("250 2.1.5 Ok\r\n"),
                .client(helloChunk), .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData"]
        ),
        ClientScenario(
            "every recipient refused: the chunk's refusal concerns no one, RSET clears the server before the result",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .client(chunked("bob@b.test")),
                .server("250 2.1.0 Ok\r\n550 5.1.1 No such user\r\n554 5.5.1 No valid recipients\r\n"),
                .client("RSET\r\n"), .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 550 5.1.1 recipient"]
        ),
        ClientScenario(
            "a refused chunk is every accepted recipient's fate, and RSET follows it",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.message(to: ["bob@b.test", "nobody@b.test"])),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nRCPT TO:<nobody@b.test>\r\n" + helloChunk),
                .server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 No such user\r\n554 5.7.1 Rejected as spam\r\n"),
                .client("RSET\r\n"), .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 554 5.7.1 endOfData, <nobody@b.test> 550 5.1.1 recipient"]
        ),
        ClientScenario(
            "a message given meanwhile goes out whole behind the chunk before, after an RSET; results in order",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .send(F.toCarol),
                .client(chunked("bob@b.test") + "RSET\r\n" + chunked("carol@c.test")),
                .server(accepted + "250 2.0.0 Ok\r\n" + accepted),
            ],
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "result: <carol@c.test> 250 2.0.0 endOfData"]
        ),
        ClientScenario(
            "a refused chunk does not hold up the message behind it, whose RSET clears the server",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .send(F.toCarol),
                .client(chunked("bob@b.test") + "RSET\r\n" + chunked("carol@c.test")),
                .server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n552 5.3.4 Too big\r\n250 2.0.0 Ok\r\n" + accepted),
            ],
            events: ["greeted", "result: <bob@b.test> 552 5.3.4 endOfData", "result: <carol@c.test> 250 2.0.0 endOfData"]
        ),
        ClientScenario(
            "several messages on the wire at once, each whole behind the one before; a refusal in the middle holds up none",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .send(F.toCarol), .send(F.toDave),
                .client(chunked("bob@b.test") + "RSET\r\n" + chunked("carol@c.test") + "RSET\r\n" + chunked("dave@d.test")),
                .server(accepted + "250 2.0.0 Ok\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n451 4.3.0 Try later\r\n"),
                .server("250 2.0.0 Ok\r\n" + accepted),
            ],
            events: [
                "greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "result: <carol@c.test> 451 4.3.0 endOfData",
                "result: <dave@d.test> 250 2.0.0 endOfData",
            ]
        ),
        ClientScenario(
            "an RSET refused before the message behind: that message gets a transient result and the session ends",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .send(F.toCarol),
                .client(chunked("bob@b.test") + "RSET\r\n" + chunked("carol@c.test")),
                .server(accepted + "500 5.5.1 What?\r\n"),
            ],
            events: [
                "greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "result: <carol@c.test> 451 4.5.0 local",
                "failed: protocolError", "close",
            ]
        ),
        ClientScenario(
            "the connection lost with chunks out: every message gets a transient result",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .send(F.toCarol),
                .client(chunked("bob@b.test") + "RSET\r\n" + chunked("carol@c.test")),
                .closed,
            ],
            events: [
                "greeted", "result: <bob@b.test> 451 4.4.2 local", "result: <carol@c.test> 451 4.4.2 local", "failed: connectionClosed",
            ]
        ),
        ClientScenario(
            "MAIL refused in a chunked group: every recipient gets the MAIL reply, RSET follows",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .client(chunked("bob@b.test")),
                .server("550 5.7.1 Not from you\r\n503 5.5.1 Need MAIL\r\n503 5.5.1 Need MAIL\r\n"),
                .client("RSET\r\n"), .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 550 5.7.1 mail"]
        ),
        ClientScenario(
            "without PIPELINING a refused chunk is followed by RSET too",
            F.greeted("CHUNKING") + [
                .send(F.toBob),
                .client("MAIL FROM:<alice@a.test>\r\n"), .server("250 2.1.0 Ok\r\n"),
                .client("RCPT TO:<bob@b.test>\r\n"), .server("250 2.1.5 Ok\r\n"),
                .client(helloChunk), .server("554 5.7.1 Rejected\r\n"),
                .client("RSET\r\n"), .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 554 5.7.1 endOfData"]
        ),
        ClientScenario(
            "the RSET after a refused chunk refused too: the result, then the session ends with QUIT",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .client(chunked("bob@b.test")),
                .server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n554 5.7.1 Rejected\r\n"),
                .client("RSET\r\n"), .server("500 5.5.1 What?\r\n"),
                .client("QUIT\r\n"), .server("221 2.0.0 Bye\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 554 5.7.1 endOfData", "failed: protocolError", "close"]
        ),
        ClientScenario(
            "a chunk answered with 354 is a protocol error: the message gets a transient result",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .client(chunked("bob@b.test")),
                .server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 451 4.5.0 local", "failed: protocolError", "close"]
        ),
        ClientScenario(
            "empty content is one empty chunk",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.message(to: ["bob@b.test"], content: "")),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nBDAT 0 LAST\r\n"), .server(accepted),
            ],
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData"]
        ),
        ClientScenario(
            "QUIT asked for with chunks on the wire goes out after the last result",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .send(F.toCarol), .quit,
                .client(chunked("bob@b.test") + "RSET\r\n" + chunked("carol@c.test")),
                .server(accepted + "250 2.0.0 Ok\r\n" + accepted),
                .client("QUIT\r\n"), .server("221 2.0.0 Bye\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "result: <carol@c.test> 250 2.0.0 endOfData", "close"]
        ),
        ClientScenario(
            "a queued message the server cannot take waits for the chunks before it, then gets its refusal in turn",
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .send(F.message(to: ["jörg@b.test"])), .send(F.toCarol),
                .client(chunked("bob@b.test")),
                .server(accepted),
                .client(chunked("carol@c.test")),
                .server(accepted),
            ],
            events: [
                "greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "result: <jörg@b.test> 553 5.6.7 local",
                "result: <carol@c.test> 250 2.0.0 endOfData",
            ]
        ),
        ClientScenario(
            "with chunking turned off, DATA even when the server offers CHUNKING",
            ClientSession.Configuration(clientName: "client.test", tlsPolicy: .none, useChunking: false),
            F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nDATA\r\n"),
                .server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"),
                .client(F.helloData), .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData"]
        ),
    ]

    @Test("scenarios", arguments: scenarios, ClientChunking.allCases)
    func scenario(_ scenario: ClientScenario, chunking: ClientChunking) {
        _ = ClientDialogue.run(scenario, chunking: chunking)
    }

    @Test("421 with chunks on the wire: a chunk it answers counts as sent; those after the command it answers, never read, do not")
    func serviceClosingWithChunksOut() {
        for (replies, firstStage) in [
            (accepted + "421 4.7.0 Too many messages\r\n", "250 2.0.0 endOfData"),
            ("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n421 4.3.2 Shutting down\r\n", "421 4.3.2 endOfData"),
        ] {
            var dialogue = ClientDialogue(F.plain)
            dialogue.run(F.greeted("PIPELINING", "CHUNKING") + [
                .send(F.toBob), .send(F.toCarol), .send(F.toDave),
                .client(chunked("bob@b.test") + "RSET\r\n" + chunked("carol@c.test") + "RSET\r\n" + chunked("dave@d.test")),
                .server(replies),
            ])
            #expect(dialogue.results.count == 3)
            #expect(dialogue.events.dropFirst().first == "result: <bob@b.test> \(firstStage)")
            #expect(dialogue.results.first?.isContentSent == true, "Bob's chunk was read: answered with 250 or refused")
            let closing = replies.split(separator: "\r\n").last.map(String.init) ?? ""
            for behind in dialogue.results.dropFirst() {
                #expect(!behind.isContentSent, "\(behind)")
                #expect(behind.recipientResults.allSatisfy { $0.isSynthesized && $0.reply.code.kind == .transientNegative })
                #expect(behind.transcript.last?.description.hasSuffix(closing) == true, "its own dialogue ends with why: \(behind.transcript)")
            }
            #expect(dialogue.results.last?.transcript.last?.description == "* no reply to these: \(closing)", "Dave's commands were never answered")
        }
    }

    @Test("with a chunk on the wire every reply before its own waits as long as the end of data may take")
    func timeoutWithChunkOut() {
        var dialogue = ClientDialogue(F.plain)
        dialogue.run(F.greeted("PIPELINING", "CHUNKING") + [.send(F.toBob), .client(chunked("bob@b.test"))])
        #expect(dialogue.session.replyTimeout == .dataTermination)
        dialogue.run([.server("250 2.1.0 Ok\r\n")])
        #expect(dialogue.session.replyTimeout == .dataTermination)
        let large = F.message(to: ["bob@b.test"], content: String(repeating: "x\r\n", count: 100_000))
        var waiting = ClientDialogue(F.plain)
        waiting.run(F.greeted("PIPELINING", "CHUNKING") + [.send(large), .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\n")])
        #expect(waiting.session.replyTimeout == .mail, "a large chunk not yet sent")
        waiting.run([.timeout])
        #expect(waiting.results.first?.isContentSent == false)
    }

    @Test("a message given while chunks are on the wire goes out at once behind the last of them")
    func givenWhileOnTheWire() {
        var dialogue = ClientDialogue(F.plain)
        dialogue.run(F.greeted("PIPELINING", "CHUNKING") + [
            .send(F.toBob), .client(chunked("bob@b.test")),
            .send(F.toCarol), .client("RSET\r\n" + chunked("carol@c.test")),
            .server("250 2.1.0 Ok\r\n"),
            .send(F.toDave), .client("RSET\r\n" + chunked("dave@d.test")),
        ])
        #expect(dialogue.session.messagesInProgress == 3)
        dialogue.run([.server("250 2.1.5 Ok\r\n250 2.0.0 Ok\r\n" + "250 2.0.0 Ok\r\n" + accepted + "250 2.0.0 Ok\r\n" + accepted)])
        #expect(dialogue.events == [
            "greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "result: <carol@c.test> 250 2.0.0 endOfData",
            "result: <dave@d.test> 250 2.0.0 endOfData",
        ])
        #expect(dialogue.session.isReadyForMessage)
    }

    @Test("a chunk larger than a round trip's worth waits for the RCPT replies: sent when one is accepted, never when none is")
    func largeChunkWaits() {
        let content = String(repeating: "0123456789012345678901234567890123456789\r\n", count: 6300)
        let large = F.message(to: ["bob@b.test", "nobody@b.test"], content: content)
        #expect(content.utf8.count > ClientSession.largestPipelinedChunk)
        let commands = "MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nRCPT TO:<nobody@b.test>\r\n"
        for chunking in ClientChunking.allCases {
            var dialogue = ClientDialogue(F.plain, chunking: chunking)
            dialogue.run(F.greeted("PIPELINING", "CHUNKING") + [
                .send(large), .send(F.toCarol), .client(commands),
                .server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 No such user\r\n"),
                .client("BDAT \(content.utf8.count) LAST\r\n" + content + "RSET\r\n" + chunked("carol@c.test")),
                .server("250 2.0.0 Ok\r\n250 2.0.0 Ok\r\n" + accepted),
            ])
            #expect(dialogue.events == [
                "greeted", "result: <bob@b.test> 250 2.0.0 endOfData, <nobody@b.test> 550 5.1.1 recipient",
                "result: <carol@c.test> 250 2.0.0 endOfData",
            ], "[\(chunking)]")

            var refused = ClientDialogue(F.plain, chunking: chunking)
            refused.run(F.greeted("PIPELINING", "CHUNKING") + [
                .send(large), .client(commands),
                .server("250 2.1.0 Ok\r\n550 5.1.1 No such user\r\n550 5.1.1 No such user\r\n"),
                .client("RSET\r\n"), .server("250 2.0.0 Ok\r\n"),
            ])
            #expect(refused.events == ["greeted", "result: <bob@b.test> 550 5.1.1 recipient, <nobody@b.test> 550 5.1.1 recipient"], "[\(chunking)]")
            #expect(refused.results.first?.isContentSent == false)
        }
    }

    @Test("a chunk is the content with CRLF line endings and no dot-stuffing; SIZE= and BDAT count the same octets")
    func chunkContent() {
        var dialogue = ClientDialogue(F.plain)
        let content = "Subject: dots\n.\n..twice\r\nlast line"
        dialogue.run(F.greeted("PIPELINING", "CHUNKING", "SIZE 1000000") + [
            .send(F.message(to: ["bob@b.test"], content: content)),
            .client("MAIL FROM:<alice@a.test> SIZE=38\r\nRCPT TO:<bob@b.test>\r\nBDAT 38 LAST\r\nSubject: dots\r\n.\r\n..twice\r\nlast line\r\n"),
            .server(accepted),
        ])
        #expect(dialogue.results.count == 1)
        #expect(DataEncoder.chunk(Array(content.utf8)) == DataEncoder.normalized(Array(content.utf8)))
        let canonical = Array("a\r\n.b\r\n".utf8)
        #expect(DataEncoder.chunk(canonical) == canonical)
    }

    @Test("each message's dialogue holds its own lines: the chunk as one line, the RSET before a message behind another in its own")
    func transcripts() {
        var dialogue = ClientDialogue(F.plain)
        dialogue.run(F.greeted("PIPELINING", "CHUNKING") + [
            .send(F.toBob), .send(F.toCarol),
            .client(chunked("bob@b.test") + "RSET\r\n" + chunked("carol@c.test")),
        ])
        #expect(dialogue.writes == 3, "EHLO, then the two messages in one write each")
        dialogue.run([.server(accepted + "250 2.0.0 Ok\r\n" + accepted)])
        let first = dialogue.results[0], second = dialogue.results[1]
        #expect(first.isContentSent && second.isContentSent)
        #expect(first.transcript.map(\.description) == [
            "C: MAIL FROM:<alice@a.test>", "C: RCPT TO:<bob@b.test>", "C: BDAT 22 LAST", "C: <message content, 22 octets>",
            "S: 250 2.1.0 Ok", "S: 250 2.1.5 Ok", "S: 250 2.0.0 Ok: queued",
        ])
        #expect(second.transcript.map(\.description) == [
            "* pipelined: sent behind the content of the message before (RFC 2920)",
            "C: RSET", "C: MAIL FROM:<alice@a.test>", "C: RCPT TO:<carol@c.test>", "C: BDAT 22 LAST", "C: <message content, 22 octets>",
            "S: 250 2.0.0 Ok", "S: 250 2.1.0 Ok", "S: 250 2.1.5 Ok", "S: 250 2.0.0 Ok: queued",
        ])
        #expect(dialogue.session.isReadyForMessage)
    }
}
