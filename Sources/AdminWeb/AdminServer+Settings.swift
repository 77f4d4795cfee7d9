import PostamtConfiguration

extension AdminServer {
    /// How the admin server is set up; built from the configuration by `postamt serve`.
    public struct Settings: Sendable {
        public var host: String
        /// 0 picks a free port (tests).
        public var port: Int
        /// The API token; nil when no token file is configured.
        public var token: String?
        /// Users (lowercased addresses) who may log in.
        public var admins: Set<String>
        public var publicEndpoints: Set<AdminSettings.PublicEndpoint>
        /// The server's host name, in page titles and as the default autoconfig host.
        public var hostname: String
        public var localDomains: [String]
        public var autoconfig: AutoconfigSettings
        public var version: String

        public init(
            host: String,
            port: Int,
            token: String?,
            admins: Set<String>,
            publicEndpoints: Set<AdminSettings.PublicEndpoint>,
            hostname: String,
            localDomains: [String],
            autoconfig: AutoconfigSettings,
            version: String
        ) {
            self.host = host
            self.port = port
            self.token = token
            self.admins = admins
            self.publicEndpoints = publicEndpoints
            self.hostname = hostname
            self.localDomains = localDomains
            self.autoconfig = autoconfig
            self.version = version
        }
    }
}
