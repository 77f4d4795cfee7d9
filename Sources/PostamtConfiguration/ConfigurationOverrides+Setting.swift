extension ConfigurationOverrides {
    /// One overridable setting, with its names in each source.
    ///
    /// `allCases` is the order settings are applied in, which matters for the relay: its
    /// host comes first, because a host replaces the relay of lower sources as a whole, and
    /// the TLS mode and login of the same source then apply to the new one.
    public enum Setting: String, Sendable, Hashable, CaseIterable {
        case hostname, dataDirectory, localDomains, trustedNetworks
        case mxListeners, submissionListeners, submissionsListeners
        case tlsCertificate, tlsPrivateKey, maximumMessageSize, logLevel
        case relayHost, relayTLS, relayUsername, relayPasswordFile, transports
        case retryFirstInterval, retryMaximumInterval, retryLifetime, retryDelayNotice
        case adminListener
        case storage, postgresURL, postgresPasswordFile

        /// The `POSTAMT_*` environment variable.
        public var environmentVariable: String { names.environment }

        /// The command-line flag, as errors name it; the CLI should spell its options so.
        public var flag: String { names.flag }

        /// The key in the configuration file.
        public var fileKey: String { names.fileKey }

        /// Whether the value is a list (comma-separated in the environment).
        public var isList: Bool {
            if case .list = storage { true } else { false }
        }

        /// All names of a setting on one line, so that they are easy to compare.
        private var names: (environment: String, flag: String, fileKey: String) {
            switch self {
            case .hostname: ("POSTAMT_HOSTNAME", "--hostname", "hostname")
            case .dataDirectory: ("POSTAMT_DATA_DIR", "--data-dir", "data_directory")
            case .localDomains: ("POSTAMT_LOCAL_DOMAINS", "--local-domains", "local_domains")
            case .trustedNetworks: ("POSTAMT_TRUSTED_NETWORKS", "--trusted-networks", "trusted_networks")
            case .mxListeners: ("POSTAMT_MX", "--mx", "listener")
            case .submissionListeners: ("POSTAMT_SUBMISSION", "--submission", "listener")
            case .submissionsListeners: ("POSTAMT_SUBMISSIONS", "--submissions", "listener")
            case .tlsCertificate: ("POSTAMT_TLS_CERT", "--tls-cert", "tls.certificate")
            case .tlsPrivateKey: ("POSTAMT_TLS_KEY", "--tls-key", "tls.private_key")
            case .maximumMessageSize: ("POSTAMT_MAX_MESSAGE_SIZE", "--max-message-size", "limits.max_message_size")
            case .logLevel: ("POSTAMT_LOG_LEVEL", "--log-level", "log_level")
            case .relayHost: ("POSTAMT_RELAY_HOST", "--relay-host", "transport.address")
            case .relayTLS: ("POSTAMT_RELAY_TLS", "--relay-tls", "transport.tls")
            case .relayUsername: ("POSTAMT_RELAY_USER", "--relay-user", "transport.username")
            case .relayPasswordFile: ("POSTAMT_RELAY_PASSWORD_FILE", "--relay-password-file", "transport.password_file")
            case .transports: ("POSTAMT_TRANSPORTS", "--transport", "transport")
            case .retryFirstInterval: ("POSTAMT_RETRY_FIRST", "--retry-first", "retry.first_interval")
            case .retryMaximumInterval: ("POSTAMT_RETRY_MAX_INTERVAL", "--retry-max-interval", "retry.max_interval")
            case .retryLifetime: ("POSTAMT_RETRY_LIFETIME", "--retry-lifetime", "retry.lifetime")
            case .retryDelayNotice: ("POSTAMT_DELAY_NOTICE", "--delay-notice", "retry.delay_notice")
            case .adminListener: ("POSTAMT_ADMIN", "--admin", "admin.listen")
            case .storage: ("POSTAMT_STORAGE", "--storage", "storage")
            case .postgresURL: ("POSTAMT_POSTGRES_URL", "--postgres-url", "postgres.url")
            case .postgresPasswordFile: ("POSTAMT_POSTGRES_PASSWORD_FILE", "--postgres-password-file", "postgres.password_file")
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

        enum Storage {
            case single(WritableKeyPath<ConfigurationOverrides, String?>)
            case list(WritableKeyPath<ConfigurationOverrides, [String]?>)
        }

        /// The property that holds the setting.
        var storage: Storage {
            switch self {
            case .hostname: .single(\.hostname)
            case .dataDirectory: .single(\.dataDirectory)
            case .localDomains: .list(\.localDomains)
            case .trustedNetworks: .list(\.trustedNetworks)
            case .mxListeners: .list(\.mxListeners)
            case .submissionListeners: .list(\.submissionListeners)
            case .submissionsListeners: .list(\.submissionsListeners)
            case .tlsCertificate: .single(\.tlsCertificate)
            case .tlsPrivateKey: .single(\.tlsPrivateKey)
            case .maximumMessageSize: .single(\.maximumMessageSize)
            case .logLevel: .single(\.logLevel)
            case .relayHost: .single(\.relayHost)
            case .relayTLS: .single(\.relayTLS)
            case .relayUsername: .single(\.relayUsername)
            case .relayPasswordFile: .single(\.relayPasswordFile)
            case .transports: .list(\.transports)
            case .retryFirstInterval: .single(\.retryFirstInterval)
            case .retryMaximumInterval: .single(\.retryMaximumInterval)
            case .retryLifetime: .single(\.retryLifetime)
            case .retryDelayNotice: .single(\.retryDelayNotice)
            case .adminListener: .single(\.adminListener)
            case .storage: .single(\.storage)
            case .postgresURL: .single(\.postgresURL)
            case .postgresPasswordFile: .single(\.postgresPasswordFile)
            }
        }
    }

    /// The text of one setting: a single value, or the list for list settings.
    subscript(setting: Setting) -> [String]? {
        get {
            switch setting.storage {
            case .single(let property): self[keyPath: property].map { [$0] }
            case .list(let property): self[keyPath: property]
            }
        }
        set {
            switch setting.storage {
            case .single(let property): self[keyPath: property] = newValue.map { $0.joined(separator: ",") }
            case .list(let property): self[keyPath: property] = newValue
            }
        }
    }
}
