import Foundation
import SMTPCore
import Testing

@testable import Bounces
import MailMessage

@Suite("The encodings a DSN uses: quoted-printable, RFC 2047 words, folding, and reading DSNs")
struct EncodingTests {
    static let samples = [
        "plain ASCII",
        "Grüße aus Köln, schöne Bäume",
        "trailing space ",
        "trailing tab\t",
        "an = sign and =3D",
        String(repeating: "ä", count: 100),
        String(repeating: "a", count: 200),
        "line one\nline two\n\nline four",
        "€ 😀 ✓",
    ]

    @Test("Quoted-printable round-trips and keeps lines within 76 characters (RFC 2045 §6.7)", arguments: samples)
    func quotedPrintable(text: String) {
        let encoded = QuotedPrintable.encode(text)
        #expect(encoded.allSatisfy { $0 < 0x80 })
        let lines = String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") && !$0.hasSuffix("\t") }, "rule 3: no white space at a line end")
        let decoded = String(decoding: QuotedPrintable.decode(encoded), as: UTF8.self)
        #expect(decoded == text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
    }

    @Test("RFC 2047 encoded-words: ASCII unchanged, others in words short enough to share a line with a field name", arguments: samples)
    func encodedWords(text: String) {
        let oneLine = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
        let encoded = EncodedWord.encode(oneLine)
        if oneLine.unicodeScalars.allSatisfy({ $0.isASCII }) {
            #expect(encoded == oneLine)
        } else {
            #expect(encoded.unicodeScalars.allSatisfy { $0.isASCII })
            // RFC 2047 §2 allows 75; 52 fits after "Content-Description: " within 78.
            #expect(encoded.split(separator: " ").allSatisfy { $0.count <= 52 })
            #expect(EncodedWord.decode(encoded) == oneLine)
        }
    }

    @Test("Decoding RFC 2047: Q and B, UTF-8 and Latin-1, white space between words dropped (§6.2)")
    func decodingEncodedWords() {
        #expect(EncodedWord.decode("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from Berlin") == "Grüße from Berlin")
        #expect(EncodedWord.decode("=?iso-8859-1?q?K=F6ln?=") == "Köln")
        #expect(EncodedWord.decode("=?UTF-8?B?R3LDvA==?= =?UTF-8?B?w59l?=") == "Grüße")
        #expect(EncodedWord.decode("=?UTF-8?Q?a_b?=  plain") == "a b  plain")
        #expect(EncodedWord.decode("=?koi8-r?B?8NLJ18XU?=") == "=?koi8-r?B?8NLJ18XU?=", "unknown charsets stay as they are")
        #expect(EncodedWord.decode("not =? encoded") == "not =? encoded")
    }

    @Test("Folding breaks only before existing spaces, so unfolding restores the value (RFC 5322 §2.2.3)")
    func folding() {
        let value = (1...60).map { "word\($0)" }.joined(separator: " ") + "  double  spaces"
        let field = FieldFolding.field("Diagnostic-Code", value)
        let lines = field.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(field.replacingOccurrences(of: "\r\n", with: "") == "Diagnostic-Code: " + value)
    }

    @Test("Reading a DSN from another server: LF line endings, unquoted boundary, any case")
    func parsesForeignDSN() throws {
        let text = """
            From: MAILER-DAEMON@mail.example.net (Mail Delivery System)
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status;
            \tboundary=4C2F81E0A1.1700000000/mail.example.net

            This is a MIME-encapsulated message.

            --4C2F81E0A1.1700000000/mail.example.net
            Content-Description: Notification
            Content-Type: text/plain; charset=us-ascii

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients.

            --4C2F81E0A1.1700000000/mail.example.net
            Content-Description: Delivery report
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mail.example.net
            X-Postfix-Queue-ID: 4C2F81E0A1
            Arrival-Date: Tue,  1 Dec 2026 10:00:00 +0100 (CET)

            Final-Recipient: rfc822; nobody@example.com
            ORIGINAL-RECIPIENT: rfc822;nobody@example.com
            Action: failed
            Status: 5.1.1
            Remote-MTA: dns; mx.example.com
            Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.com>: Recipient address
                rejected: User unknown

            --4C2F81E0A1.1700000000/mail.example.net
            Content-Description: Undelivered Message Headers
            Content-Type: text/rfc822-headers

            Subject: hello

            --4C2F81E0A1.1700000000/mail.example.net--

            """
        let report = try #require(DeliveryStatusNotification.parse(Array(text.utf8)))
        #expect(report.reportType == "delivery-status")
        #expect(report.boundary == "4C2F81E0A1.1700000000/mail.example.net")
        #expect(report.parts.map(\.contentType) == ["text/plain", "message/delivery-status", "text/rfc822-headers"])
        #expect(report.perMessage["reporting-mta"] == "dns; mail.example.net")
        #expect(report.perMessage["x-postfix-queue-id"] == "4C2F81E0A1")
        #expect(report.recipients.count == 1)
        #expect(report.recipients[0]["original-recipient"] == "rfc822;nobody@example.com")
        #expect(report.recipients[0]["diagnostic-code"] == "smtp; 550 5.1.1 <nobody@example.com>: Recipient address    rejected: User unknown")
        #expect(report.parts[0].text.contains("could not\nbe delivered"))
    }

    @Test("Messages that are not a delivery report are not parsed as one")
    func rejectsOtherMessages() {
        #expect(DeliveryStatusNotification.parse(Fixtures.original) == nil)
        let noStatusPart = Fixtures.crlf(
            "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n--b--"
        )
        #expect(DeliveryStatusNotification.parse(noStatusPart) == nil)
        #expect(DeliveryStatusNotification.parse([]) == nil)
    }

    @Test("Content-Type parameters: quoted, unquoted, escaped, any case")
    func contentTypeParameters() {
        let (type, parameters) = ContentType.parse("Multipart/Report; Report-Type=delivery-status; boundary=\"a\\\"b c\"")
        #expect(type == "multipart/report")
        #expect(parameters["report-type"] == "delivery-status")
        #expect(parameters["boundary"] == "a\"b c")
    }
}
