import Delivery
import Foundation
import Logging
import MailQueue
import NIOConcurrencyHelpers
import PasswordHashing
import PostamtConfiguration
import PostamtServer
import PostamtTestSupport
import SMTPServer
import TLSCertificates

/// A real Postamt server in this process, on free loopback ports, with its data in a
/// temporary directory, a certificate for 127.0.0.1 and a user alice@example.test.
final class TestMailServer: Sendable {
    static let domain = "example.test"
    static let user = "alice@example.test"
    static let password = "correct horse battery"

    let directory: URL
    let server: PostamtServer
    let ports: [ListenerRole: Int]
    let certificatePath: String
    let log: LogCapture

    private init(directory: URL, server: PostamtServer, ports: [ListenerRole: Int], certificatePath: String, log: LogCapture) {
        self.directory = directory
        self.server = server
        self.ports = ports
        self.certificatePath = certificatePath
        self.log = log
    }

    static func start(
        dataDirectory: URL? = nil,
        adjust: (inout PostamtConfiguration) -> Void = { _ in },
        implicitTLSSilenceLimit: Duration = .seconds(3),
        mxRoute: (@Sendable (String) async -> OutboundRoute)? = nil
    ) async throws -> TestMailServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("postamt-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = try SelfSignedCertificate.make(hostnames: ["mail.example.test", "localhost"], ipAddresses: ["127.0.0.1", "::1"])
        let certificatePath = directory.appendingPathComponent("certificate.pem").path
        let keyPath = directory.appendingPathComponent("key.pem").path
        try certificate.write(certificateTo: URL(fileURLWithPath: certificatePath), privateKeyTo: URL(fileURLWithPath: keyPath))

        var configuration = PostamtConfiguration(hostname: "mail.example.test")
        configuration.dataDirectory = (dataDirectory ?? directory.appendingPathComponent("data")).path
        configuration.localDomains = [domain]
        configuration.listeners = [
            Listener(role: .mx, host: "127.0.0.1", port: 0),
            Listener(role: .submission, host: "127.0.0.1", port: 0),
            Listener(role: .submissions, host: "127.0.0.1", port: 0),
        ]
        configuration.tls = TLSFiles(certificate: certificatePath, privateKey: keyPath)
        configuration.admin.listener = ("127.0.0.1", 0)
        configuration.aliases = ["info@\(domain)": ["alice@\(domain)", "bob@\(domain)"]]
        adjust(&configuration)

        let log = LogCapture()
        var logger = Logger(label: "postamt-test") { _ in log.handler() }
        logger.logLevel = .info
        let server = try await PostamtServer(
            configuration: configuration, logger: logger, implicitTLSSilenceLimit: implicitTLSSilenceLimit,
            deliveryPollInterval: .milliseconds(100),
            mxRoute: mxRoute ?? { _ in .temporaryFailure("no DNS in this test") }
        )
        for name in [user, "bob@\(domain)"] {
            _ = try await server.userStore.addUser(named: name, passwordHash: try PasswordHasher.hash(Array(password.utf8)))
        }
        var ports = [ListenerRole: Int]()
        for listener in try await server.start() { ports[listener.role] = listener.port }
        return TestMailServer(directory: directory, server: server, ports: ports, certificatePath: certificatePath, log: log)
    }

    var mx: Int { ports[.mx]! }
    var submission: Int { ports[.submission]! }
    var submissions: Int { ports[.submissions]! }

    func stop() async {
        await server.stop(gracePeriod: .seconds(2))
        try? FileManager.default.removeItem(at: directory)
    }

    /// The files in a mailbox's new/ folder, waiting up to `timeout` for `count` of them.
    func waitForMail(_ localPart: String, count: Int = 1, timeout: Duration = .seconds(10)) async -> [Data] {
        let folder = URL(fileURLWithPath: server.configuration.dataDirectory)
            .appendingPathComponent("mail/\(Self.domain)/\(localPart)/new")
        let deadline = ContinuousClock.now + timeout
        while true {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            if files.count >= count || ContinuousClock.now > deadline {
                let contents = files.compactMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) }
                // A read can fail for a moment in a busy test process (out of descriptors):
                // look again rather than report a file as missing.
                if contents.count == files.count || ContinuousClock.now > deadline { return contents }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The message as the sender wrote it: the stored file without the three trace fields
    /// Postamt adds (Return-Path, Delivered-To, Received).
    static func originalMessage(_ stored: Data) -> [UInt8] {
        var bytes = [UInt8](stored)
        for field in ["Return-Path:", "Delivered-To:", "Received:"] {
            guard bytes.starts(with: Array(field.utf8)) else { return bytes }
            // The field ends at the first CRLF not followed by white space (folding).
            var index = 0
            while index + 2 < bytes.count {
                if bytes[index] == 0x0D, bytes[index + 1] == 0x0A, bytes[index + 2] != 0x20, bytes[index + 2] != 0x09 { break }
                index += 1
            }
            bytes.removeFirst(index + 2)
        }
        return bytes
    }
}

/// Collects log messages so tests can assert what an operator would see.
final class LogCapture: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    func handler() -> some LogHandler {
        CollectingHandler(capture: self)
    }

    func append(_ line: String) { lines.withLockedValue { $0.append(line) } }

    var all: [String] { lines.withLockedValue { $0 } }

    func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }

    struct CollectingHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = self.metadata.merging(event.metadata ?? [:]) { $1 }
            let text = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.append("\(event.level) \(event.message) \(text)")
        }
    }
}

/// Runs a program as a user would, with a time limit.
struct ExternalProgram {
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    static func isInstalled(_ name: String) -> Bool {
        ["/usr/bin/", "/usr/local/bin/", "/bin/"].contains { FileManager.default.isExecutableFile(atPath: $0 + name) }
    }

    static func run(
        _ executable: String, _ arguments: [String], input: Data? = nil, directory: URL? = nil, timeout: Duration = .seconds(30)
    ) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/" + executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        let error = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = standardInput
        try process.run()
        if let input { standardInput.fileHandleForWriting.write(input) }
        try standardInput.fileHandleForWriting.close()
        // Read on a thread of its own: a blocking read would hold one of the cooperative
        // pool's two threads, which the in-process server needs.
        let collected = Task {
            try await offThread { () -> (Data, Data) in
                let out = output.fileHandleForReading.readDataToEndOfFile()
                let err = error.fileHandleForReading.readDataToEndOfFile()
                return (out, err)
            }
        }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let (out, err) = try await collected.value
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self))
    }
}
