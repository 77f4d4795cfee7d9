import Foundation
import MailMessage
import SMTPCore

/// The body of the `message/delivery-status` part (RFC 3464 §2.1): the per-message fields,
/// then one group of per-recipient fields for each recipient, each group preceded by an
/// empty line.
///
/// Every value is 7-bit, so the part can travel without 8BITMIME or SMTPUTF8 and be read
/// by any DSN parser: UTF-8 addresses use the `utf-8` address type in its
/// `utf-8-addr-xtext` form (RFC 6533 §3), and other non-ASCII text is written as
/// `\x{HEX}`. Long fields are folded (RFC 3464 §2.1 uses RFC 822 header syntax).
enum DeliveryStatusFields {
    static func render(_ notification: DeliveryStatusNotification) -> [UInt8] {
        let zone = notification.timeZone
        var text = ""
        // RFC 3464 §2.2: Original-Envelope-Id comes first, then Reporting-MTA.
        if let envelopeID = notification.envelopeID {
            text += FieldFolding.field("Original-Envelope-Id", envelopeIDValue(envelopeID))
        }
        text += FieldFolding.field("Reporting-MTA", "dns; " + hostValue(notification.reportingMTA))
        text += FieldFolding.field("Arrival-Date", RFC5322Date.format(notification.arrivalDate, timeZone: zone))
        for recipient in notification.recipients {
            text += "\r\n"
            text += recipientFields(recipient, timeZone: zone)
        }
        return Array(text.utf8)
    }

    /// The fields of one recipient, in the order of RFC 3464 §2.3.
    static func recipientFields(_ recipient: DeliveryStatusNotification.Recipient, timeZone: TimeZone) -> String {
        var text = ""
        if let original = recipient.originalRecipient {
            text += FieldFolding.field("Original-Recipient", originalRecipientValue(original))
        }
        text += FieldFolding.field("Final-Recipient", finalRecipientValue(recipient.finalRecipient))
        text += FieldFolding.field("Action", recipient.action.rawValue)
        text += FieldFolding.field("Status", recipient.status.description)
        if let remoteMTA = recipient.remoteMTA {
            text += FieldFolding.field("Remote-MTA", "dns; " + hostValue(remoteMTA))
        }
        if let diagnostic = recipient.diagnostic {
            text += FieldFolding.field("Diagnostic-Code", "smtp; " + Sanitize.ascii(diagnosticLine(diagnostic)))
        }
        if let lastAttempt = recipient.lastAttempt {
            text += FieldFolding.field("Last-Attempt-Date", RFC5322Date.format(lastAttempt, timeZone: timeZone))
        }
        // RFC 3464 §2.3.9: only meaningful while the message is still being retried.
        if recipient.action == .delayed, let until = recipient.willRetryUntil {
            text += FieldFolding.field("Will-Retry-Until", RFC5322Date.format(until, timeZone: timeZone))
        }
        return text
    }

    /// The reply on one line, as RFC 3464 §2.3.6 and RFC 3461 §9.2 write the `smtp`
    /// diagnostic: the code, the enhanced code once, and the text of every line of a
    /// multi-line reply joined with spaces.
    static func diagnosticLine(_ reply: Reply) -> String {
        var parts = [String(reply.code.rawValue)]
        if let enhanced = reply.enhancedCode { parts.append(enhanced.description) }
        let text = reply.lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        parts += text
        return parts.joined(separator: " ")
    }

    /// `rfc822; user@example.org` for an ASCII address; `utf-8; ` and the xtext form of
    /// RFC 6533 §3 otherwise, which decodes to the exact UTF-8 address.
    static func finalRecipientValue(_ mailbox: Mailbox) -> String {
        let address = Sanitize.line(mailbox.description)
        if address.unicodeScalars.allSatisfy({ $0.isASCII }) {
            return "rfc822; " + address
        }
        return "utf-8; " + Sanitize.utf8AddressXText(address)
    }

    /// The ORCPT value as the sender gave it (RFC 3461 §4.2 asks for it to be passed on
    /// unchanged), `type;address`. Only what cannot go into a 7-bit field is changed: an
    /// `rfc822` address with non-ASCII characters (which that type cannot carry) becomes
    /// the `utf-8` type in xtext form, and non-ASCII characters in a `utf-8` address take
    /// the `\x{HEX}` form its xtext already uses (RFC 6533 §3).
    static func originalRecipientValue(_ original: OriginalRecipient) -> String {
        let type = Sanitize.word(original.addressType, fallback: "rfc822")
        let address = Sanitize.line(original.address)
        if address.unicodeScalars.allSatisfy({ $0.isASCII }) {
            return "\(type);\(address)"
        }
        switch type.lowercased() {
        case "utf-8":
            // Already xtext or unitext: its backslashes are escapes and stay as they are.
            return "utf-8;" + Sanitize.ascii(address).replacingOccurrences(of: " ", with: "\\x{20}")
        case "rfc822":
            return "utf-8;" + Sanitize.utf8AddressXText(address)
        default:
            return "\(type);" + Sanitize.ascii(address)
        }
    }

    /// RFC 3464 §2.2.1: the ENVID as the sender gave it (already decoded from xtext by the
    /// parameter parser). Printable ASCII goes in as it is; anything else is xtext-encoded
    /// again, which is how RFC 3461 §4.4 transmits it, so the field stays 7-bit.
    static func envelopeIDValue(_ envelopeID: String) -> String {
        let printable = envelopeID.unicodeScalars.allSatisfy { $0.value >= 0x21 && $0.value <= 0x7E }
        return printable ? envelopeID : XText.encode(envelopeID)
    }

    /// A host name for `dns;` fields: one word, ASCII (DNS names are A-labels; anything
    /// else is escaped rather than lost).
    static func hostValue(_ host: String) -> String {
        Sanitize.ascii(Sanitize.word(host, fallback: "unknown"))
    }
}
