import Foundation
import Logging
import MailQueue
import PostamtConfiguration
import PostgresQueue

/// The queue and the users where the configuration keeps them: SQLite files in the data
/// directory (one machine), or the PostgreSQL database that several nodes share.
///
/// The server, `postamt sendmail` and the `queue` and `user` commands all open their
/// storage here, so that each of them sees the same queue.
public final class QueueStorage: Sendable {
    public let messages: any MessageStore & QueueInspection
    public let users: any UserStore
    /// Whether other processes may work on the same queue at the same time. Then a process
    /// releases only the leases it holds itself, never all of them at start.
    public let isShared: Bool
    private let postgres: PostgresQueue?

    private init(messages: any MessageStore & QueueInspection, users: any UserStore, postgres: PostgresQueue?) {
        self.messages = messages
        self.users = users
        self.postgres = postgres
        isShared = postgres != nil
    }

    /// The variable that may hold the database password when no `postgres.password_file`
    /// is set.
    public static let passwordVariable = "POSTAMT_POSTGRES_PASSWORD"

    /// Opens (and creates or migrates) the configured storage.
    ///
    /// With `existingOnly`, a missing SQLite queue is an error instead of a new empty one:
    /// the commands that inspect a queue should not make one up in the wrong directory.
    /// `serving` readies the SQLite queue's content spool for a server that is starting
    /// (``SQLiteMessageStore/prepareForServing()``): the server's purges then recycle
    /// segments from the start.
    public static func open(
        _ configuration: PostamtConfiguration,
        logger: Logger,
        existingOnly: Bool = false,
        serving: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> QueueStorage {
        let limits = configuration.limits
        switch configuration.storage {
        case .sqlite:
            let directory = URL(fileURLWithPath: configuration.dataDirectory)
            let queuePath = directory.appendingPathComponent("queue.sqlite").path
            if existingOnly, !FileManager.default.fileExists(atPath: queuePath) {
                throw StorageOpenError(message: "no queue at \(queuePath) (has the server run with this data directory?)")
            }
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let store = try SQLiteMessageStore(path: queuePath, capacity: limits.queueCapacity, minimumFreeSpace: limits.minimumFreeDiskSpace)
            if serving { store.prepareForServing() }
            let users = try SQLiteUserStore(path: directory.appendingPathComponent("users.sqlite").path)
            return QueueStorage(messages: store, users: users, postgres: nil)
        case .postgres:
            guard let settings = configuration.postgres else {
                throw StorageOpenError(message: "storage = \"postgres\" needs postgres.url")
            }
            let password = try password(for: settings, environment: environment)
            let queue = try await PostgresQueue.open(
                PostgresQueue.Settings(
                    host: settings.host, port: settings.port, username: settings.username, password: password,
                    database: settings.database, maximumConnections: settings.connections, timeout: settings.timeout,
                    tls: tls(settings)
                ),
                capacity: limits.queueCapacity,
                logger: logger
            )
            return QueueStorage(messages: queue.messages, users: queue.users, postgres: queue)
        }
    }

    /// Closes the database connections (SQLite files close with their stores).
    public func close() async {
        await postgres?.close()
    }

    /// The first line of `password_file`, else the environment variable, else none (for
    /// `trust` or peer authentication).
    static func password(for settings: PostgresSettings, environment: [String: String]) throws -> String? {
        if let file = settings.passwordFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw StorageOpenError(message: "cannot read postgres.password_file \(file)")
            }
            // "\r\n" is one Character in Swift, so lines are split at any line break.
            let password = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first.map(String.init) ?? ""
            guard !password.isEmpty else {
                throw StorageOpenError(message: "postgres.password_file \(file) holds no password on its first line")
            }
            return password
        }
        if let password = environment[passwordVariable], !password.isEmpty { return password }
        return nil
    }

    private static func tls(_ settings: PostgresSettings) -> PostgresQueue.Settings.TLS {
        switch settings.tls {
        case .disable: .disable
        case .require: .require
        case .verifyFull: .verifyFull(rootCertificate: settings.rootCertificate)
        }
    }
}

/// The storage cannot be opened as configured.
public struct StorageOpenError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
