import Explain
import Foundation
import SMTPCore
import Testing

@testable import Bounces

@Suite("Delivery status notifications (RFC 3464, RFC 6522, RFC 3461)")
struct DeliveryStatusNotificationTests {
    private func render(_ notification: DeliveryStatusNotification, original: [UInt8] = Fixtures.original)
        -> DeliveryStatusNotification.RenderedMessage
    {
        notification.render(original: original, date: Fixtures.dsnDate, messageID: Fixtures.messageID)
    }

    /// Both readers must find no defect at all in the DSN's MIME structure.
    private func expectNoDefects(_ view: PythonEmail.View, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(view.defects.isEmpty, "message defects: \(view.defects)", sourceLocation: sourceLocation)
        for part in view.parts {
            #expect(part.defects.isEmpty, "\(part.contentType) defects: \(part.defects)", sourceLocation: sourceLocation)
        }
    }

    private func explanationText(_ report: ParsedReport) -> String {
        report.parts.first?.text ?? ""
    }

    @Test("A failed recipient (550 5.1.1) with ORCPT and ENVID: every RFC 3464 field, read by both parsers")
    func failedRecipientWithORCPTAndENVID() throws {
        let notification = Fixtures.notification([Fixtures.failedJane()], envelopeID: "QQ314159")
        let rendered = render(notification)
        expectWellFormed(rendered.bytes)
        #expect(rendered.bodyType == .sevenBit, "an ASCII original gives a 7-bit DSN")
        #expect(!rendered.requiresSMTPUTF8)

        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        #expect(report.reportType == "delivery-status")
        #expect(report.parts.map(\.contentType) == ["text/plain", "message/delivery-status", "text/rfc822-headers"])
        #expect(
            report.perMessage == [
                "original-envelope-id": "QQ314159",
                "reporting-mta": "dns; mx.example.org",
                "arrival-date": "Sun, 29 Nov 2026 01:42:59 +0000",
            ]
        )
        let expectedRecipient = [
            "original-recipient": "rfc822;Jane.Doe@Example.COM",
            "final-recipient": "rfc822; jane@example.com",
            "action": "failed",
            "status": "5.1.1",
            "remote-mta": "dns; mx.example.com",
            "diagnostic-code": "smtp; 550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
            "last-attempt-date": "Sun, 29 Nov 2026 02:42:59 +0000",
        ]
        #expect(report.recipients == [expectedRecipient])

        // The top-level header (RFC 5322 §3.6, RFC 3834 §5, RFC 6522 §3).
        #expect(report.field("From") == "\"Mail Delivery System\" <MAILER-DAEMON@mx.example.org>")
        #expect(report.field("To") == "alice@example.org")
        #expect(report.field("Subject") == "Undelivered Mail Returned to Sender")
        #expect(report.field("Date") == "Sun, 29 Nov 2026 02:43:59 +0000")
        #expect(report.field("Message-ID") == "<dsn-1@mx.example.org>")
        #expect(report.field("In-Reply-To") == "<orig-1@example.org>")
        #expect(report.field("References") == "<orig-1@example.org>")
        #expect(report.field("Auto-Submitted") == "auto-replied")
        #expect(report.field("MIME-Version") == "1.0")

        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
        #expect(python.contentType == "multipart/report")
        #expect(python.reportType == "delivery-status")
        #expect(python.boundary == report.boundary)
        #expect(python.parts.map(\.contentType) == ["text/plain", "message/delivery-status", "text/rfc822-headers"])
        #expect(python.header["Subject"] == "Undelivered Mail Returned to Sender")
        #expect(python.header["Auto-Submitted"] == "auto-replied")
        #expect(python.header["To"] == "alice@example.org")
        let groups = python.deliveryStatus
        try #require(groups.count == 2)
        #expect(groups[0]["Original-Envelope-Id"] == "QQ314159")
        #expect(groups[0]["Reporting-MTA"] == "dns; mx.example.org")
        #expect(groups[0]["Arrival-Date"] == "Sun, 29 Nov 2026 01:42:59 +0000")
        #expect(groups[1]["Original-Recipient"] == "rfc822;Jane.Doe@Example.COM")
        #expect(groups[1]["Final-Recipient"] == "rfc822; jane@example.com")
        #expect(groups[1]["Action"] == "failed")
        #expect(groups[1]["Status"] == "5.1.1")
        #expect(groups[1]["Remote-MTA"] == "dns; mx.example.com")
        #expect(groups[1]["Diagnostic-Code"] == expectedRecipient["diagnostic-code"])
        #expect(groups[1]["Last-Attempt-Date"] == "Sun, 29 Nov 2026 02:42:59 +0000")
        #expect(groups[1]["Will-Retry-Until"] == nil, "RFC 3464 §2.3.9: only for delayed recipients")
    }

    @Test("Part 1 explains the remote reply with Explain, written for the sender")
    func explanationComesFromExplain() throws {
        let rendered = render(Fixtures.notification([Fixtures.failedJane()]))
        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        let text = explanationText(report)
        let python = try PythonEmail.read(rendered.bytes)
        // Two quoted-printable decoders agree on the text.
        #expect(python.parts.first?.text == text)
        #expect(report.parts[0].field("Content-Type") == "text/plain; charset=utf-8")
        #expect(report.parts[0].field("Content-Transfer-Encoding") == "quoted-printable")
        #expect(report.parts[0].field("Content-Language") == "en")

        let flat = collapsed(text)
        let explanation = ReplyExplainer(language: .english).explain(Fixtures.userUnknown)
        #expect(flat.contains(collapsed(explanation.outcome.summary)), "temporary or permanent")
        #expect(flat.contains(collapsed(try #require(explanation.cause))), "what happened")
        #expect(flat.contains(collapsed(explanation.fault.summary)), "whose side")
        for step in explanation.advice {
            #expect(flat.contains(collapsed(step)), "what the sender can do: \(step)")
        }
        #expect(flat.contains("550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown in virtual mailbox table"))
        #expect(flat.contains("The server mx.example.com replied:"))
        #expect(flat.contains("You wrote the address as: Jane.Doe@Example.COM"), "the ORCPT as the sender typed it")
        #expect(flat.contains("Subject: \u{201C}Quarterly report\u{201D}"))
        #expect(flat.contains("Received here: Sunday, 29 November 2026, 01:42 (UTC)"))
        #expect(flat.contains("header of your original message"), "says that only the header is attached")
        // Quoted-printable keeps every encoded line within 76 characters (RFC 2045 §6.7).
        let encodedLines = String(decoding: report.parts[0].body, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(encodedLines.allSatisfy { $0.utf8.count <= 76 })
    }

    @Test("A delayed recipient (451 4.3.0): Will-Retry-Until, still queued, no advice to send again")
    func delayedRecipient() throws {
        // RET=FULL asks for the content of failed DSNs only (RFC 3461 §4.3).
        let notification = Fixtures.notification([Fixtures.delayedBob()], returnContent: .full)
        let rendered = render(notification)
        expectWellFormed(rendered.bytes)
        #expect(!rendered.returnsFullMessage)

        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        #expect(report.field("Subject") == "Delayed Mail (still being retried)")
        #expect(report.parts.map(\.contentType) == ["text/plain", "message/delivery-status", "text/rfc822-headers"])
        #expect(
            report.recipients == [
                [
                    "final-recipient": "rfc822; bob@example.net",
                    "action": "delayed",
                    "status": "4.3.0",
                    "remote-mta": "dns; mx.example.net",
                    "diagnostic-code": "smtp; 451 4.3.0 Mail server temporarily rejected message",
                    "last-attempt-date": "Sun, 29 Nov 2026 02:42:59 +0000",
                    "will-retry-until": "Fri, 04 Dec 2026 01:42:59 +0000",
                ]
            ]
        )

        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
        #expect(python.deliveryStatus.last?["Will-Retry-Until"] == "Fri, 04 Dec 2026 01:42:59 +0000")
        #expect(python.deliveryStatus.last?["Action"] == "delayed")

        let flat = collapsed(explanationText(report))
        #expect(flat.contains("Not delivered yet. The message is still waiting in the queue at mx.example.org"))
        #expect(flat.contains("until Friday, 4 December 2026, 01:42 (UTC)"))
        #expect(flat.contains("You do not need to send it again"))
        let explanation = ReplyExplainer(language: .english).explain(Fixtures.temporarilyRejected)
        #expect(flat.contains(collapsed(explanation.outcome.summary)))
        #expect(!flat.contains("What you can do"), "the explainer's \"send again\" advice is wrong for a queued message")
    }

    @Test("A failure after temporary replies says the mail system gave up after retrying")
    func failureAfterRetries() throws {
        var recipient = Fixtures.delayedBob()
        recipient.action = .failed
        recipient.status = EnhancedStatusCode(.permanentFailure, 4, 7)
        recipient.willRetryUntil = nil
        let rendered = render(Fixtures.notification([recipient]))
        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        let flat = collapsed(explanationText(report))
        #expect(flat.contains("refused the message again and again with a temporary error"))
        #expect(report.recipients.first?["status"] == "5.4.7")
        #expect(report.recipients.first?["will-retry-until"] == nil)
    }

    @Test("A large message with RET=FULL comes back whole, and Python reads it")
    func largeMessage() throws {
        let body = (1...5_000).map { "line \($0) of a long message, padded to a realistic length" }.joined(separator: "\n")
        let original = Fixtures.crlf("Subject: big\nMessage-ID: <big@example.org>\n\n" + body)
        let rendered = render(Fixtures.notification([Fixtures.failedJane()], returnContent: .full), original: original)
        expectWellFormed(rendered.bytes)
        #expect(rendered.bytes.count > 250_000)
        #expect(rendered.returnsFullMessage)
        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
        #expect(python.parts.last?.innerSubject == "big")
        #expect(python.parts.last?.innerBody?.contains("line 5000 of a long message") == true)
    }

    @Test("Will-Retry-Until is written in the DSN's zone, and the explanation names the zone")
    func datesInZone() throws {
        let berlin = TimeZone(secondsFromGMT: 3_600)!
        let rendered = render(Fixtures.notification([Fixtures.delayedBob()], timeZone: berlin))
        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        #expect(report.recipients.first?["will-retry-until"] == "Fri, 04 Dec 2026 02:42:59 +0100")
        #expect(report.perMessage["arrival-date"] == "Sun, 29 Nov 2026 02:42:59 +0100")
        #expect(collapsed(explanationText(report)).contains("until Friday, 4 December 2026, 02:42 (UTC+01:00)"))
    }

    @Test("Mixed recipients: one group each, in order; the subject is about the failure")
    func mixedRecipients() throws {
        let notification = Fixtures.notification(
            [Fixtures.failedJane(orcpt: false), Fixtures.delayedBob(), Fixtures.deliveredCarol()],
            returnContent: .full
        )
        let rendered = render(notification)
        expectWellFormed(rendered.bytes)
        #expect(rendered.returnsFullMessage, "a failed recipient is reported, so RET=FULL applies")

        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        #expect(report.field("Subject") == "Undelivered Mail Returned to Sender")
        #expect(report.recipients.map { $0["action"] } == ["failed", "delayed", "delivered"])
        #expect(
            report.recipients.map { $0["final-recipient"] } == [
                "rfc822; jane@example.com", "rfc822; bob@example.net", "rfc822; carol@example.org",
            ]
        )
        #expect(report.recipients.map { $0["status"] } == ["5.1.1", "4.3.0", "2.0.0"])
        #expect(report.recipients.map { $0["will-retry-until"] != nil } == [false, true, false])
        #expect(report.recipients.allSatisfy { $0["original-recipient"] == nil }, "no ORCPT, no Original-Recipient")

        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
        #expect(python.deliveryStatus.dropFirst().map { $0["Action"] } == ["failed", "delayed", "delivered"])

        let text = explanationText(report)
        let jane = try #require(text.range(of: "jane@example.com")).lowerBound
        let bob = try #require(text.range(of: "bob@example.net")).lowerBound
        let carol = try #require(text.range(of: "carol@example.org")).lowerBound
        #expect(jane < bob && bob < carol)
        #expect(text.components(separatedBy: "What this means:").count - 1 == 2, "failures and delays are explained")
        #expect(text.components(separatedBy: "What you can do:").count - 1 == 1, "advice only for the failure")
        #expect(text.contains("Delivered to the recipient's mailbox."))
    }

    @Test(
        "RET=FULL returns the whole message; RET=HDRS, and large messages without RET, only the header",
        arguments: [
            (DeliveryStatusNotification.ReturnContent.full, true),
            (.headers, false),
            (.fullUpTo(100), false),
            (.fullUpTo(50_000), true),
        ]
    )
    func returnedContent(returnContent: DeliveryStatusNotification.ReturnContent, returnsFull: Bool) throws {
        let rendered = render(Fixtures.notification([Fixtures.failedJane()], returnContent: returnContent))
        expectWellFormed(rendered.bytes)
        #expect(rendered.returnsFullMessage == returnsFull)

        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
        let swiftPart = try #require(report.parts.last)
        let pythonPart = try #require(python.parts.last)
        if returnsFull {
            #expect(swiftPart.contentType == "message/rfc822")
            #expect(swiftPart.body == Fixtures.original, "the message comes back byte for byte")
            #expect(pythonPart.contentType == "message/rfc822")
            #expect(pythonPart.innerSubject == "Quarterly report")
            #expect(pythonPart.innerBody?.contains("BODY-MARKER") == true)
            #expect(collapsed(explanationText(report)).contains("Your original message is attached in full."))
        } else {
            #expect(swiftPart.contentType == "text/rfc822-headers")
            #expect(swiftPart.text.contains("Subject: Quarterly report\r\n"))
            #expect(!swiftPart.text.contains("BODY-MARKER"))
            #expect(pythonPart.contentType == "text/rfc822-headers")
            #expect(pythonPart.text?.contains("Message-ID: <orig-1@example.org>") == true)
            #expect(pythonPart.text?.contains("BODY-MARKER") == false)
        }
    }

    @Test("RET maps to the return content; without RET the size limit decides (RFC 3461 §4.3)")
    func returnContentFromRET() {
        typealias ReturnContent = DeliveryStatusNotification.ReturnContent
        #expect(ReturnContent(.full) == .full)
        #expect(ReturnContent(.headers) == .headers)
        #expect(ReturnContent(nil) == .fullUpTo(ReturnContent.defaultSizeLimit))
        #expect(ReturnContent(nil, sizeLimit: 10) == .fullUpTo(10))
    }

    @Test("A message with a line over 998 octets comes back as its header only, even with RET=FULL")
    func longLinesAreNotReturned() throws {
        var original = Fixtures.original
        original += Array((String(repeating: "y", count: 1_500) + "\r\n").utf8)
        let rendered = render(Fixtures.notification([Fixtures.failedJane()], returnContent: .full), original: original)
        expectWellFormed(rendered.bytes)
        #expect(!rendered.returnsFullMessage)
        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        #expect(report.parts.last?.contentType == "text/rfc822-headers")
    }

    @Test("A header line over 998 octets is cut into continuation lines in the returned header")
    func longHeaderLinesAreFolded() throws {
        let original = Fixtures.crlf("X-Long: " + String(repeating: "z", count: 2_500) + "\nSubject: long\n\nbody")
        let rendered = render(Fixtures.notification([Fixtures.failedJane()], returnContent: .headers), original: original)
        expectWellFormed(rendered.bytes)
        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
        let text = try #require(python.parts.last?.text)
        #expect(text.filter { $0 == "z" }.count == 2_500, "nothing is lost")
        #expect(text.contains("Subject: long"))
    }

    @Test("Bare LF line endings in the original become CRLF in the DSN")
    func unixLineEndings() throws {
        let original = Array("From: a@example.org\nSubject: unix\n\nline one\nline two\n".utf8)
        let rendered = render(Fixtures.notification([Fixtures.failedJane()], returnContent: .full), original: original)
        expectWellFormed(rendered.bytes)
        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
        #expect(python.parts.last?.innerSubject == "unix")
    }

    @Test("German: subject, Explain's German explanation, and still 7-bit on the wire")
    func germanFirstPart() throws {
        let rendered = render(Fixtures.notification([Fixtures.failedJane()], language: .german))
        expectWellFormed(rendered.bytes)
        #expect(rendered.bytes.allSatisfy { $0 < 0x80 }, "quoted-printable keeps umlauts 7-bit")
        #expect(rendered.bodyType == .sevenBit)

        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        #expect(report.field("Subject") == "Unzustellbare Nachricht")
        #expect(report.parts[0].field("Content-Language") == "de")
        let text = explanationText(report)
        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
        #expect(python.parts.first?.text == text)

        let flat = collapsed(text)
        #expect(flat.contains("Dies ist das Mailsystem auf mx.example.org."))
        #expect(flat.contains("Nicht zugestellt."))
        #expect(flat.contains("Betreff: \u{201E}Quarterly report\u{201C}"))
        #expect(flat.contains("Hier eingegangen: Sonntag, 29. November 2026, 01:42 Uhr (UTC)"))
        let explanation = ReplyExplainer(language: .german).explain(Fixtures.userUnknown)
        #expect(flat.contains(collapsed(try #require(explanation.cause))))
        #expect(flat.contains(collapsed(explanation.fault.summary)))
        #expect(flat.contains("Was Sie tun können:"))
        // The machine-readable part does not change with the language.
        #expect(report.recipients.first?["action"] == "failed")
    }

    @Test("German delay notice: an RFC 2047 subject that Python decodes, and the retry date in German")
    func germanDelay() throws {
        let rendered = render(Fixtures.notification([Fixtures.delayedBob()], language: .german))
        expectWellFormed(rendered.bytes)
        let subjectLines = headerLines(rendered.bytes).drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subjectLines.first?.hasPrefix("Subject: =?UTF-8?B?") == true)
        #expect(subjectLines.allSatisfy { $0.utf8.count <= 78 })

        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
        #expect(python.header["Subject"] == "Verzögerte Nachricht (Zustellung wird weiter versucht)")
        let flat = collapsed(python.parts.first?.text ?? "")
        #expect(flat.contains("Noch nicht zugestellt."))
        #expect(flat.contains("bis Freitag, 4. Dezember 2026, 01:42 Uhr (UTC) weiter versucht"))
        #expect(flat.contains("Sie müssen sie nicht erneut senden."))
        #expect(python.parts.map(\.contentType).contains("message/delivery-status"))
        #expect(python.parts[1].header["Content-Description"] == "Zustellbericht")
        #expect(python.parts[2].header["Content-Description"] == "Kopf der ursprünglichen Nachricht")
        // Every line the DSN writes itself fits in 78 characters (RFC 5322 §2.1.1), and so
        // does every line of this original: so all of them do, part headers included.
        let lines = String(decoding: rendered.bytes, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines.filter { $0.utf8.count > 78 })")
    }

    @Test("A long multi-line diagnostic is folded at spaces to 78 columns and unfolds to the reply on one line")
    func longDiagnosticIsFolded() throws {
        let reply = Reply(
            code: 550,
            enhancedCode: EnhancedStatusCode(.permanentFailure, 7, 1),
            lines: [
                "Message rejected because the sending server is listed on several block lists that we consult",
                "Please see https://postmaster.example.com/blocklist-help?ip=192.0.2.1&reason=listed for details",
                "Reference: 0123456789abcdef",
            ]
        )
        var recipient = Fixtures.failedJane()
        recipient.diagnostic = reply
        recipient.status = EnhancedStatusCode(.permanentFailure, 7, 1)
        let rendered = render(Fixtures.notification([recipient]))
        expectWellFormed(rendered.bytes)

        let expected =
            "smtp; 550 5.7.1 Message rejected because the sending server is listed on several block lists that we consult"
            + " Please see https://postmaster.example.com/blocklist-help?ip=192.0.2.1&reason=listed for details"
            + " Reference: 0123456789abcdef"
        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        #expect(report.recipients.first?["diagnostic-code"] == expected, "RFC 5322 §2.2.3: unfolding restores the value")
        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
        #expect(python.deliveryStatus.last?["Diagnostic-Code"] == expected)

        let statusLines = String(decoding: try #require(report.deliveryStatusPart).body, as: UTF8.self).components(separatedBy: "\r\n")
        let field = statusLines.drop { !$0.hasPrefix("Diagnostic-Code:") }.prefix { $0.hasPrefix("Diagnostic-Code:") || $0.hasPrefix(" ") }
        #expect(field.count >= 3, "folded over several lines")
        #expect(field.allSatisfy { $0.utf8.count <= 78 }, "RFC 5322 §2.1.1: 78 characters")
        #expect(field.dropFirst().allSatisfy { $0.hasPrefix(" ") && !$0.hasPrefix("  ") })
    }

    @Test("A word longer than any line is cut so that no line exceeds 998 octets")
    func hugeWordInDiagnostic() throws {
        var recipient = Fixtures.failedJane()
        recipient.diagnostic = Reply(550, EnhancedStatusCode(.permanentFailure, 7, 1), "see https://example.com/" + String(repeating: "x", count: 2_500))
        let rendered = render(Fixtures.notification([recipient]))
        expectWellFormed(rendered.bytes)
        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        let value = try #require(report.recipients.first?["diagnostic-code"])
        #expect(value.replacingOccurrences(of: " ", with: "").contains(String(repeating: "x", count: 2_500)))
        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
    }

    @Test("UTF-8 in the original's header: message/global-headers, or message/global with RET=FULL (RFC 6532, RFC 6533)")
    func eightBitHeaderOriginal() throws {
        let headers = render(Fixtures.notification([Fixtures.failedJane()], returnContent: .headers), original: Fixtures.eightBitHeaderOriginal)
        expectWellFormed(headers.bytes)
        #expect(headers.bodyType == .eightBitMIME)
        let report = try #require(DeliveryStatusNotification.parse(headers.bytes))
        #expect(report.parts.map(\.contentType) == ["text/plain", "message/delivery-status", "message/global-headers"])
        #expect(report.parts[2].field("Content-Transfer-Encoding") == "8bit")
        #expect(report.parts[2].text.contains("Subject: Grüße aus Köln\r\n"))
        #expect(report.parts[0].body.allSatisfy { $0 < 0x80 } && report.parts[1].body.allSatisfy { $0 < 0x80 })
        #expect(collapsed(explanationText(report)).contains("Subject: \u{201C}Grüße aus Köln\u{201D}"))
        let python = try PythonEmail.read(headers.bytes)
        expectNoDefects(python)
        #expect(python.parts.last?.contentType == "message/global-headers")

        let full = render(Fixtures.notification([Fixtures.failedJane()], returnContent: .full), original: Fixtures.eightBitHeaderOriginal)
        expectWellFormed(full.bytes)
        let fullReport = try #require(DeliveryStatusNotification.parse(full.bytes))
        #expect(fullReport.parts.last?.contentType == "message/global")
        #expect(fullReport.parts.last?.body == Fixtures.eightBitHeaderOriginal)
        let fullPython = try PythonEmail.read(full.bytes)
        expectNoDefects(fullPython)
        #expect(fullPython.parts.last?.contentType == "message/global")
        #expect(fullPython.parts.last?.innerBody?.contains("BODY-MARKER") == true)
    }

    @Test("An 8-bit body with an ASCII header: message/rfc822 with Content-Transfer-Encoding 8bit")
    func eightBitBodyOriginal() throws {
        let rendered = render(Fixtures.notification([Fixtures.failedJane()], returnContent: .full), original: Fixtures.eightBitBodyOriginal)
        expectWellFormed(rendered.bytes)
        #expect(rendered.bodyType == .eightBitMIME, "BODY=8BITMIME is needed to send it")
        #expect(!rendered.requiresSMTPUTF8)
        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        #expect(report.parts.last?.contentType == "message/rfc822")
        #expect(report.parts.last?.field("Content-Transfer-Encoding") == "8bit")
        // The RFC 2047 subject of the original is decoded for the person.
        #expect(collapsed(explanationText(report)).contains("Subject: \u{201C}Grüße from Berlin\u{201D}"))
        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
        #expect(python.parts.last?.innerSubject == "Grüße from Berlin")

        // The header alone is ASCII, so returning only the header gives a 7-bit DSN.
        let headersOnly = render(Fixtures.notification([Fixtures.failedJane()], returnContent: .headers), original: Fixtures.eightBitBodyOriginal)
        #expect(headersOnly.bodyType == .sevenBit)
    }

    @Test("UTF-8 addresses: Final-Recipient in the utf-8 type's xtext form, To: in UTF-8 needs SMTPUTF8 (RFC 6533 §3)")
    func utf8Addresses() throws {
        let recipient = DeliveryStatusNotification.Recipient(
            finalRecipient: try #require(Mailbox("jösé@bücher.example")),
            originalRecipient: OriginalRecipient(addressType: "utf-8", address: "Info@B\\x{FC}cher.example"),
            action: .failed,
            status: EnhancedStatusCode(.permanentFailure, 1, 1),
            diagnostic: Fixtures.userUnknown
        )
        let sender = ReversePath.mailbox(try #require(Mailbox("jürgen@exämple.de")))
        let rendered = render(Fixtures.notification([recipient], sender: sender))
        expectWellFormed(rendered.bytes)
        #expect(rendered.requiresSMTPUTF8, "the To: field holds a UTF-8 address (RFC 6531 §3.4)")
        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        #expect(report.field("To") == "jürgen@exämple.de")
        let status = try #require(report.deliveryStatusPart)
        #expect(status.body.allSatisfy { $0 < 0x80 }, "message/delivery-status stays 7-bit")
        #expect(report.recipients.first?["final-recipient"] == "utf-8; j\\x{F6}s\\x{E9}@b\\x{FC}cher.example")
        #expect(report.recipients.first?["original-recipient"] == "utf-8;Info@B\\x{FC}cher.example", "ORCPT passed on unchanged")
        #expect(collapsed(explanationText(report)).contains("You wrote the address as: Info@Bücher.example"))

        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
        #expect(python.deliveryStatus.last?["Final-Recipient"] == "utf-8; j\\x{F6}s\\x{E9}@b\\x{FC}cher.example")
    }

    @Test("An ORCPT of type rfc822 that holds non-ASCII becomes the utf-8 type, losslessly")
    func nonASCIIRFC822OriginalRecipient() {
        let value = DeliveryStatusFields.originalRecipientValue(OriginalRecipient(addressType: "rfc822", address: "jö+x@example.org"))
        #expect(value == "utf-8;j\\x{F6}\\x{2B}x@example.org")
    }

    @Test("Field values from elsewhere cannot start new fields or break the 7-bit part")
    func hostileValues() throws {
        var recipient = Fixtures.failedJane()
        recipient.remoteMTA = "evil.example\r\nAction: delivered"
        let notification = DeliveryStatusNotification(
            reportingMTA: "mx.example.org\r\nBcc: victim@example.org",
            envelopeID: "id\r\nX-Injected: yes",
            arrivalDate: Fixtures.arrival,
            originalSender: Fixtures.sender,
            recipients: [recipient],
            returnContent: .headers,
            timeZone: Fixtures.utc
        )
        let rendered = render(notification)
        expectWellFormed(rendered.bytes)
        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        #expect(report.field("Bcc") == nil)
        #expect(report.recipients.count == 1)
        #expect(report.recipients.first?["action"] == "failed")
        #expect(report.perMessage["x-injected"] == nil)
        #expect(report.perMessage["original-envelope-id"] == "id+0D+0AX-Injected:+20yes", "re-encoded as xtext (RFC 3461 §4.4)")
    }

    @Test("The boundary never occurs in a part (RFC 2046 §5.1.1), and the same inputs give the same bytes")
    func boundaryAvoidsContent() throws {
        let notification = Fixtures.notification([Fixtures.failedJane()], returnContent: .full)
        let first = render(notification)
        #expect(first.bytes == render(notification).bytes, "deterministic")
        let boundary = try #require(DeliveryStatusNotification.parse(first.bytes)).boundary

        // An original that quotes exactly that boundary forces another one.
        let original = Fixtures.crlf("Subject: tricky\n\n--\(boundary)\nContent-Type: text/plain\n\nfake part\n--\(boundary)--")
        let rendered = render(notification, original: original)
        let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
        #expect(report.boundary != boundary)
        #expect(report.parts.count == 3)
        #expect(report.parts.last?.body == original)
        let python = try PythonEmail.read(rendered.bytes)
        expectNoDefects(python)
        #expect(python.parts.count == 3)
    }

    @Test("Message-IDs get angle brackets; a new one is unique")
    func messageIDs() {
        #expect(DeliveryStatusNotification.cleanedMessageID("abc@mx.example.org", host: "mx.example.org") == "<abc@mx.example.org>")
        #expect(DeliveryStatusNotification.cleanedMessageID("<abc@mx.example.org>", host: "mx.example.org") == "<abc@mx.example.org>")
        let one = DeliveryStatusNotification.makeMessageID(reportingMTA: "mx.example.org")
        let two = DeliveryStatusNotification.makeMessageID(reportingMTA: "mx.example.org")
        #expect(one != two)
        #expect(one.hasPrefix("<") && one.hasSuffix("@mx.example.org>"))
    }

    @Test("Every action reads as a sentence in both languages", arguments: DeliveryStatusNotification.Action.allCases)
    func everyAction(action: DeliveryStatusNotification.Action) throws {
        for language in Language.allCases {
            var recipient = Fixtures.failedJane(orcpt: false)
            recipient.action = action
            recipient.diagnostic = nil
            let rendered = render(Fixtures.notification([recipient], language: language))
            expectWellFormed(rendered.bytes)
            let report = try #require(DeliveryStatusNotification.parse(rendered.bytes))
            #expect(report.recipients.first?["action"] == action.rawValue)
            #expect(report.recipients.first?["diagnostic-code"] == nil)
            let python = try PythonEmail.read(rendered.bytes)
            expectNoDefects(python)
            // Without a reply the status code is shown (and explained for failures and delays).
            let statusLabel = language == .english ? "Status code: 5.1.1" : "Statuscode: 5.1.1"
            #expect(collapsed(explanationText(report)).contains(statusLabel))
        }
    }
}
