/// An SMTP command as a client sends it and a server receives it.
///
/// - SeeAlso: RFC 5321 §4.1.1 (EHLO, HELO, MAIL, RCPT, DATA, RSET, VRFY, EXPN, HELP, NOOP,
///   QUIT), RFC 3207 (STARTTLS), RFC 4954 (AUTH), RFC 3030 (BDAT).
public enum Command: Sendable, Hashable {
    /// EHLO with the client's domain or address literal, as sent.
    case extendedHello(String)
    /// HELO with the client's domain, as sent.
    case hello(String)
    case mail(ReversePath, MailParameters)
    case recipient(ForwardPath, RecipientParameters)
    case data
    /// BDAT: a chunk of `size` octets follows the command line; `isLast` for `LAST`.
    case binaryData(size: UInt64, isLast: Bool)
    case reset
    case noop(String?)
    case quit
    case verify(String)
    case expand(String)
    case help(String?)
    case startTLS
    /// AUTH with the mechanism name (upper case) and the decoded initial response; an
    /// initial response of `=` is the empty response.
    case authenticate(mechanism: String, initialResponse: [UInt8]?)

    /// The verb as it goes on the wire.
    public var verb: String {
        switch self {
        case .extendedHello: "EHLO"
        case .hello: "HELO"
        case .mail: "MAIL"
        case .recipient: "RCPT"
        case .data: "DATA"
        case .binaryData: "BDAT"
        case .reset: "RSET"
        case .noop: "NOOP"
        case .quit: "QUIT"
        case .verify: "VRFY"
        case .expand: "EXPN"
        case .help: "HELP"
        case .startTLS: "STARTTLS"
        case .authenticate: "AUTH"
        }
    }
}
