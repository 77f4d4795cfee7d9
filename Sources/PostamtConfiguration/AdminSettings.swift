/// The HTTP listener of `postamt serve`: the web admin, the JSON API, Prometheus metrics,
/// the health check and mail-client autoconfiguration.
public struct AdminSettings: Sendable, Hashable {
    /// Endpoints that may be opened to everyone; everything else needs a login.
    public enum PublicEndpoint: String, Sendable, Hashable, CaseIterable, Comparable {
        /// `GET /health`.
        case health
        /// `GET /metrics`.
        case metrics
        /// Mozilla autoconfig and Microsoft Autodiscover.
        case autoconfig

        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Where to listen; nil switches the HTTP listener off. Default `127.0.0.1:5580`:
    /// loopback only, since the admin pages change the queue and the users.
    public var listener: (host: String, port: Int)? {
        get { host.map { ($0, port) } }
        set {
            host = newValue?.host
            port = newValue?.port ?? 0
        }
    }
    private var host: String?
    private var port: Int

    /// A file whose first line is the API token (`Authorization: Bearer …`). The token
    /// is never written in the configuration itself, so the file can be readable by the
    /// server only.
    public var tokenFile: String?
    /// User names (full addresses) that may log in to the web admin and the API with their
    /// mail password.
    public var admins: [String]
    /// Endpoints served without a login. Default: health, metrics and autoconfig.
    public var publicEndpoints: Set<PublicEndpoint>

    public init(
        listener: (host: String, port: Int)? = ("127.0.0.1", 5580),
        tokenFile: String? = nil,
        admins: [String] = [],
        publicEndpoints: Set<PublicEndpoint> = Set(PublicEndpoint.allCases)
    ) {
        host = listener?.host
        port = listener?.port ?? 0
        self.tokenFile = tokenFile
        self.admins = admins
        self.publicEndpoints = publicEndpoints
    }

    /// `127.0.0.1:5580`, `[::1]:5580` or `off`.
    public var listenerDescription: String {
        guard let (host, port) = listener else { return "off" }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// What mail clients are told by autoconfig and Autodiscover, and what `postamt dns-records`
/// suggests publishing.
public struct AutoconfigSettings: Sendable, Hashable {
    /// An IMAP server to announce beside Postamt's submission ports, which mail clients need
    /// to set up an account (Postamt itself serves no IMAP).
    public struct IncomingServer: Sendable, Hashable {
        public var host: String
        /// 993: TLS from the first byte; 143: STARTTLS.
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// The name clients connect to; default the server's ``PostamtConfiguration/hostname``.
    public var hostname: String?
    /// The provider's name as mail clients show it; default the first local domain.
    public var displayName: String?
    public var imap: IncomingServer?

    public init(hostname: String? = nil, displayName: String? = nil, imap: IncomingServer? = nil) {
        self.hostname = hostname
        self.displayName = displayName
        self.imap = imap
    }
}
