import Testing

@testable import MailMessage

@Suite("Cleaning untrusted words for header fields")
struct HeaderTextTests {
    @Test("each ASCII octet between two letters: kept exactly when it cannot break out of a word or comment")
    func everyASCIIOctet() {
        for value in UInt8(0)...UInt8(127) {
            let text = "a" + String(UnicodeScalar(value)) + "b"
            let breaksOut = value <= 0x20 || value == 0x7F || "()\\\";".utf8.contains(value)
            #expect(HeaderText.word(text) == (breaksOut ? "ab" : text), "octet \(value)")
        }
    }

    @Test("plain names come back unchanged, long ones are cut to 255 octets, letters beyond ASCII are kept")
    func plainLongAndUnicode() {
        #expect(HeaderText.word("mail.example.org") == "mail.example.org")
        #expect(HeaderText.word(String(repeating: "x", count: 300)).utf8.count == HeaderText.maximumWordLength)
        #expect(HeaderText.word("bücher.example\u{200B}") == "bücher.example")
        #expect(HeaderText.withoutControls("<a b@example.org>") == "<a b@example.org>")
        #expect(HeaderText.withoutControls("<a\r\nb@example.org>") == "<ab@example.org>")
    }
}
