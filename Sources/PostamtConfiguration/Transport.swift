/// A route for outbound mail: mail for ``domain`` goes to ``host`` instead of the domain's
/// MX hosts, e.g. a provider's smarthost when port 25 is blocked.
public struct Transport: Sendable, Hashable {
    /// How the connection to the relay is secured.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Plain text; only for a relay on the same machine or a trusted network.
        case none
        /// STARTTLS when the relay offers it, otherwise plain text.
        case opportunistic
        /// STARTTLS with a valid certificate, or the mail waits in the queue. The default.
        case required
        /// TLS from the first byte (port 465, RFC 8314).
        case implicit

        /// Whether a password may be sent: never where an attacker could strip STARTTLS.
        public var protectsCredentials: Bool { self == .required || self == .implicit }
    }

    /// A login at the relay. The password is read from a file, never written in the
    /// configuration, so the configuration can be shared and kept in version control.
    public struct Credentials: Sendable, Hashable {
        public var username: String
        /// A file whose content (without a trailing line break) is the password.
        public var passwordFile: String

        public init(username: String, passwordFile: String) {
            self.username = username
            self.passwordFile = passwordFile
        }
    }

    /// The `domain` that matches every domain without a transport of its own.
    public static let everyDomain = "*"

    /// The recipient domain (lowercased), or ``everyDomain``.
    public var domain: String
    /// The relay's host name or IP address (IPv6 without brackets).
    public var host: String
    /// Default 25, or 465 with ``TLSMode/implicit``.
    public var port: Int
    /// Default ``TLSMode/required``.
    public var tls: TLSMode
    /// A login at the relay, or nil to send without one.
    public var credentials: Credentials?

    public init(domain: String, host: String, port: Int, tls: TLSMode = .required, credentials: Credentials? = nil) {
        self.domain = domain
        self.host = host
        self.port = port
        self.tls = tls
        self.credentials = credentials
    }

    /// `host:port`, with IPv6 addresses in brackets.
    public var address: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
