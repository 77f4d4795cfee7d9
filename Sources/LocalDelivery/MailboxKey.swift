import Foundation
import SMTPCore

/// How Postamt compares the addresses it is responsible for: the domain in its normalized
/// form (no trailing dot), the local part unquoted; both in Unicode NFC and lower case.
///
/// RFC 5321 §2.4 leaves the meaning of a local part to the receiving host; like Postfix by
/// default, Postamt treats `Bob@Example.org` and `bob@example.org` as one mailbox, and
/// `"bob"@example.org` too, since the quotes do not change the address. NFC makes
/// composed and decomposed spellings of the same UTF-8 local part (RFC 6531) equal.
struct MailboxKey: Sendable, Hashable, CustomStringConvertible {
    let localPart: String
    let domain: String

    init(localPart: String, domain: String) {
        self.localPart = localPart
        self.domain = domain
    }

    init(_ mailbox: Mailbox) {
        self.localPart = Self.fold(mailbox.unquotedLocalPart)
        self.domain = Self.fold(mailbox.domain)
    }

    var description: String { "\(localPart)@\(domain)" }

    /// NFC, then lower case: the form local parts are compared and stored in.
    static func fold(_ localPart: String) -> String {
        // ASCII text is its own NFC; Foundation's normalization is skipped for the common case.
        if localPart.utf8.allSatisfy({ $0 < 0x80 }) { return localPart.lowercased() }
        return localPart.precomposedStringWithCanonicalMapping.lowercased()
    }

    /// The normalized domain, folded like a local part so that U-labels (RFC 6531) in
    /// either case or normalization form are one domain; for ASCII names this is just
    /// ``SMTPCore/MailDomain/normalized``.
    static func fold(_ domain: MailDomain) -> String {
        fold(domain.normalized)
    }
}

extension Mailbox {
    /// This mailbox as Postamt stores and reports it: the local part folded (see
    /// ``MailboxKey``) and written without quotes when it does not need them, the domain
    /// normalized.
    var canonical: Mailbox {
        let folded = MailboxKey.fold(unquotedLocalPart)
        let localPart = Self.isDotString(folded) ? folded : MailboxKey.fold(self.localPart)
        let domain: MailDomain =
            switch self.domain {
            case .name: .name(MailboxKey.fold(self.domain))
            case .addressLiteral: self.domain
            }
        return Mailbox(localPart: localPart, domain: domain)
    }

    private static let atextPunctuation = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    /// RFC 5321 `Dot-string`: atoms of atext (or UTF-8, RFC 6531) separated by single dots.
    private static func isDotString(_ text: String) -> Bool {
        var atomLength = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard atomLength > 0 else { return false }
                atomLength = 0
            } else if byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                || atextPunctuation.contains(byte)
            {
                atomLength += 1
            } else {
                return false
            }
        }
        return atomLength > 0
    }
}

extension Mailbox {
    /// The text Postamt looks a mailbox up by (user names, alias keys): `local@domain`,
    /// unquoted, in NFC and lower case. See ``MailboxKey``.
    public var lookupKey: String { MailboxKey(self).description }
}
