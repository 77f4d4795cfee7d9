import Testing

@testable import SMTPCore

@Suite("Paths, mailboxes and domains (RFC 5321 §4.1.2, §4.1.3)")
struct PathParserTests {
    private func mailbox(_ text: String) -> Result<Mailbox, PathSyntaxError> {
        PathParser.parseMailbox(Array(text.utf8)[...])
    }

    @Test("valid mailboxes", arguments: [
        ("user@example.com", "user", "example.com"),
        ("first.last+tag@sub.example.co.uk", "first.last+tag", "sub.example.co.uk"),
        ("!#$%&'*+-/=?^_`{|}~@example.org", "!#$%&'*+-/=?^_`{|}~", "example.org"),
        ("\"john doe\"@example.com", "\"john doe\"", "example.com"),
        ("\"Abc@def\"@example.com", "\"Abc@def\"", "example.com"),
        ("\"Joe\\\\Blow\"@example.com", "\"Joe\\\\Blow\"", "example.com"),
        ("\"\"@example.com", "\"\"", "example.com"),
        ("user@[192.0.2.1]", "user", "[192.0.2.1]"),
        ("user@[IPv6:2001:db8::1]", "user", "[IPv6:2001:db8::1]"),
        ("user@[IPv6:2001:db8:0:0:0:0:0:1]", "user", "[IPv6:2001:db8:0:0:0:0:0:1]"),
        ("user@[IPv6:::ffff:192.0.2.1]", "user", "[IPv6:::ffff:192.0.2.1]"),
        ("user@[x-tag:content]", "user", "[x-tag:content]"),
        ("jörg@bücher.example", "jörg", "bücher.example"),
        ("用户@例子.广告", "用户", "例子.广告"),
        ("a@1.2.3.example", "a", "1.2.3.example"),
        ("a@xn--bcher-kva.example", "a", "xn--bcher-kva.example"),
    ])
    func valid(text: String, local: String, domain: String) throws {
        let parsed = try mailbox(text).get()
        #expect(parsed.localPart == local)
        #expect(parsed.domain.description == domain)
        #expect(parsed.description == text)
    }

    @Test("invalid mailboxes name the rule they break", arguments: [
        ("", PathSyntaxError.emptyPath),
        ("user", .missingAtSign),
        ("@example.com", .invalidLocalPart),
        (".user@example.com", .invalidLocalPart),
        ("user.@example.com", .invalidLocalPart),
        ("us..er@example.com", .invalidLocalPart),
        ("us er@example.com", .invalidLocalPart),
        ("\"unterminated@example.com", .invalidLocalPart),
        ("user@", .invalidDomain),
        ("user@-example.com", .invalidDomain),
        ("user@example-.com", .invalidDomain),
        ("user@example..com", .invalidDomain),
        ("user@example.com.", .invalidDomain),
        ("user@exa_mple.com", .invalidDomain),
        ("user@[192.0.2.256]", .invalidAddressLiteral),
        ("user@[192.0.2]", .invalidAddressLiteral),
        ("user@[IPv6:1:2:3:4:5:6:7:8:9]", .invalidAddressLiteral),
        ("user@[IPv6:1::2::3]", .invalidAddressLiteral),
        ("user@[IPv6:12345::1]", .invalidAddressLiteral),
        ("user@[]", .invalidAddressLiteral),
    ])
    func invalid(text: String, error: PathSyntaxError) {
        #expect(mailbox(text) == .failure(error))
    }

    @Test("invalid UTF-8 is refused")
    func invalidUTF8() {
        #expect(PathParser.parseMailbox([0x61, 0xFF, 0x40, 0x62][...]) == .failure(.notUTF8))
    }

    @Test("a path ends at the matching bracket, even with > inside a quoted local part")
    func quotedBracket() throws {
        let parsed = try PathParser.parsePath(Array("<\"a>b\"@example.com> SIZE=1".utf8)[...]).get()
        #expect(parsed.mailbox?.localPart == "\"a>b\"")
        #expect(String(decoding: parsed.rest, as: UTF8.self) == " SIZE=1")
    }

    @Test("domains compare case-insensitively")
    func normalized() throws {
        #expect(MailDomain.name("Example.COM").normalized == "example.com")
        #expect(try mailbox("A@Example.com").get().unquotedLocalPart == "A")
        #expect(try mailbox("\"a\\\"b\"@x.example").get().unquotedLocalPart == "a\"b")
    }
}
