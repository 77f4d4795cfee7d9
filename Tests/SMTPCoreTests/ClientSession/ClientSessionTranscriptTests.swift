import Testing

@testable import SMTPCore

private typealias F = ClientFixture

@Suite("Client session: transcript")
struct ClientSessionTranscriptTests {
    @Test("the transcript shows both sides, with AUTH PLAIN's response redacted (RFC 4954 §4)")
    func plainRedacted() {
        var dialogue = ClientDialogue(ClientSession.Configuration(clientName: "client.test", tlsPolicy: .implicit, credentials: F.alice))
        dialogue.run([
            .server(F.greeting),
            .client("EHLO client.test\r\n"),
            .server(F.ehlo("AUTH PLAIN")),
            .client("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"),
            .server("235 2.7.0 Ok\r\n"),
            .send(F.hello),
            .client("MAIL FROM:<alice@a.test>\r\n"),
            .server("250 Ok\r\n"),
            .client("RCPT TO:<bob@b.test>\r\n"),
            .server("250 Ok\r\n"),
            .client("DATA\r\n"),
            .server("354 Go\r\n"),
            .client(F.helloData),
            .server("250 Ok\r\n"),
        ])
        #expect(dialogue.session.transcript.map(\.description) == [
            "S: 220 mx.test ESMTP",
            "C: EHLO client.test",
            "S: 250-mx.test Hello client.test",
            "S: 250 AUTH PLAIN",
            "C: AUTH PLAIN <redacted>",
            "S: 235 2.7.0 Ok",
            "C: MAIL FROM:<alice@a.test>",
            "S: 250 Ok",
            "C: RCPT TO:<bob@b.test>",
            "S: 250 Ok",
            "C: DATA",
            "S: 354 Go",
            "C: <message content, 22 octets>",
            "C: .",
            "S: 250 Ok",
        ])
    }

    @Test("AUTH LOGIN's user name and password never reach the transcript")
    func loginRedacted() {
        var dialogue = ClientDialogue(ClientSession.Configuration(clientName: "client.test", tlsPolicy: .implicit, credentials: F.alice))
        dialogue.run([
            .server(F.greeting), .client("EHLO client.test\r\n"), .server(F.ehlo("AUTH LOGIN")),
            .client("AUTH LOGIN\r\n"), .server("334 VXNlcm5hbWU6\r\n"),
            .client("YWxpY2U=\r\n"), .server("334 UGFzc3dvcmQ6\r\n"),
            .client("c2VjcmV0\r\n"), .server("535 5.7.8 Nope\r\n"),
            .client("QUIT\r\n"),
        ])
        let lines = dialogue.session.transcript.map(\.description)
        #expect(Array(lines.suffix(7)) == ["C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6", "C: <redacted>", "S: 334 UGFzc3dvcmQ6", "C: <redacted>", "S: 535 5.7.8 Nope", "C: QUIT"])
        #expect(!lines.joined().contains("c2VjcmV0") && !lines.joined().contains("secret"))
    }

    @Test("the transcript keeps the last 200 lines")
    func bounded() {
        var dialogue = ClientDialogue(F.plain)
        dialogue.run([.server(F.greeting), .client("EHLO client.test\r\n"), .server(F.ehlo())])
        for index in 0..<100 {
            dialogue.run([
                .send(F.message(to: ["u\(index)@b.test"])),
                .client("MAIL FROM:<alice@a.test>\r\n"),
                .server("550 No\r\n"),
                .client("RSET\r\n"),
                .server("250 Ok\r\n"),
            ])
        }
        let transcript = dialogue.session.transcript
        #expect(transcript.count == ClientSession.maximumTranscriptLines)
        #expect(transcript.last?.description == "S: 250 Ok")
        #expect(transcript.first?.description == "C: MAIL FROM:<alice@a.test>")
        // Lines taken by position: from the start, only what is kept; one message's own.
        #expect(dialogue.session.transcript(since: 0) == transcript)
        let position = dialogue.session.transcriptPosition
        #expect(dialogue.session.transcript(since: position - 4).map(\.description) == [
            "C: MAIL FROM:<alice@a.test>", "S: 550 No", "C: RSET", "S: 250 Ok",
        ])
        #expect(dialogue.session.transcript(in: (position - 202)..<(position - 198)).map(\.description) == [
            "C: MAIL FROM:<alice@a.test>", "S: 550 No",
        ])
        #expect(dialogue.session.transcript(since: position).isEmpty)
    }

    @Test("a connection reused past twice the kept lines still gives each message its own lines")
    func boundedAcrossTrims() {
        var dialogue = ClientDialogue(F.plain)
        dialogue.run([.server(F.greeting), .client("EHLO client.test\r\n"), .server(F.ehlo())])
        let handshake = dialogue.session.transcriptPosition
        for index in 0..<(ClientSession.maximumTranscriptLines + 7) {
            let position = dialogue.session.transcriptPosition
            dialogue.run([
                .send(F.message(to: ["u\(index)@b.test"])),
                .client("MAIL FROM:<alice@a.test>\r\n"),
                .server("550 No \(index)\r\n"),
                .client("RSET\r\n"),
                .server("250 Ok\r\n"),
            ])
            #expect(dialogue.session.transcript(since: position).map(\.description).dropFirst().first == "S: 550 No \(index)")
            #expect(dialogue.session.transcript.count == min(handshake + 4 * (index + 1), ClientSession.maximumTranscriptLines))
        }
    }

    @Test("control characters from the server cannot forge transcript lines")
    func sanitised() {
        var dialogue = ClientDialogue(F.plain)
        dialogue.run([.server("220 mx.test\u{1B}[2J\rC: AUTH PLAIN secret\r\n"), .client("EHLO client.test\r\n")])
        #expect(dialogue.session.transcript.first?.description == "S: 220 mx.test [2J C: AUTH PLAIN secret")
    }
}
