/// Where the queue and the users are kept.
public enum StorageBackend: String, Sendable, Hashable, CaseIterable {
    /// SQLite files in the data directory: one machine, nothing to set up. The default.
    case sqlite
    /// A PostgreSQL database that several Postamt nodes share (see ``PostgresSettings``).
    case postgres
}

/// The PostgreSQL database of `storage = "postgres"`, from `[postgres]`.
///
/// The password is never part of the configuration: it comes from ``passwordFile`` or from
/// the `POSTAMT_POSTGRES_PASSWORD` environment variable, read once at start.
public struct PostgresSettings: Sendable, Hashable {
    /// Whether and how the connection to the database is encrypted, in libpq's words.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP, for a database on the same machine or a private network. The default.
        case disable
        /// TLS without checking the server's certificate (protects against listeners, not
        /// against someone in the middle).
        case require
        /// TLS, with the certificate checked against the system's trust roots (or
        /// ``PostgresSettings/rootCertificate``) and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var database: String
    public var tls: TLSMode
    /// A PEM file of the certificate authority that signed the server's certificate, for
    /// ``TLSMode/verifyFull`` with a private CA (`?sslrootcert=` in the URL).
    public var rootCertificate: String?
    /// A file whose first line is the password.
    public var passwordFile: String?
    /// Connections this node opens at most. Default 20.
    public var connections: Int
    /// How long one request may wait for the database (a store: before the client gets
    /// 451 4.3.0). Default 10 seconds.
    public var timeout: Duration

    public init(
        host: String, port: Int = 5432, username: String, database: String, tls: TLSMode = .disable,
        rootCertificate: String? = nil, passwordFile: String? = nil, connections: Int = 20, timeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.database = database
        self.tls = tls
        self.rootCertificate = rootCertificate
        self.passwordFile = passwordFile
        self.connections = connections
        self.timeout = timeout
    }

    /// The database as a URL without secrets, for logs and `postamt config`.
    public var url: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        var text = "postgres://\(username)@\(hostPart):\(port)/\(database)"
        var query: [String] = []
        if tls != .disable { query.append("sslmode=\(tls.rawValue)") }
        if let rootCertificate { query.append("sslrootcert=\(rootCertificate)") }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }
}
