import Foundation
import MailMessage
import SMTPCore

extension DeliveryStatusNotification {
    /// A DSN laid out as a message, with what it needs to be sent.
    public struct RenderedMessage: Sendable, Hashable {
        /// The complete message: header section, empty line, MIME body; CRLF line endings,
        /// no line longer than 998 octets.
        public var bytes: [UInt8]
        /// The BODY= parameter to send it with (RFC 6152): `8BITMIME` when the returned
        /// content has 8-bit octets, `7BIT` otherwise. Parts 1 and 2 are always 7-bit.
        public var bodyType: MailParameters.BodyType
        /// Whether its own header holds UTF-8 (a To: address with UTF-8), so it can only be
        /// sent with SMTPUTF8 (RFC 6531 §3.4).
        public var requiresSMTPUTF8: Bool
        /// Whether part 3 is the whole original message rather than its header section.
        public var returnsFullMessage: Bool
    }

    /// The complete DSN for `original` (the message as it was queued, header and body).
    ///
    /// The header section is:
    ///
    /// ```
    /// From: "Mail Delivery System" <MAILER-DAEMON@reportingMTA>
    /// To: sender@example.org
    /// Subject: Undelivered Mail Returned to Sender
    /// Date: Tue, 01 Dec 2026 14:00:00 +0000
    /// Message-ID: <messageID>
    /// In-Reply-To: <the original's Message-ID>   (and References:, RFC 3834 §3.1.5)
    /// Auto-Submitted: auto-replied               (RFC 3834 §5)
    /// MIME-Version: 1.0
    /// Content-Type: multipart/report; report-type=delivery-status; boundary="…"
    /// ```
    ///
    /// followed by the three parts described at ``DeliveryStatusNotification``. Part 1 is
    /// `text/plain; charset=utf-8` in quoted-printable, so the explanation is 7-bit in any
    /// language; part 2 is 7-bit by construction. The whole message is returned in part 3
    /// only when a recipient `failed` (RFC 3461 §4.3: RET is about failed DSNs; delays and
    /// successes return the header only), ``returnContent`` allows it, and the message
    /// has no line over 998 octets and no NUL (which a `message/rfc822` part cannot
    /// carry, RFC 2046 §5.2.1); otherwise the header section is returned.
    ///
    /// The boundary is derived from `messageID` (so the same inputs give the same bytes)
    /// and changed until it occurs in none of the parts (RFC 2046 §5.1.1).
    ///
    /// - Parameters:
    ///   - original: the original message, CRLF or LF line endings.
    ///   - date: the DSN's Date:.
    ///   - messageID: the DSN's Message-ID, with or without angle brackets; see
    ///     ``makeMessageID(reportingMTA:)``.
    /// - SeeAlso: RFC 3464 §2, RFC 6522 §3, RFC 3461 §6, RFC 3834 §5, RFC 5322 §3.6.
    public func message(original: [UInt8], date: Date, messageID: String) -> [UInt8] {
        render(original: original, date: date, messageID: messageID).bytes
    }

    /// ``message(original:date:messageID:)`` together with the BODY and SMTPUTF8 it needs.
    public func render(original: [UInt8], date: Date, messageID: String) -> RenderedMessage {
        let returned = ReturnedMessage(original)
        let returnsFull = returnsFullMessage(returned)

        var parts: [(header: String, body: [UInt8])] = []
        let explanation = HumanReadableReport.text(self, original: returned, returnsFullMessage: returnsFull)
        parts.append(
            (
                FieldFolding.field("Content-Type", "text/plain; charset=utf-8")
                    + FieldFolding.field("Content-Transfer-Encoding", "quoted-printable")
                    + FieldFolding.field("Content-Description", EncodedWord.encode(BounceStrings.notificationPart[language]))
                    + FieldFolding.field("Content-Language", language.rawValue),
                QuotedPrintable.encode(explanation)
            )
        )
        parts.append(
            (
                FieldFolding.field("Content-Type", "message/delivery-status")
                    + FieldFolding.field("Content-Description", EncodedWord.encode(BounceStrings.reportPart[language])),
                DeliveryStatusFields.render(self)
            )
        )
        parts.append(returnedPart(returned, full: returnsFull))

        let boundary = Self.boundary(messageID: messageID, avoiding: parts.map(\.body))
        var bytes = Array(topHeader(returned, date: date, messageID: messageID, boundary: boundary).utf8)
        let requiresSMTPUTF8 = bytes.contains { $0 >= 0x80 }
        bytes += Array("\r\nThis is a MIME-encapsulated message.\r\n".utf8)
        for part in parts {
            bytes += Array("\r\n--\(boundary)\r\n".utf8)
            bytes += Array(part.header.utf8)
            bytes += [0x0D, 0x0A]
            bytes += part.body
            // The CRLF before the next delimiter belongs to the delimiter (RFC 2046
            // §5.1.1); one more keeps a body's own last line break.
            if part.body.last != 0x0A { bytes += [0x0D, 0x0A] }
        }
        bytes += Array("\r\n--\(boundary)--\r\n".utf8)
        return RenderedMessage(
            bytes: bytes,
            bodyType: bytes.contains { $0 >= 0x80 } ? .eightBitMIME : .sevenBit,
            requiresSMTPUTF8: requiresSMTPUTF8,
            returnsFullMessage: returnsFull
        )
    }

    private func returnsFullMessage(_ returned: ReturnedMessage) -> Bool {
        guard recipients.contains(where: { $0.action == .failed }), returned.fullIsReturnable else { return false }
        switch returnContent {
        case .headers: return false
        case .full: return true
        case .fullUpTo(let limit): return returned.full.count <= limit
        }
    }

    /// Part 3: RFC 3462/6522 `text/rfc822-headers` or RFC 2046 `message/rfc822`, and their
    /// RFC 6532/6533 forms when the header holds UTF-8, which the ASCII-only types may not.
    private func returnedPart(_ returned: ReturnedMessage, full: Bool) -> (header: String, body: [UInt8]) {
        let type: String
        let body: [UInt8]
        let eightBit: Bool
        if full {
            type = returned.headerIsEightBit ? "message/global" : "message/rfc822"
            body = returned.full
            eightBit = returned.fullIsEightBit
        } else {
            type = returned.headerIsEightBit ? "message/global-headers" : "text/rfc822-headers"
            body = returned.header
            eightBit = returned.headerIsEightBit
        }
        let description = (full ? BounceStrings.messagePart : BounceStrings.headerPart)[language]
        var header = FieldFolding.field("Content-Type", type)
        // A message part may only be 7bit or 8bit (RFC 2046 §5.2.1); saying which lets a
        // server that has to downgrade know what it is dealing with.
        header += FieldFolding.field("Content-Transfer-Encoding", eightBit ? "8bit" : "7bit")
        header += FieldFolding.field("Content-Description", EncodedWord.encode(description))
        return (header, body)
    }

    private func topHeader(_ returned: ReturnedMessage, date: Date, messageID: String, boundary: String) -> String {
        let host = DeliveryStatusFields.hostValue(reportingMTA)
        let recipient: String
        switch originalSender {
        case .mailbox(let mailbox): recipient = Sanitize.line(mailbox.description)
        // A DSN about a DSN goes to our own postmaster (see isBounceOfBounce).
        case .null: recipient = "postmaster@\(host)"
        }
        let kind = BounceStrings.Kind(recipients.map(\.action))
        var header = ""
        header += FieldFolding.field("From", "\"Mail Delivery System\" <MAILER-DAEMON@\(host)>")
        header += FieldFolding.field("To", recipient)
        header += FieldFolding.field("Subject", EncodedWord.encode(BounceStrings.subject(kind)[language]))
        header += FieldFolding.field("Date", RFC5322Date.format(date, timeZone: timeZone))
        header += FieldFolding.field("Message-ID", Self.cleanedMessageID(messageID, host: host))
        if let originalID = returned.field("Message-ID").flatMap(Self.firstMessageID) {
            header += FieldFolding.field("In-Reply-To", originalID)
            header += FieldFolding.field("References", originalID)
        }
        header += FieldFolding.field("Auto-Submitted", "auto-replied")
        header += FieldFolding.field("MIME-Version", "1.0")
        header += FieldFolding.field(
            "Content-Type",
            "multipart/report; report-type=delivery-status; boundary=\"\(boundary)\""
        )
        return header
    }

    /// `<id>` from what the caller passed: angle brackets added if missing, anything that
    /// cannot be in a msg-id removed (RFC 5322 §3.6.4).
    static func cleanedMessageID(_ messageID: String, host: String) -> String {
        var inner = Sanitize.word(messageID, fallback: "")
        if inner.isEmpty {
            return makeMessageID(reportingMTA: host)
        }
        inner = String(inner.unicodeScalars.filter { $0.isASCII })
        return "<\(inner)>"
    }

    /// The first `<…>` in an original's Message-ID field, cleaned; `nil` if there is none.
    static func firstMessageID(_ value: String) -> String? {
        guard let open = value.firstIndex(of: "<"), let close = value[open...].firstIndex(of: ">") else { return nil }
        let inner = Sanitize.word(String(value[value.index(after: open)..<close]), fallback: "")
        guard !inner.isEmpty, inner.unicodeScalars.allSatisfy(\.isASCII) else { return nil }
        return "<\(inner)>"
    }

    /// `=_postamt_<16 hex digits>`: "=_" can never occur in quoted-printable text (an "="
    /// there starts an escape or a soft break), and the hash of the Message-ID makes
    /// boundaries of different DSNs differ. Tried again with a counter while it occurs in
    /// a part.
    static func boundary(messageID: String, avoiding parts: [[UInt8]]) -> String {
        // FNV-1a: small, stable across runs and platforms (unlike Hasher).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in messageID.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16, uppercase: false)
        let base = "=_postamt_" + String(repeating: "0", count: 16 - hex.count) + hex
        var attempt = 0
        while true {
            let candidate = attempt == 0 ? base : "\(base)_\(attempt)"
            let needle = Array(candidate.utf8)
            if !parts.contains(where: { contains($0, needle) }) { return candidate }
            attempt += 1
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            guard let found = haystack[index...last].firstIndex(of: first) else { return false }
            if haystack[found..<(found + needle.count)].elementsEqual(needle) { return true }
            index = found + 1
        }
        return false
    }
}
