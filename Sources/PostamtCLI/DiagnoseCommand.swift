import ArgumentParser
import DNS
import Diagnostics
import Foundation
import MailMessage
import PostamtConfiguration
import SMTPCore

/// `postamt diagnose HOST`: why sending through a server fails, and what to set in a mail
/// client.
struct DiagnoseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Check a mail server's SMTP ports, TLS and login, and say which setting works.",
        discussion: """
            Probes the ports at once (each with a timeout): whether they answer, with TLS from the \
            first byte or with STARTTLS, the certificate, the extensions and the login methods. \
            With --user it logs in on every port that offers it over TLS; with --send-to it sends \
            a test message through the setting it recommends.

            Exit status: 0 everything works, 1 problems were found, 2 the command was used wrongly.
            """
    )

    @Argument(help: "The server, as you would type it into a mail client (e.g. smtp.example.com).")
    var host: String?

    @Option(help: "Check a domain instead: its MX hosts on port 25, SPF, DMARC, SRV records and client autoconfiguration.")
    var domain: String?

    @Option(name: .customLong("dns-server"), help: "Ask this name server (address[:port]) instead of those of /etc/resolv.conf.")
    var dnsServer: String?

    @Option(help: "Ports to probe, comma-separated.")
    var ports: String = Diagnoser.defaultPorts.map(String.init).joined(separator: ",")

    @Option(help: "Seconds to wait for a connection and for each reply.")
    var timeout: Int = 10

    @Option(name: .customLong("ca-file"), help: "Trust the certificates in this PEM file instead of the system's store.")
    var caFile: String?

    @Option(help: "Log in as this user on each port that offers a login over TLS.")
    var user: String?

    @OptionGroup var password: PasswordInput

    @Option(name: .customLong("send-to"), help: "Send a test message to this address through the recommended setting.")
    var sendTo: String?

    @Option(help: "The sender of the test message (default: the user, if it is a mail address).")
    var from: String?

    @Option(name: .customLong("client-name"), help: "The name to say in EHLO.")
    var clientName: String?

    @Option(help: "Language of the report: en or de (default: from LC_ALL, LC_MESSAGES or LANG).")
    var lang: Language?

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print the SMTP dialogue of every probe.")
    var verbose = false

    private var language: Language {
        lang ?? Language.fromLocaleEnvironment(ProcessInfo.processInfo.environment)
    }

    func run() async throws {
        if let domain {
            guard host == nil else { throw ValidationError("give either a server or --domain, not both") }
            return try await checkDomain(domain)
        }
        guard let host else { throw ValidationError("give the server to check, or --domain DOMAIN") }
        let portList = try Self.parsePorts(ports)
        guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second") }
        let trusted = try caFile.map { [try certificates(fromCAFile: $0)] }
        var credentials: Credentials?
        if let user {
            let secret = try password.read(prompt: "Password for \(user): ", confirm: false)
            credentials = Credentials(mechanism: .plain, username: user, password: secret)
        }
        var test: Diagnoser.TestMessageRequest?
        if let sendTo {
            guard Mailbox(sendTo) != nil else { throw ValidationError("--send-to: '\(sendTo)' is not a mail address") }
            guard let sender = from ?? user.flatMap({ Mailbox($0) != nil ? $0 : nil }) else {
                throw ValidationError("--send-to needs --from (or a --user that is a mail address)")
            }
            guard Mailbox(sender) != nil else { throw ValidationError("--from: '\(sender)' is not a mail address") }
            let composer = MessageComposer(
                from: sender, to: [sendTo], subject: language == .german ? "Testnachricht von postamt diagnose" : "Test message from postamt diagnose",
                body: language == .german
                    ? "Diese Nachricht hat postamt diagnose über \(host) geschickt, um den Postausgang zu prüfen.\n"
                    : "postamt diagnose sent this message through \(host) to check outgoing mail.\n"
            )
            test = Diagnoser.TestMessageRequest(sender: sender, recipient: sendTo, content: composer.message())
        }
        let settings = ProbeSettings(
            host: host,
            clientName: clientName ?? PostamtConfiguration.systemHostname(),
            connectTimeout: .seconds(timeout),
            replyTimeout: .seconds(timeout),
            trustedCertificates: trusted,
            credentials: credentials
        )
        let diagnosis = await Diagnoser.diagnose(ports: portList, settings: settings, test: test)
        if json {
            try printJSON(diagnosis)
        } else {
            let terminal = Terminal.standardOutput
            let renderer = DiagnosisRenderer(language: language, usesColor: terminal.supportsColor, width: terminal.width, showsTranscripts: verbose)
            print(renderer.render(diagnosis), terminator: "")
        }
        if !diagnosis.isHealthy { throw ExitCode(1) }
    }

    private func checkDomain(_ domain: String) async throws {
        guard Mailbox("postmaster@\(domain)") != nil, !domain.contains("[") else { throw ValidationError("--domain: '\(domain)' is not a domain name") }
        var upstream = UnboundResolver.Configuration.Upstream.systemResolvConf
        if let dnsServer {
            let parts = dnsServer.split(separator: ":", omittingEmptySubsequences: false)
            let forwarder = parts.count == 2 ? "\(parts[0])@\(parts[1])" : dnsServer
            do {
                try UnboundResolver.Configuration.validateForwarder(forwarder)
            } catch {
                throw ValidationError("--dns-server: \(error)")
            }
            upstream = .forwarders([forwarder])
        }
        let trusted = try caFile.map { [try certificates(fromCAFile: $0)] }
        let resolver: UnboundResolver
        do {
            resolver = try UnboundResolver(configuration: UnboundResolver.Configuration(upstream: upstream, queryTimeout: .seconds(timeout)))
        } catch {
            printError("postamt diagnose: no DNS resolver: \(error)")
            throw ExitCode(1)
        }
        let settings = DomainCheck.Settings(probe: ProbeSettings(
            host: domain, clientName: clientName ?? PostamtConfiguration.systemHostname(),
            connectTimeout: .seconds(timeout), replyTimeout: .seconds(timeout), trustedCertificates: trusted
        ))
        let report = await DomainCheck.check(domain: domain.lowercased(), resolver: resolver, settings: settings)
        if json {
            try printJSON(report)
        } else {
            let terminal = Terminal.standardOutput
            print(DiagnosisRenderer(language: language, usesColor: terminal.supportsColor, width: terminal.width).render(report), terminator: "")
        }
        if !report.isHealthy { throw ExitCode(1) }
    }

    static func parsePorts(_ text: String) throws -> [Int] {
        var ports: [Int] = []
        for part in text.split(separator: ",") {
            guard let port = Int(part.trimmingCharacters(in: .whitespaces)), (1...65535).contains(port) else {
                throw ValidationError("--ports: '\(part)' is not a port (1–65535)")
            }
            if !ports.contains(port) { ports.append(port) }
        }
        guard !ports.isEmpty else { throw ValidationError("--ports: no port given") }
        return ports
    }

}
