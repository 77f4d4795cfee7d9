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
        logLevel: String? = nil
    ) {
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
    }
}

extension ConfigurationOverrides {
    /// One overridable setting, with its names in each source.
    public enum Setting: String, Sendable, Hashable, CaseIterable {
        case hostname, dataDirectory, localDomains, trustedNetworks
        case mxListeners, submissionListeners, submissionsListeners
        case tlsCertificate, tlsPrivateKey, maximumMessageSize, logLevel

        /// The `POSTAMT_*` environment variable.
        public var environmentVariable: String {
            switch self {
            case .hostname: "POSTAMT_HOSTNAME"
            case .dataDirectory: "POSTAMT_DATA_DIR"
            case .localDomains: "POSTAMT_LOCAL_DOMAINS"
            case .trustedNetworks: "POSTAMT_TRUSTED_NETWORKS"
            case .mxListeners: "POSTAMT_MX"
            case .submissionListeners: "POSTAMT_SUBMISSION"
            case .submissionsListeners: "POSTAMT_SUBMISSIONS"
            case .tlsCertificate: "POSTAMT_TLS_CERT"
            case .tlsPrivateKey: "POSTAMT_TLS_KEY"
            case .maximumMessageSize: "POSTAMT_MAX_MESSAGE_SIZE"
            case .logLevel: "POSTAMT_LOG_LEVEL"
            }
        }

        /// The command-line flag, as errors name it; the CLI should spell its options so.
        public var flag: String {
            switch self {
            case .hostname: "--hostname"
            case .dataDirectory: "--data-dir"
            case .localDomains: "--local-domains"
            case .trustedNetworks: "--trusted-networks"
            case .mxListeners: "--mx"
            case .submissionListeners: "--submission"
            case .submissionsListeners: "--submissions"
            case .tlsCertificate: "--tls-cert"
            case .tlsPrivateKey: "--tls-key"
            case .maximumMessageSize: "--max-message-size"
            case .logLevel: "--log-level"
            }
        }

        /// The key in the configuration file.
        public var fileKey: String {
            switch self {
            case .hostname: "hostname"
            case .dataDirectory: "data_directory"
            case .localDomains: "local_domains"
            case .trustedNetworks: "trusted_networks"
            case .mxListeners, .submissionListeners, .submissionsListeners: "listener"
            case .tlsCertificate: "tls.certificate"
            case .tlsPrivateKey: "tls.private_key"
            case .maximumMessageSize: "limits.max_message_size"
            case .logLevel: "log_level"
            }
        }

        /// Whether the value is a list (comma-separated in the environment).
        public var isList: Bool {
            switch self {
            case .localDomains, .trustedNetworks, .mxListeners, .submissionListeners, .submissionsListeners: true
            default: false
            }
        }

        /// The listener role the setting replaces, if it is one of the listener settings.
        var listenerRole: Listener.Role? {
            switch self {
            case .mxListeners: .mx
            case .submissionListeners: .submission
            case .submissionsListeners: .submissions
            default: nil
            }
        }
    }

    /// The text of one setting: a single value, or the list for list settings.
    subscript(setting: Setting) -> [String]? {
        get {
            switch setting {
            case .hostname: hostname.map { [$0] }
            case .dataDirectory: dataDirectory.map { [$0] }
            case .localDomains: localDomains
            case .trustedNetworks: trustedNetworks
            case .mxListeners: mxListeners
            case .submissionListeners: submissionListeners
            case .submissionsListeners: submissionsListeners
            case .tlsCertificate: tlsCertificate.map { [$0] }
            case .tlsPrivateKey: tlsPrivateKey.map { [$0] }
            case .maximumMessageSize: maximumMessageSize.map { [$0] }
            case .logLevel: logLevel.map { [$0] }
            }
        }
        set {
            let single = newValue.map { $0.joined(separator: ",") }
            switch setting {
            case .hostname: hostname = single
            case .dataDirectory: dataDirectory = single
            case .localDomains: localDomains = newValue
            case .trustedNetworks: trustedNetworks = newValue
            case .mxListeners: mxListeners = newValue
            case .submissionListeners: submissionListeners = newValue
            case .submissionsListeners: submissionsListeners = newValue
            case .tlsCertificate: tlsCertificate = single
            case .tlsPrivateKey: tlsPrivateKey = single
            case .maximumMessageSize: maximumMessageSize = single
            case .logLevel: logLevel = single
            }
        }
    }

    /// Reads the `POSTAMT_*` variables of `environment`.
    ///
    /// List variables are comma-separated, and an empty one means an empty list (so
    /// `POSTAMT_SUBMISSIONS=` turns port 465 off). An empty single-value variable counts
    /// as unset, as container tools often pass `NAME=` for "not given".
    public init(environment: [String: String]) {
        self.init()
        for setting in Setting.allCases {
            guard let value = environment[setting.environmentVariable] else { continue }
            if setting.isList {
                self[setting] = ConfigurationOverrides.splitList(value)
            } else if !value.allSatisfy(\.isWhitespace) {
                self[setting] = [value]
            }
        }
    }

    /// Splits comma-separated items and drops empty ones: `"a, b,"` is `["a", "b"]`.
    static func splitList(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
