/// What a server announced in its EHLO reply: the service extensions a client may use.
///
/// A server that was greeted with HELO (because it refused EHLO) offers none, and
/// ``ServerExtensions/init()`` describes exactly that. After STARTTLS the client forgets
/// everything it learned before (RFC 3207 §4.2) and reads a fresh EHLO reply.
///
/// - SeeAlso: RFC 5321 §4.1.1.1 (EHLO reply syntax: one keyword and its parameters per
///   line after the first), RFC 2920 (PIPELINING), RFC 1870 (SIZE), RFC 6152 (8BITMIME),
///   RFC 6531 (SMTPUTF8), RFC 3030 (CHUNKING), RFC 3461 (DSN), RFC 3207 (STARTTLS),
///   RFC 4954 (AUTH), RFC 2034 (ENHANCEDSTATUSCODES).
public struct ServerExtensions: Sendable, Hashable {
    /// The first word of the EHLO reply's first line: the name the server gives itself.
    public var serverName: String?
    public var pipelining: Bool
    /// Whether SIZE was announced at all; MAIL then carries SIZE=n (RFC 1870 §6).
    public var offersSize: Bool
    /// The fixed maximum message size from `SIZE n`; `nil` when SIZE came without a
    /// number or with 0, which RFC 1870 §4 defines as "no fixed maximum".
    public var maximumMessageSize: UInt64?
    public var eightBitMIME: Bool
    public var smtpUTF8: Bool
    public var chunking: Bool
    public var dsn: Bool
    public var startTLS: Bool
    public var enhancedStatusCodes: Bool
    /// The SASL mechanisms after AUTH (or the pre-standard `AUTH=`), upper-cased, in the
    /// server's order and without duplicates. Empty when AUTH was not offered.
    public var authenticationMechanisms: [String]
    /// Every keyword the server announced, upper-cased, in order, for diagnostics.
    public var keywords: [String]

    /// No extensions: what a server greeted with HELO offers.
    public init() {
        serverName = nil
        pipelining = false
        offersSize = false
        maximumMessageSize = nil
        eightBitMIME = false
        smtpUTF8 = false
        chunking = false
        dsn = false
        startTLS = false
        enhancedStatusCodes = false
        authenticationMechanisms = []
        keywords = []
    }

    /// Reads a positive EHLO reply. Unknown keywords are kept in ``keywords`` only;
    /// malformed parameters (a SIZE that is not a number) are ignored rather than failing
    /// a delivery over a cosmetic server bug.
    public init(ehloReply reply: Reply) {
        self.init()
        let first = reply.lines[0].split(separator: " ", maxSplits: 1).first.map(String.init)
        serverName = first?.isEmpty == false ? first : nil
        for line in reply.lines.dropFirst() {
            var words = line.split(separator: " ").map(String.init)
            guard !words.isEmpty else { continue }
            var keyword = String(decoding: words.removeFirst().utf8.map(ASCII.uppercased), as: UTF8.self)
            // Old servers (and Microsoft's) announce `AUTH=LOGIN PLAIN` for pre-RFC 2554 clients.
            if keyword.hasPrefix("AUTH=") {
                words.insert(String(keyword.dropFirst(5)), at: 0)
                keyword = "AUTH"
            }
            if !keywords.contains(keyword) { keywords.append(keyword) }
            switch keyword {
            case "PIPELINING": pipelining = true
            case "SIZE":
                offersSize = true
                if let value = words.first.flatMap({ UInt64($0) }), value > 0 { maximumMessageSize = value }
            case "8BITMIME": eightBitMIME = true
            case "SMTPUTF8": smtpUTF8 = true
            case "CHUNKING": chunking = true
            case "DSN": dsn = true
            case "STARTTLS": startTLS = true
            case "ENHANCEDSTATUSCODES": enhancedStatusCodes = true
            case "AUTH":
                for word in words where !word.isEmpty {
                    let mechanism = String(decoding: word.utf8.map(ASCII.uppercased), as: UTF8.self)
                    if !authenticationMechanisms.contains(mechanism) { authenticationMechanisms.append(mechanism) }
                }
            default: break
            }
        }
    }

    /// Whether the server announced AUTH with at least one mechanism (RFC 4954 §3).
    public var offersAuthentication: Bool { !authenticationMechanisms.isEmpty }

    /// Whether the server announced this SASL mechanism.
    public func offers(_ mechanism: SASLMechanism) -> Bool {
        authenticationMechanisms.contains(mechanism.rawValue)
    }
}
