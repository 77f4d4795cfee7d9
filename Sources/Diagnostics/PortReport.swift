import SMTPCore

/// What one probe of one port found: whether anything answers, how (plaintext SMTP, TLS
/// from the first byte, or nothing that speaks SMTP), what the server offers before and
/// after TLS, its certificate, and whether a login worked.
public struct PortReport: Sendable, Hashable, Encodable {
    /// Whether a TCP connection could be made.
    public enum Reachability: Sendable, Hashable, Encodable {
        case open
        /// The host answered that nothing listens (RST): a closed port.
        case refused
        /// No answer at all within the timeout: a firewall drops the packets, or the host
        /// is down.
        case timedOut
        /// Another network error (no route, name not found), as the system said it.
        case failed(reason: String)
    }

    /// How the port speaks SMTP.
    public enum Security: String, Sendable, Hashable, Encodable {
        /// A plaintext greeting; STARTTLS may upgrade (RFC 3207).
        case plaintext
        /// TLS from the first byte, then the greeting (RFC 8314, port 465).
        case implicitTLS = "implicit-tls"
        /// Connected, but no SMTP greeting came, in plaintext or over TLS.
        case noGreeting = "no-greeting"
    }

    /// The outcome of the STARTTLS upgrade on a plaintext port.
    public enum StartTLSOutcome: Sendable, Hashable, Encodable {
        case notOffered
        case succeeded
        /// The server refused the command (e.g. 454 4.7.0).
        case refused(reply: Reply)
        /// The command was accepted but the handshake failed.
        case handshakeFailed(reason: String)
    }

    /// The outcome of a login with the credentials given.
    public enum AuthenticationOutcome: Sendable, Hashable, Encodable {
        case succeeded(mechanism: String?)
        case failed(reply: Reply)
        /// The server offers no AUTH (at least not where the probe could ask).
        case notOffered
        /// AUTH is offered only without TLS, and the probe never sends a password in the clear.
        case refusedWithoutTLS
        /// The attempt ended otherwise (connection lost, timeout).
        case error(reason: String)
    }

    public var port: Int
    public var reachability: Reachability
    public var security: Security?
    /// The greeting, or the reply that refused the session at connect (421, 554).
    public var greeting: Reply?
    /// A reply that refused EHLO and HELO.
    public var helloRefusal: Reply?
    /// What EHLO listed in plaintext (before STARTTLS), keywords as sent.
    public var extensionsBeforeTLS: [String]?
    /// What EHLO listed inside TLS (after STARTTLS, or on an implicit-TLS port).
    public var extensionsWithTLS: [String]?
    public var startTLS: StartTLSOutcome?
    /// The negotiated TLS version, e.g. "TLSv1.3".
    public var tlsVersion: String?
    public var certificate: CertificateReport?
    /// AUTH mechanisms offered before TLS and inside TLS.
    public var authenticationBeforeTLS: [String]
    public var authenticationWithTLS: [String]
    /// The SIZE limit in octets, if the server names one (RFC 1870).
    public var sizeLimit: UInt64?
    public var authentication: AuthenticationOutcome?
    /// Why TLS from the first byte failed, when it was tried because no plaintext greeting came.
    public var implicitTLSError: String?
    /// On an implicit-TLS port: what the server said to the probe's plaintext connection
    /// (Postamt says 554 5.7.0 to plaintext clients that wait on its TLS port).
    public var plaintextReply: Reply?
    /// The dialogue of the probe, passwords redacted.
    public var transcript: [String]

    public init(port: Int, reachability: Reachability) {
        self.port = port
        self.reachability = reachability
        authenticationBeforeTLS = []
        authenticationWithTLS = []
        transcript = []
    }

    /// Whether mail can be submitted here with encryption: TLS from the start, or a
    /// STARTTLS that worked.
    public var isEncrypted: Bool {
        security == .implicitTLS || startTLS == .succeeded
    }

    /// Whether a mail client can log in here over TLS.
    public var offersAuthenticationWithTLS: Bool {
        isEncrypted && !authenticationWithTLS.isEmpty
    }
}
