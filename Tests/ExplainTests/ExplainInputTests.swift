import Testing

@testable import Explain
@testable import SMTPCore

@Suite("Reading what a person pastes into explain")
struct ExplainInputTests {
    @Test("recognises replies, codes and bounce lines", arguments: [
        ("451 4.3.0 Mail server temporarily rejected message", 451, "4.3.0"),
        ("451", 451, nil),
        ("  550 5.1.1 <nobody@example.com>: Recipient address rejected  ", 550, "5.1.1"),
        ("Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>... User unknown", 550, "5.1.1"),
        ("Diagnostic-Code: SMTP; 452 4.2.2 Mailbox full", 452, "4.2.2"),
        ("host mx.example.com[192.0.2.1] said: 554 5.7.1 Service unavailable; client blocked (in reply to RCPT TO command)", 554, "5.7.1"),
        ("421-4.7.0 Too many connections\r\n421 4.7.0 Try again later", 421, "4.7.0"),
    ] as [(String, Int, String?)])
    func replies(text: String, code: Int, enhanced: String?) throws {
        let inputs = try ExplainInput.parse(text)
        guard case .reply(let reply) = inputs.first else {
            Issue.record("not read as a reply: \(inputs)")
            return
        }
        #expect(reply.code.rawValue == code)
        #expect(reply.enhancedCode?.description == enhanced)
    }

    @Test("an enhanced code alone, or a DSN Status: field", arguments: ["4.3.0", "Status: 5.1.1", "5.7.1 Relaying denied"])
    func enhancedOnly(text: String) throws {
        guard case .enhancedCode = try ExplainInput.parse(text).first else {
            Issue.record("not read as an enhanced code")
            return
        }
    }

    @Test("a pasted transcript gives one entry per reply")
    func transcript() throws {
        let inputs = try ExplainInput.parse("250-mx.example Hello\n250-PIPELINING\n250 SIZE 100\n451 4.3.0 later\n")
        #expect(inputs.count == 2)
    }

    @Test("anything else is an error, not a crash", arguments: ["", "   ", "hello world", "999", "12", "4.3", "1.2.3"])
    func notAReply(text: String) {
        #expect(throws: ExplainInput.Error.self) { try ExplainInput.parse(text) }
    }
}
