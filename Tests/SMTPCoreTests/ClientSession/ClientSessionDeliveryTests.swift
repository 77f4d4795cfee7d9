import Testing

@testable import SMTPCore

private typealias F = ClientFixture

private let quitting: [ClientStep] = [.quit, .client("QUIT\r\n"), .server("221 2.0.0 Bye\r\n")]
private let twoRecipients = F.message(to: ["bob@b.test", "carol@c.test"])

@Suite("Client session: mail transactions (RFC 5321 §3.3, RFC 2920)")
struct ClientSessionDeliveryTests {
    static let scenarios: [ClientScenario] = [
        ClientScenario(
            "without PIPELINING each command waits for the reply to the one before (RFC 5321 §3.3)",
            F.greeted("8BITMIME", "SIZE 1000000", "ENHANCEDSTATUSCODES") + [
                .send(F.hello),
                .client("MAIL FROM:<alice@a.test> SIZE=22\r\n"),
                .server("250 2.1.0 Ok\r\n"),
                .client("RCPT TO:<bob@b.test>\r\n"),
                .server("250 2.1.5 Ok\r\n"),
                .client("DATA\r\n"),
                .server("354 End data with <CR><LF>.<CR><LF>\r\n"),
                .client(F.helloData),
                .server("250 2.0.0 Ok: queued as Q1\r\n"),
            ] + quitting,
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "close"]
        ),
        ClientScenario(
            "with PIPELINING, MAIL, every RCPT and DATA go in one write; replies are matched in order (RFC 2920 §3.1)",
            F.greeted("PIPELINING", "SIZE 1000000", "8BITMIME") + [
                .send(twoRecipients),
                .client("MAIL FROM:<alice@a.test> SIZE=22\r\nRCPT TO:<bob@b.test>\r\nRCPT TO:<carol@c.test>\r\nDATA\r\n"),
                .server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"),
                .client(F.helloData),
                .server("250 2.0.0 Ok: queued as Q1\r\n"),
            ] + quitting,
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData, <carol@c.test> 250 2.0.0 endOfData", "close"]
        ),
        ClientScenario(
            "PIPELINING offered but turned off in the configuration: one command at a time",
            ClientSession.Configuration(clientName: "client.test", tlsPolicy: .none, usePipelining: false),
            F.greeted("PIPELINING") + [
                .send(F.hello),
                .client("MAIL FROM:<alice@a.test>\r\n"),
                .server("250 2.1.0 Ok\r\n"),
                .client("RCPT TO:<bob@b.test>\r\n"),
                .server("250 2.1.5 Ok\r\n"),
                .client("DATA\r\n"),
                .server("354 Go ahead\r\n"),
                .client(F.helloData),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData"]
        ),
        ClientScenario(
            "mixed RCPT outcomes, pipelined: the refused recipient keeps its 550, the other gets the final 250",
            F.greeted("PIPELINING") + [
                .send(twoRecipients),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nRCPT TO:<carol@c.test>\r\nDATA\r\n"),
                .server("250 2.1.0 Ok\r\n550 5.1.1 No such user\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"),
                .client(F.helloData),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 550 5.1.1 recipient, <carol@c.test> 250 2.0.0 endOfData"]
        ),
        ClientScenario(
            "mixed RCPT outcomes without pipelining: DATA after the last RCPT because one was accepted",
            F.greeted() + [
                .send(twoRecipients),
                .client("MAIL FROM:<alice@a.test>\r\n"),
                .server("250 2.1.0 Ok\r\n"),
                .client("RCPT TO:<bob@b.test>\r\n"),
                .server("250 2.1.5 Ok\r\n"),
                .client("RCPT TO:<carol@c.test>\r\n"),
                .server("450 4.2.1 Mailbox busy\r\n"),
                .client("DATA\r\n"),
                .server("354 Go ahead\r\n"),
                .client(F.helloData),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData, <carol@c.test> 450 4.2.1 recipient"]
        ),
        ClientScenario(
            "every RCPT refused without pipelining: no DATA, RSET, then the result (RFC 5321 §3.3)",
            F.greeted() + [
                .send(twoRecipients),
                .client("MAIL FROM:<alice@a.test>\r\n"),
                .server("250 2.1.0 Ok\r\n"),
                .client("RCPT TO:<bob@b.test>\r\n"),
                .server("550 5.1.1 No such user\r\n"),
                .client("RCPT TO:<carol@c.test>\r\n"),
                .server("551 5.1.6 User moved\r\n"),
                .client("RSET\r\n"),
                .server("250 2.0.0 Ok\r\n"),
            ] + quitting,
            events: ["greeted", "result: <bob@b.test> 550 5.1.1 recipient, <carol@c.test> 551 5.1.6 recipient", "close"]
        ),
        ClientScenario(
            "every RCPT refused, pipelined: DATA is refused too, then RSET",
            F.greeted("PIPELINING") + [
                .send(twoRecipients),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nRCPT TO:<carol@c.test>\r\nDATA\r\n"),
                .server("250 2.1.0 Ok\r\n550 5.1.1 No such user\r\n550 5.1.1 No such user\r\n554 5.5.1 No valid recipients\r\n"),
                .client("RSET\r\n"),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 550 5.1.1 recipient, <carol@c.test> 550 5.1.1 recipient"]
        ),
        ClientScenario(
            "every RCPT refused but DATA accepted: a lone dot ends the data, no content is sent (RFC 2920 §3.1)",
            F.greeted("PIPELINING") + [
                .send(F.hello),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nDATA\r\n"),
                .server("250 2.1.0 Ok\r\n550 5.1.1 No such user\r\n354 Go ahead\r\n"),
                .client(".\r\n"),
                .server("554 5.5.1 No valid recipients\r\n"),
                .send(F.hello),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nDATA\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 550 5.1.1 recipient"]
        ),
        ClientScenario(
            "MAIL refused without pipelining: no RCPT, every recipient gets the MAIL reply, RSET",
            F.greeted() + [
                .send(twoRecipients),
                .client("MAIL FROM:<alice@a.test>\r\n"),
                .server("550 5.7.1 Sender rejected\r\n"),
                .client("RSET\r\n"),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 550 5.7.1 mail, <carol@c.test> 550 5.7.1 mail"]
        ),
        ClientScenario(
            "MAIL refused, pipelined: the 503s that follow do not hide the MAIL reply",
            F.greeted("PIPELINING") + [
                .send(twoRecipients),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nRCPT TO:<carol@c.test>\r\nDATA\r\n"),
                .server("451 4.7.1 Greylisted\r\n503 5.5.1 Need MAIL\r\n503 5.5.1 Need MAIL\r\n503 5.5.1 Need MAIL\r\n"),
                .client("RSET\r\n"),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 451 4.7.1 mail, <carol@c.test> 451 4.7.1 mail"]
        ),
        ClientScenario(
            "DATA refused after an accepted RCPT: the recipient gets the DATA reply, then RSET",
            F.greeted("PIPELINING") + [
                .send(F.hello),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nDATA\r\n"),
                .server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n451 4.3.2 Try again later\r\n"),
                .client("RSET\r\n"),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 451 4.3.2 data"]
        ),
        ClientScenario(
            "451 4.3.0 at the end of data applies to every accepted recipient; the next message needs no RSET",
            F.greeted("PIPELINING") + [
                .send(twoRecipients),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nRCPT TO:<carol@c.test>\r\nDATA\r\n"),
                .server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 No such user\r\n354 Go ahead\r\n"),
                .client(F.helloData),
                .server("451 4.3.0 Storage failed, try again later\r\n"),
                .send(F.hello),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nDATA\r\n"),
                .server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"),
                .client(F.helloData),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: [
                "greeted", "result: <bob@b.test> 451 4.3.0 endOfData, <carol@c.test> 550 5.1.1 recipient",
                "result: <bob@b.test> 250 2.0.0 endOfData",
            ]
        ),
        ClientScenario(
            "two messages on one connection, then QUIT (RFC 5321 §3.3 connection reuse)",
            F.greeted("PIPELINING") + [
                .send(F.hello),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nDATA\r\n"),
                .server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"),
                .client(F.helloData),
                .server("250 2.0.0 Ok: queued as Q1\r\n"),
                .send(F.message(from: nil, to: ["carol@c.test"], content: "Second\r\n")),
                .client("MAIL FROM:<>\r\nRCPT TO:<carol@c.test>\r\nDATA\r\n"),
                .server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n"),
                .client("Second\r\n.\r\n"),
                .server("250 2.0.0 Ok: queued as Q2\r\n"),
            ] + quitting,
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData", "result: <carol@c.test> 250 2.0.0 endOfData", "close"]
        ),
        ClientScenario(
            "content is dot-stuffed, bare CR and LF become CRLF, a final CRLF is added; SIZE counts the content as sent (RFC 5321 §4.5.2, §2.3.8; RFC 1870 §3)",
            F.greeted("SIZE 1000") + [
                .send(F.message(content: ".hidden\nline\r.\n..x\r\nend")),
                .client("MAIL FROM:<alice@a.test> SIZE=28\r\n"),
                .server("250 2.1.0 Ok\r\n"),
                .client("RCPT TO:<bob@b.test>\r\n"),
                .server("250 2.1.5 Ok\r\n"),
                .client("DATA\r\n"),
                .server("354 Go ahead\r\n"),
                .client("..hidden\r\nline\r\n..\r\n...x\r\nend\r\n.\r\n"),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData"]
        ),
        ClientScenario(
            "content that would smuggle a second message through a lax next hop is sent as one message (CVE-2023-51764)",
            F.greeted() + [
                .send(F.message(content: "a\n.\nMAIL FROM:<evil@x.test>\r\n\r.\r\nRCPT TO:<victim@y.test>\r\n")),
                .client("MAIL FROM:<alice@a.test>\r\n"),
                .server("250 2.1.0 Ok\r\n"),
                .client("RCPT TO:<bob@b.test>\r\n"),
                .server("250 2.1.5 Ok\r\n"),
                .client("DATA\r\n"),
                .server("354 Go ahead\r\n"),
                .client("a\r\n..\r\nMAIL FROM:<evil@x.test>\r\n\r\n..\r\nRCPT TO:<victim@y.test>\r\n.\r\n"),
                .server("250 2.0.0 Ok\r\n"),
            ],
            events: ["greeted", "result: <bob@b.test> 250 2.0.0 endOfData"]
        ),
    ]

    @Test("scripted transactions, in every chunking", arguments: scenarios, ClientChunking.allCases)
    func dialogue(scenario: ClientScenario, chunking: ClientChunking) {
        _ = ClientDialogue.run(scenario, chunking: chunking)
    }

    @Test("a pipelined group is a single write (RFC 2920 §3.1)")
    func pipelinedGroupIsOneWrite() {
        var dialogue = ClientDialogue(F.plain)
        dialogue.run(F.greeted("PIPELINING"))
        let before = dialogue.writes
        dialogue.run([.send(twoRecipients), .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nRCPT TO:<carol@c.test>\r\nDATA\r\n")])
        #expect(dialogue.writes - before == 1)
        // The oldest outstanding reply decides which RFC 5321 §4.5.3.2 timeout runs.
        #expect(dialogue.session.replyTimeout == .mail)
    }

    @Test("the session is ready for a message after greeting and after each result, not in between")
    func readiness() {
        var dialogue = ClientDialogue(F.plain)
        #expect(!dialogue.session.isReadyForMessage)
        dialogue.run(F.greeted())
        #expect(dialogue.session.isReadyForMessage)
        dialogue.run([.send(F.hello), .client("MAIL FROM:<alice@a.test>\r\n")])
        #expect(!dialogue.session.isReadyForMessage)
        dialogue.run([.server("250 Ok\r\n"), .client("RCPT TO:<bob@b.test>\r\n"), .server("550 No\r\n"), .client("RSET\r\n")])
        // The result waits for the RSET reply, so a result always means "ready".
        #expect(dialogue.results.isEmpty)
        #expect(!dialogue.session.isReadyForMessage)
        dialogue.run([.server("250 Ok\r\n")])
        #expect(dialogue.results.count == 1)
        #expect(dialogue.session.isReadyForMessage)
    }
}
