import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A private PostgreSQL server for the tests: Debian's binaries, a cluster made with
/// initdb in a temporary directory, on a free loopback port, run as the `postgres` system
/// user (PostgreSQL refuses root). Each test takes a fresh database on it.
///
/// `scripts/test` starts the shared server before the tests and stops it after them,
/// passing its port in `POSTAMT_TEST_POSTGRES_PORT`; without it (`swift test` alone) the
/// first test that needs one starts it, and it is stopped when the test process exits.
public final class PostgresInstance: Sendable {
    public let port: Int
    public let directory: String
    public static let user = "postamt"

    /// The shared instance, started on first use.
    public static func shared() throws -> PostgresInstance {
        try lock.withLock {
            if let instance = sharedInstance { return instance }
            if let text = ProcessInfo.processInfo.environment["POSTAMT_TEST_POSTGRES_PORT"], let port = Int(text) {
                let instance = PostgresInstance(port: port, directory: "")
                sharedInstance = instance
                return instance
            }
            let instance = try PostgresInstance.start()
            sharedInstance = instance
            stopAtExit(instance.directory)
            return instance
        }
    }

    nonisolated(unsafe) private static var sharedInstance: PostgresInstance?
    private static let lock = NSLock()

    private init(port: Int, directory: String) {
        self.port = port
        self.directory = directory
    }

    /// The directory of Debian's newest PostgreSQL binaries.
    static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard let newest = versions.last else {
            throw PostgresInstanceError(message: "PostgreSQL is not installed (apt-get install postgresql)")
        }
        return "\(root)/\(newest)/bin"
    }

    private static func start() throws -> PostgresInstance {
        let bin = try binaries()
        let directory = "/tmp/postamt-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try run(["/bin/chown", "postgres:postgres", directory])
        try asPostgres(["\(bin)/initdb", "-D", "\(directory)/data", "-U", user, "-A", "trust", "-E", "UTF8", "--no-sync"], in: directory)
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = try freeLoopbackPort()
            do {
                try asPostgres([
                    "\(bin)/pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/log", "-w", "-t", "60",
                    "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c max_connections=300", "start",
                ], in: directory)
                return PostgresInstance(port: port, directory: directory)
            } catch {
                lastError = error
            }
        }
        throw lastError ?? PostgresInstanceError(message: "PostgreSQL did not start")
    }

    /// Runs `body` with a cluster of its own from `scripts/pg-cluster` (one that a test may
    /// restart, or that takes only TLS with `tls` as certificate and key files), and
    /// removes the cluster afterwards whatever happened.
    public static func withPrivateCluster(
        tls: (certificate: String, key: String)? = nil,
        _ body: (_ directory: String, _ port: Int) async throws -> Void
    ) async throws {
        let script = repositoryFile("scripts/pg-cluster")
        let directory = "/tmp/postamt-pg-private-\(UUID().uuidString.prefix(8))"
        let options = tls.map { ["--tls", $0.certificate, $0.key] } ?? []
        try await offThread { try run([script, "start", directory] + options) }
        do {
            let text = try String(contentsOfFile: directory + "/port", encoding: .utf8)
            guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw PostgresInstanceError(message: "pg-cluster wrote no port: \(text)")
            }
            try await body(directory, port)
        } catch {
            try? await offThread { try run([script, "stop", directory]) }
            throw error
        }
        try await offThread { try run([script, "stop", directory]) }
    }

    /// Restarts a cluster of ``withPrivateCluster(tls:_:)`` on the same port, down for
    /// `seconds` in between.
    public static func restartPrivateCluster(_ directory: String, downFor seconds: Int) async throws {
        let script = repositoryFile("scripts/pg-cluster")
        try await offThread { try run([script, "restart", directory, "\(seconds)"]) }
    }

    /// Creates an empty database and returns its name.
    public func createDatabase() throws -> String {
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        try Self.run(["\(try Self.binaries())/createdb", "-h", "127.0.0.1", "-p", "\(port)", "-U", Self.user, String(name)])
        return String(name)
    }

    private static func asPostgres(_ arguments: [String], in directory: String) throws {
        try run(["/usr/sbin/runuser", "-u", "postgres", "--"] + arguments, directory: directory)
    }

    /// Runs a command and waits for it with posix_spawn and waitpid. Its output goes to a
    /// file, not a pipe: the server pg_ctl starts would inherit a pipe and keep it open.
    /// (Foundation's Process did not always notice such a command exiting, and then waited
    /// for ever.) Blocking: call it through ``offThread(_:)`` from async code.
    public static func run(_ arguments: [String], directory: String? = nil) throws {
        let arguments = directory.map { ["/usr/bin/env", "-C", $0] + arguments } ?? arguments
        let outputPath = NSTemporaryDirectory() + "postamt-pg-command-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // Nothing else of this process: pg_ctl's server would keep a listening socket of a
        // test open after the test closed it, and the port could not be bound again.
        guard let closeFrom = addCloseFrom else { throw PostgresInstanceError(message: "posix_spawn_file_actions_addclosefrom_np is missing") }
        _ = closeFrom(&actions, 3)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        guard spawned == 0 else {
            throw PostgresInstanceError(message: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // Exited normally with 0 (WIFEXITED and WEXITSTATUS, which Swift does not import).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw PostgresInstanceError(message: "\(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
    }

    private static func stopAtExit(_ directory: String) {
        stopDirectory = directory
        atexit {
            guard let directory = PostgresInstance.stopDirectory, let bin = try? PostgresInstance.binaries() else { return }
            try? PostgresInstance.asPostgres(["\(bin)/pg_ctl", "-D", "\(directory)/data", "-m", "immediate", "-w", "stop"], in: directory)
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    nonisolated(unsafe) private static var stopDirectory: String?
}

public struct PostgresInstanceError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which its header
/// declares for C but Swift's Glibc module does not import.
private let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
}()
