/// A mailbox, `local-part@domain`, as SMTP carries it in paths.
///
/// - SeeAlso: RFC 5321 §4.1.2 (`Mailbox`), §2.4 (the local part is case-sensitive in
///   principle; only the receiving host interprets it).
public struct Mailbox: Sendable, Hashable, CustomStringConvertible {
    /// The local part as it appears on the wire: a dot-string, or a quoted string
    /// including its quotes and backslash escapes.
    public let localPart: String
    public let domain: MailDomain

    /// Creates a mailbox from parts the caller has already validated (the parser does).
    public init(localPart: String, domain: MailDomain) {
        self.localPart = localPart
        self.domain = domain
    }

    /// Parses `local@domain` without angle brackets, allowing UTF-8 (RFC 6531).
    public init?(_ text: String) {
        guard case .success(let mailbox) = PathParser.parseMailbox(Array(text.utf8)[...]) else { return nil }
        self = mailbox
    }

    public var description: String {
        var text = ""
        append(to: &text)
        return text
    }

    /// Appends `local-part@domain`: a relay writes a path into every MAIL and RCPT, and
    /// building the pieces as strings of their own cost an allocation each.
    func append(to text: inout String) {
        text += localPart
        text += "@"
        text += domain.description
    }

    /// Appends the path of this mailbox, `<local-part@domain>`.
    func appendPath(to text: inout String) {
        text += "<"
        append(to: &text)
        text += ">"
    }

    /// The local part with quoting removed: `"john doe"` becomes `john doe`.
    public var unquotedLocalPart: String {
        guard localPart.utf8.first == ASCII.quote else { return localPart }
        var result = [UInt8]()
        var escaped = false
        for byte in localPart.utf8.dropFirst().dropLast() {
            if escaped {
                result.append(byte)
                escaped = false
            } else if byte == ASCII.backslash {
                escaped = true
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Whether the address needs SMTPUTF8 to be transmitted (RFC 6531 §3.2).
    public var isASCII: Bool { localPart.utf8.allSatisfy { $0 < 0x80 } && domain.isASCII }
}

/// The argument of MAIL FROM: a mailbox, or the null path `<>` used by bounces.
///
/// - SeeAlso: RFC 5321 §4.1.1.2 and §4.5.5 (the null reverse-path).
public enum ReversePath: Sendable, Hashable, CustomStringConvertible {
    case null
    case mailbox(Mailbox)

    /// The wire form including angle brackets.
    public var description: String {
        var text = ""
        append(to: &text)
        return text
    }

    /// Appends the wire form, as ``description`` gives it.
    func append(to text: inout String) {
        switch self {
        case .null:
            text += "<>"
        case .mailbox(let mailbox):
            mailbox.appendPath(to: &text)
        }
    }

    public var mailbox: Mailbox? {
        if case .mailbox(let mailbox) = self { return mailbox }
        return nil
    }
}

/// The argument of RCPT TO: a mailbox, or the bare `<Postmaster>` every server must accept.
///
/// - SeeAlso: RFC 5321 §4.1.1.3 and §4.5.1.
public enum ForwardPath: Sendable, Hashable, CustomStringConvertible {
    /// `<Postmaster>` without a domain: the postmaster of the receiving server.
    case postmaster
    case mailbox(Mailbox)

    public var description: String {
        var text = ""
        append(to: &text)
        return text
    }

    /// Appends the wire form, as ``description`` gives it.
    func append(to text: inout String) {
        switch self {
        case .postmaster:
            text += "<Postmaster>"
        case .mailbox(let mailbox):
            mailbox.appendPath(to: &text)
        }
    }

    public var mailbox: Mailbox? {
        if case .mailbox(let mailbox) = self { return mailbox }
        return nil
    }
}
