import ArgumentParser
import Foundation
import Logging
import PostamtConfiguration
import PostamtServer
import ServiceLifecycle

/// `postamt serve`: runs the mail server until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the mail server.",
        discussion: """
            Without any configuration it keeps its data in ./postamt-data, receives mail for \
            localhost, and listens on unprivileged loopback ports, which it prints. \
            SIGTERM or SIGINT stops it gracefully: no acknowledged message is lost.
            """
    )

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let configuration = try options.load()
        // Before the log's thread and the server's are started, so that they inherit it.
        var schedulingFailure: ThreadScheduling.Failure?
        do { try ThreadScheduling.apply(configuration.cpuScheduling) } catch { schedulingFailure = error }
        let logWriter = LogLineWriter(fileDescriptor: STDERR_FILENO)
        // Every line logged is written before the process ends, unless the log's reader
        // has stopped reading.
        defer { logWriter.flush(waitingAtMost: Self.logFlushLimit) }
        let logger = makeLogger(level: configuration.logLevel.rawValue, writer: logWriter)
        if let schedulingFailure {
            logger.warning("threads keep their CPU scheduling policy: setting SCHED_BATCH failed", metadata: ["error": "\(schedulingFailure)"])
        }
        let server: PostamtServer
        do {
            server = try await PostamtServer(configuration: configuration, logger: logger)
        } catch {
            logWriter.flush(waitingAtMost: Self.logFlushLimit)
            printError("postamt: cannot start: \(error)")
            throw ExitCode(1)
        }
        let bound: [BoundAddress]
        do {
            bound = try await server.start().map { BoundAddress(role: $0.role.rawValue, host: $0.host, port: $0.port) }
        } catch {
            logWriter.flush(waitingAtMost: Self.logFlushLimit)
            printError("postamt: cannot listen: \(error)")
            throw ExitCode(1)
        }
        if schedulingFailure == nil { try? ThreadScheduling.apply(configuration.cpuScheduling) }
        let admin = server.adminPort.flatMap { port in configuration.admin.listener.map { BoundAddress(role: "admin", host: $0.host, port: port) } }
        // Written at once (stdout may be a pipe, where print would buffer it).
        FileHandle.standardOutput.write(Data((Self.banner(configuration: configuration, bound: bound, admin: admin) + "\n").utf8))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: ShutdownWaiter(server: server, logger: logger), successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }

    /// How long the process waits at its end for its last log lines to be written.
    static let logFlushLimit = Duration.seconds(5)

    struct BoundAddress {
        var role: String
        var host: String
        var port: Int
    }

    static func banner(configuration: PostamtConfiguration, bound: [BoundAddress], admin: BoundAddress? = nil) -> String {
        var lines = ["Postamt is running as \(configuration.hostname); data in \(configuration.dataDirectory)."]
        lines.append("Mail is accepted for: \(configuration.localDomains.joined(separator: ", "))")
        for listener in bound {
            let what = switch listener.role {
            case "mx": "mail from other servers (plaintext or STARTTLS)"
            case "submission": "submission: STARTTLS, then AUTH"
            default: "submission over TLS from the first byte"
            }
            lines.append("  \(listener.role.padding(toLength: 12, withPad: " ", startingAt: 0)) \(listener.host):\(listener.port)  \(what)")
        }
        if let admin {
            let host = admin.host.contains(":") ? "[\(admin.host)]" : admin.host
            lines.append("  admin        http://\(host):\(admin.port)/  web admin, API (/api/v1), /metrics, mail-client autoconfig")
        }
        if let mx = bound.first(where: { $0.role == "mx" }), let domain = configuration.localDomains.first {
            lines.append("")
            lines.append("Send a first message:")
            lines.append("  swaks --server \(mx.host):\(mx.port) --to postmaster@\(domain)")
            lines.append("  curl smtp://\(mx.host):\(mx.port) --mail-from you@example.com --mail-rcpt postmaster@\(domain) -T message.txt")
            lines.append("Add a user for the submission ports: postamt user add someone@\(domain)")
        }
        return lines.joined(separator: "\n")
    }
}

/// Keeps the server running inside the service group and stops it on graceful shutdown.
private struct ShutdownWaiter: Service {
    let server: PostamtServer
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        logger.notice("shutting down: no new connections; open sessions may finish")
        await server.stop()
        logger.notice("stopped")
    }
}

/// Log lines at `level`, written by `writer`.
func makeLogger(level: String, writer: LogLineWriter) -> Logger {
    let timestamp = LogTimestamp()
    LoggingSystem.bootstrap { label in
        TextLogHandler(label: label, writer: writer, timestamp: timestamp, level: Logger.Level(rawValue: level) ?? .info)
    }
    return Logger(label: "postamt")
}
