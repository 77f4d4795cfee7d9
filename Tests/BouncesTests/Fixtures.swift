import Bounces
import Foundation
import SMTPCore
import Testing

/// Inputs shared by the DSN tests: fixed dates and zones, so that every generated DSN is
/// the same on every run, and a few original messages.
enum Fixtures {
    static let utc = TimeZone(secondsFromGMT: 0)!
    /// Sun, 29 Nov 2026 01:42:59 +0000.
    static let arrival = Date(timeIntervalSince1970: 1_795_916_579)
    static let lastAttempt = arrival.addingTimeInterval(3_600)
    static let dsnDate = arrival.addingTimeInterval(3_660)
    static let retryUntil = arrival.addingTimeInterval(5 * 86_400)
    static let messageID = "<dsn-1@mx.example.org>"

    static let sender = ReversePath.mailbox(Mailbox("alice@example.org")!)

    static let original = crlf(
        """
        Received: from client.example (client.example [192.0.2.1])
        \tby mx.example.org with ESMTPSA id 4F2A9C; Sun, 29 Nov 2026 01:42:59 +0000
        From: Alice <alice@example.org>
        To: jane@example.com, bob@example.net
        Subject: Quarterly report
        Date: Sun, 29 Nov 2026 01:42:00 +0000
        Message-ID: <orig-1@example.org>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=us-ascii

        Hello Jane,

        the numbers are in. BODY-MARKER
        """
    )

    /// RFC 6532: UTF-8 in the header (and the body).
    static let eightBitHeaderOriginal = crlf(
        """
        From: Jürgen <jürgen@exämple.de>
        To: jane@example.com
        Subject: Grüße aus Köln
        Message-ID: <utf8-1@exämple.de>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        Schöne Grüße! BODY-MARKER
        """
    )

    /// ASCII header, 8-bit body (BODY=8BITMIME).
    static let eightBitBodyOriginal = crlf(
        """
        From: Alice <alice@example.org>
        To: jane@example.com
        Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from Berlin
        Message-ID: <8bit-1@example.org>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        Schöne Grüße! BODY-MARKER
        """
    )

    static func crlf(_ text: String) -> [UInt8] {
        Array((text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n").utf8)
    }

    static let userUnknown = Reply(550, EnhancedStatusCode(.permanentFailure, 1, 1), "<jane@example.com>: Recipient address rejected: User unknown in virtual mailbox table")
    static let temporarilyRejected = Reply(451, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "Mail server temporarily rejected message")

    static func failedJane(orcpt: Bool = true) -> DeliveryStatusNotification.Recipient {
        DeliveryStatusNotification.Recipient(
            finalRecipient: Mailbox("jane@example.com")!,
            originalRecipient: orcpt ? OriginalRecipient(addressType: "rfc822", address: "Jane.Doe@Example.COM") : nil,
            action: .failed,
            status: EnhancedStatusCode(.permanentFailure, 1, 1),
            remoteMTA: "mx.example.com",
            diagnostic: userUnknown,
            lastAttempt: lastAttempt
        )
    }

    static func delayedBob() -> DeliveryStatusNotification.Recipient {
        DeliveryStatusNotification.Recipient(
            finalRecipient: Mailbox("bob@example.net")!,
            action: .delayed,
            status: EnhancedStatusCode(.persistentTransientFailure, 3, 0),
            remoteMTA: "mx.example.net",
            diagnostic: temporarilyRejected,
            lastAttempt: lastAttempt,
            willRetryUntil: retryUntil
        )
    }

    static func deliveredCarol() -> DeliveryStatusNotification.Recipient {
        DeliveryStatusNotification.Recipient(
            finalRecipient: Mailbox("carol@example.org")!,
            action: .delivered,
            status: EnhancedStatusCode(.success, 0, 0),
            remoteMTA: "mx.example.org",
            diagnostic: Reply(250, EnhancedStatusCode(.success, 0, 0), "Ok: queued as 7B1C2D"),
            lastAttempt: lastAttempt
        )
    }

    static func notification(
        _ recipients: [DeliveryStatusNotification.Recipient],
        envelopeID: String? = nil,
        sender: ReversePath = sender,
        returnContent: DeliveryStatusNotification.ReturnContent = .headers,
        language: Language = .english,
        timeZone: TimeZone = utc
    ) -> DeliveryStatusNotification {
        DeliveryStatusNotification(
            reportingMTA: "mx.example.org",
            envelopeID: envelopeID,
            arrivalDate: arrival,
            originalSender: sender,
            recipients: recipients,
            returnContent: returnContent,
            language: language,
            timeZone: timeZone
        )
    }
}

/// Checks the line rules every DSN must keep: CRLF line endings only (RFC 5322 §2.3) and
/// no line over 998 octets (RFC 5322 §2.1.1, RFC 5321 §4.5.3.1.6).
func expectWellFormed(_ message: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    var lineLength = 0
    var previous: UInt8 = 0
    var longest = 0
    var bareLineEndings = 0
    for byte in message {
        if byte == 0x0A {
            if previous != 0x0D { bareLineEndings += 1 }
            longest = max(longest, lineLength - 1)
            lineLength = 0
        } else {
            if previous == 0x0D { bareLineEndings += 1 }
            lineLength += 1
        }
        previous = byte
    }
    #expect(bareLineEndings == 0, "RFC 5322 §2.3: CR and LF only together", sourceLocation: sourceLocation)
    #expect(longest <= 998, "RFC 5322 §2.1.1: longest line is \(longest) octets", sourceLocation: sourceLocation)
    #expect(message.suffix(2) == [0x0D, 0x0A], "ends with CRLF", sourceLocation: sourceLocation)
}

/// The lines of the header section of a message or part, before unfolding.
func headerLines(_ message: [UInt8]) -> [String] {
    let text = String(decoding: message, as: UTF8.self)
    let header = text.components(separatedBy: "\r\n\r\n").first ?? ""
    return header.components(separatedBy: "\r\n")
}

/// White space collapsed, so that wrapped text can be compared with the sentence it came from.
func collapsed(_ text: String) -> String {
    // Character.isWhitespace, because "\r\n" is one Character in Swift.
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}
