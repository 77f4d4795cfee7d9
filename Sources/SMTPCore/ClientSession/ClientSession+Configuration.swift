extension ClientSession {
    /// How a client session behaves: its name, its TLS and authentication policy.
    public struct Configuration: Sendable, Hashable {
        /// The argument of EHLO and HELO: the client's fully qualified domain name, or an
        /// address literal when it has none (RFC 5321 §4.1.1.1, §4.1.4).
        public var clientName: String
        public var tlsPolicy: TLSPolicy
        /// Credentials for AUTH (RFC 4954), for smarthosts and submission servers.
        /// `Credentials.mechanism` is not used: the client picks from what the server
        /// offers, PLAIN first (one round trip, RFC 4616), else LOGIN.
        public var credentials: Credentials?
        /// Whether credentials may be sent over a connection without TLS. Off by default:
        /// PLAIN and LOGIN send the password in the clear (RFC 4954 §4, RFC 8314 §3).
        public var allowPlaintextAuthentication: Bool
        /// Whether to pipeline MAIL, RCPT and DATA when the server offers PIPELINING
        /// (RFC 2920); one round trip per message instead of one per command.
        public var usePipelining: Bool
        /// Whether to send content as one BDAT chunk when the server offers CHUNKING
        /// (RFC 3030) instead of DATA: with pipelining, MAIL, RCPT, BDAT and the content go
        /// in one write and a message costs one round trip instead of two, and the content
        /// needs no dot-stuffing.
        public var useChunking: Bool

        public init(
            clientName: String,
            tlsPolicy: TLSPolicy = .opportunistic,
            credentials: Credentials? = nil,
            allowPlaintextAuthentication: Bool = false,
            usePipelining: Bool = true,
            useChunking: Bool = true
        ) {
            self.clientName = clientName
            self.tlsPolicy = tlsPolicy
            self.credentials = credentials
            self.allowPlaintextAuthentication = allowPlaintextAuthentication
            self.usePipelining = usePipelining
            self.useChunking = useChunking
        }
    }

    /// When the client encrypts the connection.
    ///
    /// - SeeAlso: RFC 3207 (STARTTLS), RFC 7435 (opportunistic security), RFC 8314
    ///   (implicit TLS for submission on port 465).
    public enum TLSPolicy: String, Sendable, Hashable, CaseIterable {
        /// Never STARTTLS, even when offered.
        case none
        /// STARTTLS when the server offers it; plaintext when it does not, or when it
        /// refuses the STARTTLS command (RFC 3207 §4: the client decides whether to go on).
        /// What MTAs do between each other on port 25 by default.
        case opportunistic
        /// STARTTLS or nothing: a server that does not offer it, or refuses it, fails the
        /// session (MTA-STS, DANE and smarthost configurations).
        case required
        /// TLS was established by the I/O layer before the first byte (RFC 8314, port 465);
        /// STARTTLS is never sent.
        case implicit
    }

    /// Which RFC 5321 §4.5.3.2 timeout applies while the client waits for a reply. The
    /// session has no clock: the I/O layer arms a timer for ``seconds`` and calls
    /// ``ClientSession/timedOut()`` when it fires.
    public enum ReplyTimeout: Sendable, Hashable {
        /// The 220 greeting: 5 minutes (§4.5.3.2.1).
        case greeting
        /// MAIL: 5 minutes (§4.5.3.2.2).
        case mail
        /// RCPT: 5 minutes (§4.5.3.2.3).
        case recipient
        /// DATA until 354: 2 minutes (§4.5.3.2.4).
        case dataInitiation
        /// After the final ".", until the reply: 10 minutes (§4.5.3.2.6), because the
        /// server may be processing the message.
        case dataTermination
        /// EHLO, HELO, STARTTLS, AUTH, RSET and QUIT, for which RFC 5321 names no value:
        /// 5 minutes, as for MAIL.
        case command

        public var seconds: Int {
            switch self {
            case .greeting, .mail, .recipient, .command: 300
            case .dataInitiation: 120
            case .dataTermination: 600
            }
        }
    }
}
