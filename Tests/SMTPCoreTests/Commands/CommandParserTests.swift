import PropertyBased
import Testing

@testable import SMTPCore

@Suite("Command parser (RFC 5321 §4.1.1)")
struct CommandParserTests {
    static func parse(_ line: String) -> Result<Command, CommandParseError> {
        CommandParser.parse(Array(line.utf8))
    }

    static func mailbox(_ text: String) -> Mailbox { Mailbox(text)! }

    @Test("the RFCs' own example commands", arguments: [
        // RFC 5321 Appendix D.1
        ("EHLO bar.com", Command.extendedHello("bar.com")),
        ("MAIL FROM:<Smith@bar.com>", .mail(.mailbox(mailbox("Smith@bar.com")), MailParameters())),
        ("RCPT TO:<Jones@foo.com>", .recipient(.mailbox(mailbox("Jones@foo.com")), RecipientParameters())),
        ("DATA", .data),
        ("QUIT", .quit),
        // RFC 5321 §4.1.1.3 and §4.5.1
        ("RCPT TO:<Postmaster>", .recipient(.postmaster, RecipientParameters())),
        ("RCPT TO:<@hosta.int,@jkl.org:userc@d.bar.org>", .recipient(.mailbox(mailbox("userc@d.bar.org")), RecipientParameters())),
        ("MAIL FROM:<>", .mail(.null, MailParameters())),
        // RFC 1870 §7
        ("MAIL FROM:<ned@thor.innosoft.com> SIZE=500000", .mail(.mailbox(mailbox("ned@thor.innosoft.com")), MailParameters(size: 500000))),
        // RFC 3461 §9
        ("MAIL FROM:<Alice@Pure-Heart.example.com> RET=HDRS ENVID=QQ314159",
         .mail(.mailbox(mailbox("Alice@Pure-Heart.example.com")), MailParameters(dsnReturn: .headers, envelopeID: "QQ314159"))),
        ("RCPT TO:<Dana@Ivory.example.net> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Dana@Ivory.example.net",
         .recipient(.mailbox(mailbox("Dana@Ivory.example.net")), RecipientParameters(notify: .conditions([.success, .failure]), originalRecipient: OriginalRecipient(addressType: "rfc822", address: "Dana@Ivory.example.net")))),
        ("RCPT TO:<Bob@Blue.example.org> NOTIFY=NEVER", .recipient(.mailbox(mailbox("Bob@Blue.example.org")), RecipientParameters(notify: .never))),
        // RFC 6152, RFC 6531
        ("MAIL FROM:<a@b.example> BODY=8BITMIME", .mail(.mailbox(mailbox("a@b.example")), MailParameters(body: .eightBitMIME))),
        ("MAIL FROM:<用户@例子.广告> SMTPUTF8", .mail(.mailbox(mailbox("用户@例子.广告")), MailParameters(smtpUTF8: true))),
        // RFC 4954 §4 and §5
        ("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=", .authenticate(mechanism: "PLAIN", initialResponse: Array("test\0test\01234".utf8))),
        ("AUTH PLAIN =", .authenticate(mechanism: "PLAIN", initialResponse: [])),
        ("AUTH LOGIN", .authenticate(mechanism: "LOGIN", initialResponse: nil)),
        ("MAIL FROM:<e=mc2@example.com> AUTH=e+3Dmc2@example.com", .mail(.mailbox(mailbox("e=mc2@example.com")), MailParameters(authenticatedSubmitter: "e=mc2@example.com"))),
        // RFC 3030 §4
        ("BDAT 86 LAST", .binaryData(size: 86, isLast: true)),
        ("BDAT 100000", .binaryData(size: 100000, isLast: false)),
        // RFC 3207
        ("STARTTLS", .startTLS),
        // The rest of RFC 5321 §4.1.1
        ("HELO relay.example.org", .hello("relay.example.org")),
        ("EHLO [192.0.2.1]", .extendedHello("[192.0.2.1]")),
        ("RSET", .reset),
        ("NOOP", .noop(nil)),
        ("NOOP anything at all", .noop("anything at all")),
        ("VRFY Smith", .verify("Smith")),
        ("EXPN Example-People", .expand("Example-People")),
        ("HELP", .help(nil)),
        ("HELP MAIL", .help("MAIL")),
    ])
    func rfcExamples(line: String, expected: Command) {
        #expect(Self.parse(line) == .success(expected))
    }

    @Test("verbs and keywords are case-insensitive; common deviations are accepted", arguments: [
        ("ehlo Bar.COM", Command.extendedHello("Bar.COM")),
        ("mail from:<a@b.example> size=10 body=8bitmime", .mail(.mailbox(mailbox("a@b.example")), MailParameters(size: 10, body: .eightBitMIME))),
        ("MAIL FROM: <a@b.example>", .mail(.mailbox(mailbox("a@b.example")), MailParameters())),
        ("MAIL FROM:a@b.example", .mail(.mailbox(mailbox("a@b.example")), MailParameters())),
        ("rcpt to:<postmaster>", .recipient(.postmaster, RecipientParameters())),
        ("QUIT   ", .quit),
        ("StartTLS", .startTLS),
        ("auth plain", .authenticate(mechanism: "PLAIN", initialResponse: nil)),
        ("bdat 0 last", .binaryData(size: 0, isLast: true)),
    ])
    func lenient(line: String, expected: Command) {
        #expect(Self.parse(line) == .success(expected))
    }

    @Test("every failure carries the exact reply", arguments: [
        ("FOO", "500 5.5.2"),
        ("", "500 5.5.2"),
        ("MAILX FROM:<a@b>", "500 5.5.2"),
        ("EHLO", "501 5.5.4"),
        ("HELO", "501 5.5.4"),
        ("DATA now", "501 5.5.4"),
        ("RSET x", "501 5.5.4"),
        ("STARTTLS x", "501 5.5.4"),
        ("VRFY", "501 5.5.4"),
        ("MAIL <a@b.example>", "501 5.5.4"),
        ("MAIL FROM:<a@b.example>SIZE=1", "501 5.5.4"),
        ("MAIL FROM:<a@b.example> SIZE=abc", "501 5.5.4"),
        ("MAIL FROM:<a@b.example> SIZE=1 SIZE=2", "501 5.5.4"),
        ("MAIL FROM:<a@b.example> BODY=9BIT", "501 5.5.4"),
        ("MAIL FROM:<a@b.example> SMTPUTF8=yes", "501 5.5.4"),
        ("MAIL FROM:<a@b.example> RET=ALL", "501 5.5.4"),
        ("MAIL FROM:<a@b.example> ENVID=a+zz", "501 5.5.4"),
        ("RCPT TO:<a@b.example> NOTIFY=NEVER,SUCCESS", "501 5.5.4"),
        ("RCPT TO:<a@b.example> NOTIFY=SUCCESS,SUCCESS", "501 5.5.4"),
        ("RCPT TO:<a@b.example> ORCPT=rfc822", "501 5.5.4"),
        ("BDAT", "501 5.5.4"),
        ("BDAT x", "501 5.5.4"),
        ("BDAT 10 FIRST", "501 5.5.4"),
        ("BDAT 123456789012345678901", "501 5.5.4"),
        ("AUTH", "501 5.5.4"),
        ("AUTH PLAIN not*base64", "501 5.5.2"),
        ("MAIL FROM:<a@b.example> FOO=BAR", "555 5.5.4"),
        ("RCPT TO:<a@b.example> SIZE=1", "555 5.5.4"),
        ("MAIL FROM:<no-at-sign>", "501 5.1.7"),
        ("MAIL FROM:<a@-bad-.example>", "501 5.1.7"),
        ("MAIL FROM:<a..b@example.com>", "501 5.1.7"),
        ("MAIL FROM:<a@b.example", "501 5.1.7"),
        ("MAIL FROM:<postmaster>", "501 5.1.7"),
        ("RCPT TO:<>", "501 5.1.3"),
        ("RCPT TO:<a b@example.com>", "501 5.1.3"),
        ("RCPT TO:<a@[300.1.1.1]>", "501 5.1.3"),
        ("RCPT TO:<a@[IPv6:2001:db8::g]>", "501 5.1.3"),
        ("MAIL FROM:<用户@例子.广告>", "553 5.6.7"),
        ("NOOP \u{1}", "500 5.5.2"),
        ("NOOP a\rb", "500 5.5.2"),
    ])
    func failures(line: String, expected: String) throws {
        guard case .failure(let error) = Self.parse(line) else {
            Issue.record("\(line) parsed, expected \(expected)")
            return
        }
        #expect("\(error.reply.code) \(error.reply.enhancedCode!)" == expected, "\(line): \(error.reply)")
    }

    @Test("found by fuzzing: free-text arguments must be UTF-8 (501 5.5.4), so what parses survives a round trip")
    func freeTextMustBeUTF8() {
        for verb in ["HELP", "NOOP", "VRFY", "EXPN"] {
            guard case .failure(let error) = CommandParser.parse(Array("\(verb) ".utf8) + [0xE5, 0xAC, 0xFF, 0x41]) else {
                Issue.record("\(verb) with invalid UTF-8 parsed")
                continue
            }
            #expect(error.reply.code == 501 && error.reply.enhancedCode == EnhancedStatusCode(.permanentFailure, 5, 4))
        }
        #expect(Self.parse("HELP grüße") == .success(.help("grüße")))
    }

    @Test("command lines over 512 octets get 500 5.5.6 (RFC 5321 §4.5.3.1.4); MAIL and RCPT may carry parameters up to 2048")
    func lineLength() throws {
        let noop510 = "NOOP " + String(repeating: "x", count: 505)  // 510 + CRLF = 512
        #expect(try Self.parse(noop510).get() == .noop(String(repeating: "x", count: 505)))
        guard case .failure(let error) = Self.parse(noop510 + "x") else {
            Issue.record("513 octets accepted")
            return
        }
        #expect(error.reply.code == 500 && error.reply.enhancedCode == EnhancedStatusCode(.permanentFailure, 5, 6))
        let envid = String(repeating: "e", count: 100)
        let orcpt = String(repeating: "o", count: 300)
        let mail = "MAIL FROM:<\(String(repeating: "l", count: 64))@example.com> SIZE=12345 BODY=8BITMIME RET=FULL ENVID=\(envid) AUTH=\(orcpt)@example.com"
        #expect(mail.utf8.count > 512)
        #expect((try? Self.parse(mail).get()) != nil)
    }

    @Test("paths respect the RFC 5321 §4.5.3.1 size limits")
    func pathLimits() {
        let local64 = String(repeating: "a", count: 64)
        #expect((try? Self.parse("RCPT TO:<\(local64)@example.com>").get()) != nil)
        guard case .failure(let tooLong) = Self.parse("RCPT TO:<\(local64)a@example.com>") else {
            Issue.record("65-octet local part accepted")
            return
        }
        #expect(tooLong.reply.text.contains("64"))
        let label = String(repeating: "d", count: 63)
        let domain = [label, label, label, String(repeating: "d", count: 58)].joined(separator: ".")  // 250: the path <a@…> is 256
        #expect((try? Self.parse("RCPT TO:<a@\(domain)>").get()) != nil)
        let longDomain = [label, label, label, label, "dd"].joined(separator: ".")  // 258
        guard case .failure = Self.parse("RCPT TO:<a@\(longDomain)>") else {
            Issue.record("domain over 255 octets accepted")
            return
        }
    }

    @Test("parse(encode(command)) == command for generated commands")
    func roundTrip() async {
        await propertyCheck(count: 400, input: CommandGenerators.command) { command in
            let line = command.line
            #expect(CommandParser.parse(Array(line.utf8)) == .success(command), "line: \(line)")
        }
    }
}
