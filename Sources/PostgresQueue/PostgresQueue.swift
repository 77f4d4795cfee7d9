import Logging
import MailQueue
import NIOSSL
import PostgresNIO

/// A connection pool to the shared PostgreSQL database with the queue and the users on it:
/// `open` connects, migrates the schema (safely when several nodes start at once) and
/// keeps the pool running until `close`.
public final class PostgresQueue: Sendable {
    /// Where the database is. The password comes from a file or the environment, never from
    /// the configuration file or argv.
    public struct Settings: Sendable {
        /// Encryption of the connections, as libpq's `sslmode` names it.
        public enum TLS: Sendable, Hashable {
            case disable
            /// Encrypted, the certificate not checked.
            case require
            /// Encrypted, the certificate checked against the system's roots or the CA in
            /// the PEM file `rootCertificate`, and the host name.
            case verifyFull(rootCertificate: String?)
        }

        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        /// Connections this node keeps at most.
        public var maximumConnections: Int
        /// How long one request may wait for the database; then it fails as unavailable (a
        /// store: 451 4.3.0 instead of a hanging session). Opening the queue may take up to
        /// 30 seconds if this is shorter.
        public var timeout: Duration
        public var tls: TLS

        public init(
            host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
            maximumConnections: Int = 20, timeout: Duration = .seconds(10), tls: TLS = .disable
        ) {
            self.tls = tls
            self.timeout = timeout
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.maximumConnections = maximumConnections
        }
    }

    public let messages: PostgresMessageStore
    public let users: PostgresUserStore
    private let pool: ReplaceableClient

    private init(pool: ReplaceableClient, capacity: Int, timeout: Duration, logger: Logger) {
        self.pool = pool
        messages = PostgresMessageStore(pool: pool, capacity: capacity, timeout: timeout, logger: logger)
        users = PostgresUserStore(pool: pool, timeout: timeout, logger: logger)
    }

    /// Connects and migrates; fails if the database cannot be reached or migrated.
    ///
    /// One connection is made first, on its own: the pool retries failed connections
    /// quietly, but a wrong password, a refused certificate or a missing `pg_hba.conf`
    /// entry should stop the start with the server's own words.
    public static func open(_ settings: Settings, capacity: Int = 100_000, logger: Logger) async throws(StorageError) -> PostgresQueue {
        let tls = try clientTLS(settings.tls)
        let place = "\(settings.host):\(settings.port)/\(settings.database)"
        // Starting is allowed longer than one request: the first connection and the
        // migrations may take a while on a busy database, and a node that gives up on its
        // start serves nobody.
        let startLimit = max(settings.timeout, .seconds(30))
        let (host, port, username, password, databaseName) = (settings.host, settings.port, settings.username, settings.password, settings.database)
        do {
            try await withDeadline(startLimit) {
                let connectionTLS: PostgresConnection.Configuration.TLS
                if let configuration = tls.configuration {
                    connectionTLS = .require(try NIOSSLContext(configuration: configuration))
                } else {
                    connectionTLS = .disable
                }
                let connection = try await PostgresConnection.connect(
                    configuration: .init(host: host, port: port, username: username, password: password, database: databaseName, tls: connectionTLS),
                    id: 0, logger: logger
                )
                try await connection.close()
            }
        } catch {
            throw StorageError.postgres(error, doing: "connecting to the PostgreSQL queue at \(place)")
        }
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.username, password: settings.password,
            database: settings.database, tls: tls.client
        )
        configuration.options.maximumConnections = settings.maximumConnections
        let pool = ReplaceableClient(configuration: configuration, logger: logger)
        do throws(StorageError) {
            try await database("opening the PostgreSQL queue at \(place)", within: startLimit, on: pool) { client in
                try await PostgresSchema.migrate(client, logger: logger)
            }
        } catch {
            await pool.close()
            throw error
        }
        return PostgresQueue(pool: pool, capacity: capacity, timeout: settings.timeout, logger: logger)
    }

    /// The TLS configuration for `tls` (nil: none), as the pool and a single connection
    /// take it.
    private static func clientTLS(_ tls: Settings.TLS) throws(StorageError) -> (configuration: TLSConfiguration?, client: PostgresClient.Configuration.TLS) {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable:
            return (nil, .disable)
        case .require:
            configuration.certificateVerification = .none
        case .verifyFull(let rootCertificate):
            configuration.certificateVerification = .fullVerification
            if let rootCertificate {
                do {
                    configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(rootCertificate))
                } catch {
                    throw StorageError(.unavailable, "cannot read the database's CA certificate \(rootCertificate): \(error)")
                }
            }
        }
        return (configuration, .require(configuration))
    }

    /// Closes the pool's connections.
    public func close() async {
        await pool.close()
    }
}
