import Foundation
import MailMessage
import Testing

@Suite("Composing and submitting messages: MessageComposer, AddressList, SubmittedMessage")
struct MessageCompositionTests {
    @Test("a plain message: the standard fields, CRLF everywhere, a 7-bit body")
    func plain() {
        let bytes = MessageComposer(from: "alice@example.com", fromName: "Alice \"A\" Example", to: ["bob@example.org"], cc: ["carol@example.org"],
                                    subject: "Hello", body: "line one\nline two", date: Date(timeIntervalSince1970: 0)).message()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("Date: Thu, 01 Jan 1970"))
        #expect(text.contains("From: \"Alice \\\"A\\\" Example\" <alice@example.com>\r\n"))
        #expect(text.contains("To: bob@example.org\r\nCc: carol@example.org\r\nSubject: Hello\r\nMessage-ID: <"))
        #expect(text.contains("@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nline one\r\nline two\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare LF")
    }

    @Test("attachments are base64 in 76-column lines with their type and name; non-ASCII names per RFC 2231")
    func attachments() {
        let content = (0..<300).map { UInt8($0 % 256) }
        let bytes = MessageComposer(from: "a@example.com", to: ["b@example.org"], subject: "Bericht", body: "Anbei.",
                                    attachments: [.init(fileName: "Übersicht.pdf", content: content)]).message()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Content-Type: multipart/mixed; boundary=\"=_postamt_"))
        #expect(text.contains("Content-Type: application/pdf; name*=UTF-8''%C3%9Cbersicht.pdf"))
        #expect(text.contains("Content-Disposition: attachment; filename*=UTF-8''%C3%9Cbersicht.pdf"))
        let lines = text.components(separatedBy: "\r\n")
        let start = lines.firstIndex { $0.hasPrefix("Content-Disposition: attachment") }! + 2
        let encoded = lines[start...].prefix { !$0.isEmpty && !$0.hasPrefix("--") }
        #expect(encoded.allSatisfy { $0.count <= 76 })
        #expect(Data(base64Encoded: encoded.joined()) == Data(content))
    }

    @Test("addresses of To:, Cc: and Bcc: fields, with display names, quotes, comments and groups")
    func addressLists() {
        #expect(AddressList.addresses(in: " bob@example.org") == ["bob@example.org"])
        #expect(AddressList.addresses(in: "\"Doe, John\" <john@example.org>, Jane <jane@example.org>") == ["john@example.org", "jane@example.org"])
        #expect(AddressList.addresses(in: "carol@example.org (Carol), Team: a@example.org, b@example.org;") == ["carol@example.org", "a@example.org", "b@example.org"])
        #expect(AddressList.addresses(in: "undisclosed-recipients:;").isEmpty)
    }

    @Test("a submitted message: lone dot, CRLF, Bcc removed, missing fields added, present ones kept")
    func submitted() {
        var message = SubmittedMessage(input: Array("To: a@example.org\nBcc: hidden@example.org,\n other@example.org\nSubject: x\n\nbody\n.\nafter\n".utf8), stopsAtDot: true)
        #expect(message.takeHeaderRecipients() == ["a@example.org", "hidden@example.org", "other@example.org"])
        message.addMissingFields(from: "root@example.org", messageIDDomain: "mail.example.org")
        let text = String(decoding: message.bytes, as: UTF8.self)
        #expect(text.hasPrefix("From: root@example.org\r\nDate: "))
        #expect(text.contains("Message-ID: <"))
        #expect(!text.contains("Bcc") && !text.contains("hidden"))
        #expect(text.hasSuffix("To: a@example.org\r\nSubject: x\r\n\r\nbody\r\n"))
        let complete = SubmittedMessage(input: Array("From: x@example.org\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nMessage-ID: <1@x>\r\n\r\n.\r\n..\r\n".utf8), stopsAtDot: false)
        var copy = complete
        copy.addMissingFields(from: "other@example.org", messageIDDomain: "x")
        #expect(copy.bytes == Array("From: x@example.org\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nMessage-ID: <1@x>\r\n\r\n.\r\n..\r\n".utf8))
    }
}
