import ArgumentParser
import Explain
import Foundation
import MailMessage
import NIOCore
import PostamtConfiguration
import SMTPClient
import SMTPCore

/// `postamt send`: a test message through any SMTP server, for people and scripts.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a message through an SMTP server (a test sender, like swaks).",
        discussion: """
            The body comes from --body or standard input. The password comes from a prompt, \
            --password-file, --password-stdin or --password-env, never from the command line.

            Exit status: 0 every recipient was accepted; 1 the server refused for good (5xx); \
            75 a temporary failure (4xx, no connection, a timeout), worth trying again later \
            (--retry does); 2 the command was used wrongly.
            """
    )

    enum TLSMode: String, ExpressibleByArgument, CaseIterable {
        case none, starttls, implicit
    }

    @Option(help: "The SMTP server.")
    var server: String

    @Option(help: "The port (default: 587 for starttls, 465 for implicit, 25 for none).")
    var port: Int?

    @Option(help: "none, starttls (default) or implicit (TLS from the first byte, port 465).")
    var tls: TLSMode = .starttls

    @Option(name: .customLong("ca-file"), help: "Trust the certificates in this PEM file instead of the system's store.")
    var caFile: String?

    @Flag(help: "Do not check the server's certificate (encrypt only).")
    var insecure = false

    @Option(help: "Log in as this user.")
    var user: String?

    @OptionGroup var password: PasswordInput

    @Option(help: "The sender (envelope and From:).")
    var from: String

    @Option(name: .customLong("from-name"), help: "A display name for From:.")
    var fromName: String?

    @Option(help: "A recipient (repeatable).")
    var to: [String] = []

    @Option(help: "A recipient shown in Cc: (repeatable).")
    var cc: [String] = []

    @Option(help: "A recipient not shown in the message (repeatable).")
    var bcc: [String] = []

    @Option(help: "The subject.")
    var subject: String = "Test message from postamt send"

    @Option(help: "The body text; without it, standard input is read.")
    var body: String?

    @Option(help: "Attach a file (repeatable).")
    var attach: [String] = []

    @Option(help: "An extra header field, 'Name: value' (repeatable).")
    var header: [String] = []

    @Option(name: .customLong("client-name"), help: "The name to say in EHLO.")
    var clientName: String?

    @Option(help: "Seconds to wait for a connection and for each reply.")
    var timeout: Int = 60

    @Option(help: "After a temporary failure, try again up to this many times, waiting longer each time.")
    var retry: Int = 0

    @Option(help: "Language of the explanations: en or de (default: from the locale).")
    var lang: Language?

    @Flag(name: .shortAndLong, help: "Print the SMTP dialogue.")
    var verbose = false

    enum Outcome: Equatable {
        case accepted
        case temporaryFailure
        case permanentFailure

        var exitCode: ExitCode {
            switch self {
            case .accepted: .success
            case .temporaryFailure: ExitCode(75)
            case .permanentFailure: .failure
            }
        }
    }

    func run() async throws {
        let language = lang ?? Language.fromLocaleEnvironment(ProcessInfo.processInfo.environment)
        guard let sender = Mailbox(from) else { throw ValidationError("--from: '\(from)' is not a mail address") }
        let all = to + cc + bcc
        guard !all.isEmpty else { throw ValidationError("give at least one --to, --cc or --bcc") }
        var recipients: [Mailbox] = []
        for address in all {
            guard let mailbox = Mailbox(address) else { throw ValidationError("'\(address)' is not a mail address") }
            recipients.append(mailbox)
        }
        guard timeout > 0, retry >= 0 else { throw ValidationError("--timeout must be at least 1 and --retry at least 0") }
        var extra: [(name: String, value: String)] = []
        for field in header {
            guard let colon = field.firstIndex(of: ":"), colon != field.startIndex,
                  field[..<colon].allSatisfy({ $0.isASCII && $0 != " " && !$0.isWhitespace })
            else { throw ValidationError("--header: '\(field)' is not 'Name: value'") }
            extra.append((String(field[..<colon]), field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var attachments: [MessageComposer.Attachment] = []
        for path in attach {
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("--attach: cannot read \(path)") }
            attachments.append(MessageComposer.Attachment(fileName: URL(fileURLWithPath: path).lastPathComponent, content: Array(data)))
        }
        let text = body ?? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let content = MessageComposer(
            from: from, fromName: fromName, to: to, cc: cc, subject: subject, body: text, attachments: attachments, extraHeaders: extra
        ).message()
        var credentials: Credentials?
        if let user {
            credentials = Credentials(mechanism: .plain, username: user, password: try password.read(prompt: "Password for \(user): ", confirm: false))
        }
        let verification: SMTPClientConnection.CertificateVerification
        if insecure || tls == .none {
            verification = .none
        } else if let caFile {
            verification = .certificates([try certificates(fromCAFile: caFile)])
        } else {
            verification = .system
        }
        let policy: ClientSession.TLSPolicy = switch tls {
        case .none: .none
        case .starttls: .required
        case .implicit: .implicit
        }
        let port = self.port ?? (tls == .implicit ? 465 : tls == .starttls ? 587 : 25)
        let seconds = Int64(timeout)
        let configuration = SMTPClientConnection.Configuration(
            session: ClientSession.Configuration(
                clientName: clientName ?? PostamtConfiguration.systemHostname(), tlsPolicy: policy, credentials: credentials
            ),
            verification: verification,
            connectTimeout: .seconds(seconds),
            replyTimeout: { _ in .seconds(seconds) }
        )
        var pending = recipients
        var outcome = Outcome.temporaryFailure
        for attempt in 0...retry {
            if attempt > 0 {
                let wait = min(60, 5 << min(attempt - 1, 4))
                printError(language == .german
                    ? "Neuer Versuch in \(wait) s (\(attempt) von \(retry)) …"
                    : "Trying again in \(wait) s (\(attempt) of \(retry)) …")
                try await Task.sleep(for: .seconds(wait))
            }
            let result = await send(
                OutgoingMessage(reversePath: .mailbox(sender), recipients: pending.map { Envelope.Recipient(forwardPath: .mailbox($0)) }, content: content),
                port: port, configuration: configuration, language: language
            )
            pending = result.temporarilyRefused
            outcome = result.outcome
            if outcome != .temporaryFailure { break }
        }
        throw outcome.exitCode
    }

    private struct Attempt {
        var outcome: Outcome
        var temporarilyRefused: [Mailbox]
    }

    /// One connection and one transaction; prints what happened.
    private func send(_ message: OutgoingMessage, port: Int, configuration: SMTPClientConnection.Configuration, language: Language) async -> Attempt {
        let explainer = ReplyExplainer(language: language)
        let connection: SMTPClientConnection
        do {
            connection = try await SMTPClientConnection.connect(host: server, port: port, serverName: server, configuration: configuration)
        } catch {
            if verbose, case .session(_, let lines) = error { print(lines.map(\.description).joined(separator: "\n")) }
            report(error: error, explainer: explainer, language: language)
            let permanent = error.reply?.code.kind == .permanentNegative
            return Attempt(outcome: permanent ? .permanentFailure : .temporaryFailure, temporarilyRefused: message.recipients.compactMap(\.forwardPath.mailbox))
        }
        let result: ClientSession.MessageResult
        do {
            result = try await connection.send(message)
        } catch {
            if verbose { print(await connection.transcript(since: 0).map(\.description).joined(separator: "\n")) }
            report(error: error, explainer: explainer, language: language)
            await connection.quit()
            return Attempt(outcome: .temporaryFailure, temporarilyRefused: message.recipients.compactMap(\.forwardPath.mailbox))
        }
        await connection.quit()
        if verbose { print(await connection.transcript(since: 0).map(\.description).joined(separator: "\n")) }
        var temporary: [Mailbox] = []
        var permanent = false
        for recipient in result.recipientResults {
            let address = recipient.recipient.forwardPath.description
            if recipient.isAccepted {
                print(language == .german ? "\(address): angenommen (\(recipient.reply))" : "\(address): accepted (\(recipient.reply))")
                continue
            }
            if recipient.isTransientFailure {
                if let mailbox = recipient.recipient.forwardPath.mailbox { temporary.append(mailbox) }
            } else {
                permanent = true
            }
            printError("\(address): \(recipient.reply)")
            printError(explanation(recipient.reply, explainer: explainer, language: language))
        }
        let outcome: Outcome = permanent ? .permanentFailure : temporary.isEmpty ? .accepted : .temporaryFailure
        return Attempt(outcome: outcome, temporarilyRefused: temporary)
    }

    private func report(error: SMTPClientError, explainer: ReplyExplainer, language: Language) {
        printError("postamt send: \(server): \(error)")
        if let reply = error.reply {
            printError(explanation(reply, explainer: explainer, language: language))
        } else {
            printError(language == .german
                ? "Das ist vorübergehend oder eine Frage der Einstellungen (Port, Sicherheit); `postamt diagnose \(server)` zeigt, was funktioniert."
                : "This is temporary or a matter of settings (port, security); `postamt diagnose \(server)` shows what works.")
        }
    }

    private func explanation(_ reply: Reply, explainer: ReplyExplainer, language: Language) -> String {
        let explanation = explainer.explain(reply)
        let kind: String = switch reply.code.kind {
        case .transientNegative: language == .german ? "Vorübergehender Fehler: später erneut versuchen." : "A temporary failure: try again later."
        case .permanentNegative: language == .german ? "Endgültige Ablehnung: erneutes Senden hilft nicht." : "A permanent refusal: sending again will not help."
        default: ""
        }
        return ([kind, explanation.fault.summary] + explanation.advice.prefix(1)).filter { !$0.isEmpty }.map { "  " + $0 }.joined(separator: "\n")
    }
}
