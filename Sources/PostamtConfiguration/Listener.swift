import SMTPCore

/// A socket the server listens on, and what kind of SMTP it speaks there.
public struct Listener: Sendable, Hashable, CustomStringConvertible {
    /// The three ways mail arrives.
    ///
    /// - SeeAlso: RFC 5321 (MX, port 25), RFC 6409 (submission, port 587, STARTTLS),
    ///   RFC 8314 (submissions, port 465, TLS from the first byte).
    public enum Role: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// Mail from other servers for local domains (or trusted networks).
        case mx
        /// Mail from users' programs, after STARTTLS and AUTH.
        case submission
        /// Like submission, but TLS starts with the connection (implicit TLS).
        case submissions

        public var description: String { rawValue }
    }

    /// What kind of SMTP the listener speaks.
    public var role: Role
    /// An IP address (IPv6 without brackets) or a host name to bind to.
    public var host: String
    /// 1–65535; 0 lets the system pick a free port (for tests).
    public var port: Int

    public init(role: Role, host: String, port: Int) {
        self.role = role
        self.host = host
        self.port = port
    }

    /// `host:port`, with IPv6 addresses in brackets: `[::]:25`.
    public var address: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// `mx [::]:25`.
    public var description: String { "\(role) \(address)" }

    /// Loopback only and unprivileged ports, so a first `postamt serve` needs neither root
    /// nor a firewall decision.
    public static let defaults = [
        Listener(role: .mx, host: "127.0.0.1", port: 2525),
        Listener(role: .submission, host: "127.0.0.1", port: 5587),
        Listener(role: .submissions, host: "127.0.0.1", port: 5465),
    ]
}
