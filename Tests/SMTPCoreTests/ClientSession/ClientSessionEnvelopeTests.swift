import Testing

@testable import SMTPCore

private typealias F = ClientFixture

private let quitting: [ClientStep] = [.quit, .client("QUIT\r\n"), .server("221 2.0.0 Bye\r\n")]

private let dsnMessage = F.message(
    parameters: MailParameters(size: 1, body: .eightBitMIME, dsnReturn: .headers, envelopeID: "id+1", authenticatedSubmitter: "alice@a.test"),
    recipientParameters: RecipientParameters(
        notify: .conditions([.delay, .failure]),
        originalRecipient: OriginalRecipient(addressType: "rfc822", address: "bob@b.test")
    )
)

@Suite("Client session: the envelope adapted to the server's extensions (RFC 1870, 6152, 6531, 3461)")
struct ClientSessionEnvelopeTests {
    static let scenarios: [ClientScenario] = [
        ClientScenario(
            "a message larger than the server's SIZE is not sent: synthesised 552 5.3.4 for every recipient (RFC 1870 §6)",
            F.greeted("SIZE 21") + [
                .send(F.message(to: ["bob@b.test", "carol@c.test"])),
                .client(""),
            ] + quitting,
            events: ["greeted", "result: <bob@b.test> 552 5.3.4 local, <carol@c.test> 552 5.3.4 local", "close"]
        ),
        ClientScenario(
            "a message of exactly the SIZE limit is sent",
            F.greeted("SIZE 22") + [.send(F.hello), .client("MAIL FROM:<alice@a.test> SIZE=22\r\n")],
            events: ["greeted"]
        ),
        ClientScenario(
            "SIZE 0 means no fixed limit (RFC 1870 §4), but SIZE= is still declared",
            F.greeted("SIZE 0") + [.send(F.hello), .client("MAIL FROM:<alice@a.test> SIZE=22\r\n")],
            events: ["greeted"]
        ),
        ClientScenario(
            "a non-ASCII address without SMTPUTF8 offered: synthesised 553 5.6.7, nothing sent (RFC 6531 §3.5)",
            F.greeted("8BITMIME") + [.send(F.message(to: ["jörg@b.test"])), .client("")],
            events: ["greeted", "result: <jörg@b.test> 553 5.6.7 local"]
        ),
        ClientScenario(
            "SMTPUTF8 asked for by the sender but not offered: synthesised 553 5.6.7",
            F.greeted("8BITMIME") + [.send(F.message(parameters: MailParameters(smtpUTF8: true))), .client("")],
            events: ["greeted", "result: <bob@b.test> 553 5.6.7 local"]
        ),
        ClientScenario(
            "a non-ASCII address with SMTPUTF8 offered: MAIL carries SMTPUTF8 even if the sender forgot it (RFC 6531 §3.4)",
            F.greeted("8BITMIME", "SMTPUTF8") + [
                .send(F.message(to: ["jörg@bücher.test"], content: "Grüße\r\n")),
                .client("MAIL FROM:<alice@a.test> SMTPUTF8\r\n"),
                .server("250 Ok\r\n"),
                .client("RCPT TO:<jörg@bücher.test>\r\n"),
                .server("250 Ok\r\n"),
                .client("DATA\r\n"),
                .server("354 Go\r\n"),
                .client("Grüße\r\n.\r\n"),
                .server("250 Ok\r\n"),
            ],
            events: ["greeted", "result: <jörg@bücher.test> 250 endOfData"]
        ),
        ClientScenario(
            "8-bit content without 8BITMIME: synthesised 554 5.6.3, no downgrade (RFC 6152 §3)",
            F.greeted("SIZE 1000") + [.send(F.message(parameters: MailParameters(body: .eightBitMIME), content: "Grüße\r\n")), .client("")],
            events: ["greeted", "result: <bob@b.test> 554 5.6.3 local"]
        ),
        ClientScenario(
            "BODY=BINARYMIME needs BDAT, which the client does not use: synthesised 554 5.6.3",
            F.greeted("8BITMIME", "CHUNKING", "BINARYMIME") + [.send(F.message(parameters: MailParameters(body: .binaryMIME))), .client("")],
            events: ["greeted", "result: <bob@b.test> 554 5.6.3 local"]
        ),
        ClientScenario(
            "BODY=8BITMIME on 7-bit content to a server without 8BITMIME: BODY is left out",
            F.greeted("PIPELINING") + [
                .send(F.message(parameters: MailParameters(body: .eightBitMIME))),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nDATA\r\n"),
            ],
            events: ["greeted"]
        ),
        ClientScenario(
            "BODY is passed through when 8BITMIME is offered",
            F.greeted("PIPELINING", "8BITMIME") + [
                .send(F.message(parameters: MailParameters(body: .eightBitMIME), content: "Grüße\r\n")),
                .client("MAIL FROM:<alice@a.test> BODY=8BITMIME\r\nRCPT TO:<bob@b.test>\r\nDATA\r\n"),
            ],
            events: ["greeted"]
        ),
        ClientScenario(
            "DSN parameters, AUTH= and BODY pass when DSN, AUTH and 8BITMIME are offered (RFC 3461 §4, RFC 4954 §5)",
            F.greeted("PIPELINING", "SIZE", "8BITMIME", "DSN", "AUTH PLAIN") + [
                .send(dsnMessage),
                .client("MAIL FROM:<alice@a.test> SIZE=22 BODY=8BITMIME RET=HDRS ENVID=id+2B1 AUTH=alice@a.test\r\nRCPT TO:<bob@b.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;bob@b.test\r\nDATA\r\n"),
            ],
            events: ["greeted"]
        ),
        ClientScenario(
            "DSN parameters, AUTH= and BODY are left out when not offered; the caller's SIZE is never trusted",
            F.greeted("PIPELINING") + [
                .send(dsnMessage),
                .client("MAIL FROM:<alice@a.test>\r\nRCPT TO:<bob@b.test>\r\nDATA\r\n"),
            ],
            events: ["greeted"]
        ),
        ClientScenario(
            "a message without recipients is not sent",
            F.greeted() + [.send(F.message(to: [])), .client("")],
            events: ["greeted", "result: "]
        ),
        ClientScenario(
            "a message handed over before the greeting is refused with a transient synthesised reply",
            [.send(F.hello), .client(""), .server(F.greeting), .client("EHLO client.test\r\n")],
            events: ["result: <bob@b.test> 451 4.3.0 local"]
        ),
    ]

    @Test("envelope parameters and local refusals, in every chunking", arguments: scenarios, ClientChunking.allCases)
    func dialogue(scenario: ClientScenario, chunking: ClientChunking) {
        let dialogue = ClientDialogue.run(scenario, chunking: chunking)
        for result in dialogue.results.flatMap(\.recipientResults) where result.stage == .local {
            #expect(result.isSynthesized && !result.isAccepted)
        }
    }

    @Test("a synthesised refusal leaves the session ready for the next message")
    func readyAfterLocalRefusal() {
        var dialogue = ClientDialogue(F.plain)
        dialogue.run(F.greeted("SIZE 10") + [.send(F.hello)])
        #expect(dialogue.session.isReadyForMessage)
        #expect(dialogue.results.first?.recipientResults.first?.reply.text.contains("22") == true)
    }
}
