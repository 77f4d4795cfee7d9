/// The part of a mailbox after the `@`, or the argument of EHLO: a domain name or an
/// address literal.
///
/// - SeeAlso: RFC 5321 §4.1.2 (`Domain`, `address-literal`) and §4.1.3; RFC 6531 §3.3
///   (U-labels in domains when SMTPUTF8 is used).
public enum MailDomain: Sendable, Hashable, CustomStringConvertible {
    /// A domain name as the client wrote it (case preserved; compare with ``normalized``).
    case name(String)
    case addressLiteral(AddressLiteral)

    /// The wire form: the name, or the literal in brackets.
    public var description: String {
        switch self {
        case .name(let name): name
        case .addressLiteral(let literal): literal.description
        }
    }

    /// The form used to compare domains: names lowercased (ASCII only, as DNS compares them)
    /// without a trailing dot.
    public var normalized: String {
        switch self {
        case .name(let name):
            var lower = String(decoding: name.utf8.map(ASCII.lowercased), as: UTF8.self)
            if lower.hasSuffix(".") { lower.removeLast() }
            return lower
        case .addressLiteral(let literal):
            return literal.description.lowercased()
        }
    }

    /// Whether the domain holds characters outside ASCII, which need SMTPUTF8 (RFC 6531).
    public var isASCII: Bool { description.utf8.allSatisfy { $0 < 0x80 } }
}

/// An address literal in brackets: `[192.0.2.1]`, `[IPv6:2001:db8::1]` or a general
/// `[tag:content]` literal.
///
/// - SeeAlso: RFC 5321 §4.1.3.
public enum AddressLiteral: Sendable, Hashable, CustomStringConvertible {
    /// Dotted-quad IPv4 address text, e.g. `192.0.2.1`.
    case ipv4(String)
    /// IPv6 address text after the `IPv6:` tag, e.g. `2001:db8::1`.
    case ipv6(String)
    /// A standardized tag and its content.
    case general(tag: String, content: String)

    public var description: String {
        switch self {
        case .ipv4(let address): "[\(address)]"
        case .ipv6(let address): "[IPv6:\(address)]"
        case .general(let tag, let content): "[\(tag):\(content)]"
        }
    }
}
