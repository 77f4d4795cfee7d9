/// Settings given on the command line (or, via ``init(environment:)``, in `POSTAMT_*`
/// environment variables). Each one that is not nil replaces the file's setting.
///
/// Values are text, exactly as typed, so that one place checks them and names the flag or
/// variable in its errors. List values may also be comma-separated within one string.
public struct ConfigurationOverrides: Sendable, Hashable {
    /// `--hostname`, `POSTAMT_HOSTNAME`.
    public var hostname: String?
    /// `--data-dir`, `POSTAMT_DATA_DIR`.
    public var dataDirectory: String?
    /// Domain names (lowercased when applied).
    public var localDomains: [String]?
    /// CIDR networks, e.g. `192.0.2.0/24`.
    public var trustedNetworks: [String]?
    /// `host:port` addresses; an empty array turns the role off.
    public var mxListeners: [String]?
    /// Like ``mxListeners``, for the submission role (port 587).
    public var submissionListeners: [String]?
    /// Like ``mxListeners``, for the submissions role (port 465).
    public var submissionsListeners: [String]?
    /// A PEM file; in the end both or neither of certificate and key must be set.
    public var tlsCertificate: String?
    public var tlsPrivateKey: String?
    /// Bytes, or with a unit: `25M`, `512K`, `1G`.
    public var maximumMessageSize: String?
    /// A ``LogLevel`` name, in any case.
    public var logLevel: String?
    /// The smarthost for every domain without a route of its own, `host[:port]`. It
    /// replaces the `*` transport of lower sources as a whole, login included: a login
    /// belongs to the relay it was given for.
    public var relayHost: String?
    /// A ``Transport/TLSMode`` name for the `*` transport.
    public var relayTLS: String?
    /// The login name at the `*` transport's relay.
    public var relayUsername: String?
    /// The file that holds the relay's password; the password itself is never an override.
    public var relayPasswordFile: String?
    /// Routes for single domains, `example.org=relay.example.net:25;tls=required`; they
    /// replace the file's routes for single domains (not its `*` transport).
    public var transports: [String]?
    /// Durations: seconds, or with a unit: `30s`, `5m`, `1h`, `5d`.
    public var retryFirstInterval: String?
    public var retryMaximumInterval: String?
    public var retryLifetime: String?
    /// A duration, or `off` or `false` for no delay notices.
    public var retryDelayNotice: String?
    public var adminListener: String?
    /// `sqlite` or `postgres`.
    public var storage: String?
    /// `postgres://user@host:port/database`, without a password.
    public var postgresURL: String?
    /// The file that holds the database password.
    public var postgresPasswordFile: String?

    /// Overrides with only the given settings; the rest come from the file.
    public init(
        hostname: String? = nil,
        dataDirectory: String? = nil,
        localDomains: [String]? = nil,
        trustedNetworks: [String]? = nil,
        mxListeners: [String]? = nil,
        submissionListeners: [String]? = nil,
        submissionsListeners: [String]? = nil,
        tlsCertificate: String? = nil,
        tlsPrivateKey: String? = nil,
        maximumMessageSize: String? = nil,
        logLevel: String? = nil,
        relayHost: String? = nil,
        relayTLS: String? = nil,
        relayUsername: String? = nil,
        relayPasswordFile: String? = nil,
        transports: [String]? = nil,
        retryFirstInterval: String? = nil,
        retryMaximumInterval: String? = nil,
        retryLifetime: String? = nil,
        retryDelayNotice: String? = nil,
        adminListener: String? = nil,
        storage: String? = nil,
        postgresURL: String? = nil,
        postgresPasswordFile: String? = nil
    ) {
        self.storage = storage
        self.postgresURL = postgresURL
        self.postgresPasswordFile = postgresPasswordFile
        self.hostname = hostname
        self.dataDirectory = dataDirectory
        self.localDomains = localDomains
        self.trustedNetworks = trustedNetworks
        self.mxListeners = mxListeners
        self.submissionListeners = submissionListeners
        self.submissionsListeners = submissionsListeners
        self.tlsCertificate = tlsCertificate
        self.tlsPrivateKey = tlsPrivateKey
        self.maximumMessageSize = maximumMessageSize
        self.logLevel = logLevel
        self.relayHost = relayHost
        self.relayTLS = relayTLS
        self.relayUsername = relayUsername
        self.relayPasswordFile = relayPasswordFile
        self.transports = transports
        self.retryFirstInterval = retryFirstInterval
        self.retryMaximumInterval = retryMaximumInterval
        self.retryLifetime = retryLifetime
        self.retryDelayNotice = retryDelayNotice
        self.adminListener = adminListener
    }
}
