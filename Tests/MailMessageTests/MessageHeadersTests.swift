import Testing

@testable import MailMessage

@Suite("Header section: end and unfolded fields (RFC 5322 §2.2)")
struct MessageHeadersTests {
    @Test("finds the offset after the empty line", arguments: [
        ("Subject: a\r\n\r\nbody", 14),
        ("Subject: a\r\nX: b\r\n\r\n", 20),
        ("\r\nbody without header", 2),
        ("Subject: a\n\nbody", 12),
        ("Subject: a\r\n \r\nX: after a line of one space\r\n\r\n", 47),
    ])
    func end(message: String, offset: Int) {
        #expect(MessageHeaders.endOfHeader(in: Array(message.utf8)) == offset)
    }

    @Test("has no end without an empty line", arguments: ["", "Subject: a\r\n", "Subject: a\r\nX: b", "Subject: a\r\n\r"])
    func noEnd(message: String) {
        #expect(MessageHeaders.endOfHeader(in: Array(message.utf8)) == nil)
    }

    @Test("unfolds continuation lines and stops at the body")
    func unfolds() {
        let message = "Received: from a\r\n\tby b;\r\n Sun, 29 Nov 2026 01:42:59 +0000\r\nSubject:  Hello  \r\n"
            + "X-Empty:\r\nnot a field\r\nTo: x@example.org\r\n\r\nBody: not a header\r\n"
        let fields = MessageHeaders.fields(Array(message.utf8))
        #expect(fields.map(\.name) == ["Received", "Subject", "X-Empty", "To"])
        #expect(fields.map(\.value) == ["from a\tby b; Sun, 29 Nov 2026 01:42:59 +0000", "Hello", "", "x@example.org"])
    }

    @Test("reads a header section without a body, and 8-bit values")
    func withoutBody() {
        let fields = MessageHeaders.fields(Array("Subject: Grüße\r\nFrom: a@b".utf8))
        #expect(fields.map(\.name) == ["Subject", "From"])
        #expect(fields.map(\.value) == ["Grüße", "a@b"])
    }
}
