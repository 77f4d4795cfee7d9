import PropertyBased
import Testing

@testable import SMTPCore

@Suite("Replies: serializing and parsing (RFC 5321 §4.2, RFC 2034)")
struct ReplyTests {
    private func wire(_ reply: Reply) -> String { String(decoding: reply.encoded, as: UTF8.self) }

    @Test("a single-line reply with an enhanced code")
    func singleLine() {
        #expect(wire(Reply(451, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "Try again later")) == "451 4.3.0 Try again later\r\n")
    }

    @Test("multi-line replies use a hyphen on every line but the last, and repeat the enhanced code")
    func multiLine() {
        let reply = Reply(code: 250, enhancedCode: EnhancedStatusCode(.success, 0, 0), lines: ["first", "second", "last"])
        #expect(wire(reply) == "250-2.0.0 first\r\n250-2.0.0 second\r\n250 2.0.0 last\r\n")
        let ehlo = Reply(code: 250, enhancedCode: nil, lines: ["mx.example Hello", "PIPELINING", "SIZE 1000"])
        #expect(wire(ehlo) == "250-mx.example Hello\r\n250-PIPELINING\r\n250 SIZE 1000\r\n")
    }

    @Test("text can never break the framing: CR, LF and other controls become spaces or line breaks")
    func sanitizes() {
        let reply = Reply(550, nil, "a\r\n550 injected\u{0}\rx")
        #expect(wire(reply) == "550-a\r\n550 550 injected  x\r\n")
    }

    @Test("one line without controls is kept whole; a tab, DEL or lone CR in a line still becomes a space")
    func oneLineAndControls() {
        #expect(Reply(250, EnhancedStatusCode(.success, 1, 5), "Recipient <bob@example.org> ok").lines == ["Recipient <bob@example.org> ok"])
        #expect(Reply(250, nil, "Grüße, 👋 ünïcödé").lines == ["Grüße, 👋 ünïcödé"])
        #expect(Reply(550, nil, "a\tb\u{7F}c\rd").lines == ["a b c d"])
        #expect(Reply(550, nil, "first\nsecond").lines == ["first", "second"])
    }

    @Test("every basic code is written as its three digits, after what the buffer already held")
    func basicCodesAppend() {
        for value in 200...599 {
            guard let code = ReplyCode(rawValue: value) else { continue }
            var octets = Array("x".utf8)
            Reply(code, nil, "t").write(into: &octets)
            #expect(String(decoding: octets, as: UTF8.self) == "x\(value) t\r\n")
        }
    }

    @Test("empty text writes the bare code")
    func emptyText() {
        #expect(wire(Reply(354, nil, "")) == "354\r\n")
        #expect(wire(Reply(334, nil, "")) == "334\r\n")
    }

    @Test("the client parser reads the RFC 5321 Appendix D.1 EHLO reply")
    func parsesRFCExample() throws {
        let replies = try ReplyParser.parseAll("250-foo.com greets bar.com\r\n250-8BITMIME\r\n250-SIZE\r\n250-DSN\r\n250 HELP\r\n")
        #expect(replies == [Reply(code: 250, enhancedCode: nil, lines: ["foo.com greets bar.com", "8BITMIME", "SIZE", "DSN", "HELP"])])
    }

    @Test("the client parser tolerates common deviations")
    func tolerant() throws {
        // A bare code, no text.
        #expect(try ReplyParser.parseAll("250\r\n") == [Reply(250, nil, "")])
        // Code directly followed by text.
        #expect(try ReplyParser.parseAll("220mail.example ready\r\n").first?.text == "mail.example ready")
        // LF-only line ends.
        #expect(try ReplyParser.parseAll("221 2.0.0 Bye\n").first == Reply(221, EnhancedStatusCode(.success, 0, 0), "Bye"))
        // Continuation codes that disagree: the last line decides.
        #expect(try ReplyParser.parseAll("250-a\r\n550 b\r\n").first?.code == 550)
        // Enhanced code only on the first line.
        let reply = try #require(try ReplyParser.parseAll("550-5.1.1 No such user\r\n550 see https://example.com\r\n").first)
        #expect(reply.enhancedCode == EnhancedStatusCode(.permanentFailure, 1, 1))
        #expect(reply.lines == ["No such user", "see https://example.com"])
        // Non-UTF-8 text is decoded with replacement characters, not rejected.
        var parser = ReplyParser()
        #expect(try parser.parse(line: Array("220 caf".utf8) + [0xE9])?.code == 220)
    }

    @Test("found by fuzzing: a NUL after a code-like token still parses to a reply that survives a round trip")
    func nulAfterToken() throws {
        var parser = ReplyParser()
        let reply = try #require(try parser.parse(line: Array("4444.888.4".utf8) + [0]))
        var again = ReplyParser()
        #expect(try again.parse(line: Array(String(decoding: reply.encoded.dropLast(2), as: UTF8.self).utf8)) == reply)
    }

    @Test("found by fuzzing: a combining mark after the enhanced code does not hide the code")
    func combiningMarkAfterCode() throws {
        let reply = try #require(try ReplyParser.parseAll("222-4.4.424\r\n222 4.4.424 \u{036C}x\r\n").first)
        #expect(reply.enhancedCode == EnhancedStatusCode(.persistentTransientFailure, 4, 424))
        #expect(reply.lines == ["", "\u{036C}x"])
        #expect(try ReplyParser.parseAll(String(decoding: reply.encoded, as: UTF8.self)).first == reply)
    }

    @Test("an enhanced code whose class disagrees with the basic code is kept and flagged")
    func classMismatch() throws {
        let reply = try #require(try ReplyParser.parseAll("550 4.7.1 greylisted").first)
        #expect(reply.enhancedCode == EnhancedStatusCode(.persistentTransientFailure, 7, 1))
        #expect(!reply.enhancedCodeMatchesBasicCode)
    }

    @Test("malformed lines are errors, not crashes", arguments: ["hello", "25", "ABC text", "199 too low", "650 too high", "2x0 bad"])
    func malformed(line: String) {
        var parser = ReplyParser()
        #expect(throws: ReplyParseError.self) { try parser.parse(line: Array(line.utf8)) }
    }

    @Test("a reply with more lines than the limit is refused")
    func lineLimit() throws {
        var parser = ReplyParser(maximumLines: 3)
        #expect(try parser.parse(line: Array("250-a".utf8)) == nil)
        #expect(try parser.parse(line: Array("250-b".utf8)) == nil)
        #expect(throws: ReplyParseError.tooManyLines(3)) { try parser.parse(line: Array("250-c".utf8)) }
    }

    @Test("text that ends inside a multi-line reply is incomplete")
    func incomplete() {
        #expect(throws: ReplyParseError.incompleteReply) { try ReplyParser.parseAll("250-a\r\n") }
    }

    @Test("parse(serialize(reply)) == reply for generated replies")
    func roundTrip() async {
        let codes = pick([211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 450, 451, 452, 454, 500, 501, 502, 503, 504, 530, 535, 538, 550, 551, 552, 553, 554, 555])
        // Text that does not start with something that reads as an enhanced code.
        let text = pick(Array("abcXYZ019 .,:;<>@[]()-_+=/\\\"'é✉")).string(of: 0...40)
            .filter { !$0.hasPrefix(" ") && ReplyParser.leadingEnhancedCode(Substring($0)) == nil }
        let lines = text.array(of: 1...5)
        let enhanced = zip(Gen<Int>.int(in: 0...9), Gen<Int>.int(in: 0...30)).optional
        await propertyCheck(input: codes, lines, enhanced) { code, lines, enhanced in
            let basic = ReplyCode(rawValue: code)!
            let enhancedCode: EnhancedStatusCode? = enhanced.flatMap { subject, detail in
                basic.kind.isFailure || basic.kind == .positiveCompletion
                    ? EnhancedStatusCode(EnhancedStatusCode.StatusClass(rawValue: basic.kind.rawValue)!, subject, detail) : nil
            }
            // With an enhanced code, an empty text is written without the separating space;
            // lines are compared after that normalisation.
            let reply = Reply(code: basic, enhancedCode: enhancedCode, lines: lines)
            var parser = ReplyParser()
            var parsed: Reply?
            let wire = String(decoding: reply.encoded, as: UTF8.self)
            for line in wire.split(separator: "\r\n") {
                parsed = try parser.parse(line: Array(line.utf8))
            }
            #expect(parsed == reply, "wire: \(wire)")
        }
    }
}
