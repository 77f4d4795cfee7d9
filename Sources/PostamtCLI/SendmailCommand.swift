import ArgumentParser
import Foundation
import MailMessage
import PostamtConfiguration
import PostamtServer
import SMTPCore

#if canImport(Glibc)
import Glibc
#endif

/// `postamt sendmail` (or the binary called as `sendmail`): a message on standard input
/// into the local queue, for cron, scripts and PHP's mail().
struct SendmailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sendmail",
        abstract: "Queue a message from standard input, as /usr/sbin/sendmail does.",
        discussion: """
            postamt sendmail [-t] [-i] [-f sender] [-F name] [-C config] [recipient ...]

            The message goes straight into the queue in the data directory (like Postfix's \
            postdrop), not through a listener: it needs no login and works while the server \
            is stopped; a running server sends it within its queue scan interval. The caller \
            needs write access to the data directory. Link /usr/sbin/sendmail to the postamt \
            binary to use it as the system's sendmail.

            Exit status (sysexits.h): 0 queued; 64 wrong usage; 65 the message is unusable \
            (too large, no recipients); 67 a local recipient does not exist; 75 the queue cannot \
            take it now (try again); 78 the configuration is wrong.
            """
    )

    @Argument(parsing: .captureForPassthrough, help: "Options and recipients, as sendmail takes them.")
    var arguments: [String] = []

    func run() async throws {
        throw ExitCode(await Self.main(arguments: arguments, input: FileHandle.standardInput.readDataToEndOfFile()))
    }

    /// Runs sendmail with `arguments` (without the program name) and the message `input`;
    /// returns the exit status.
    static func main(arguments: [String], input: Data) async -> Int32 {
        let options: SendmailArguments
        do {
            options = try SendmailArguments.parse(arguments)
        } catch {
            printError("sendmail: \(error)")
            return 64
        }
        let environment = ProcessInfo.processInfo.environment
        let path = options.configurationFile
            ?? environment["POSTAMT_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ["/etc/postamt/postamt.toml", "postamt.toml"].first { FileManager.default.fileExists(atPath: $0) }
        let dsn: (MailParameters, RecipientParameters)
        do {
            dsn = try options.dsnParameters()
        } catch {
            printError("sendmail: \(error)")
            return 64
        }
        let configuration: PostamtConfiguration
        switch PostamtConfiguration.load(filePath: path, environment: environment) {
        case .success(let loaded): configuration = loaded
        case .failure(let errors):
            for error in errors.errors { printError("sendmail: \(error)") }
            return 78
        }
        let defaultDomain = configuration.localDomains.first ?? configuration.hostname
        func qualified(_ address: String) -> String {
            address.contains("@") ? address : "\(address)@\(defaultDomain)"
        }
        let userName = currentUserName()
        let senderText = options.sender.map { $0.isEmpty || $0 == "<>" ? "" : qualified($0) } ?? "\(userName)@\(defaultDomain)"
        let sender: ReversePath
        if senderText.isEmpty {
            sender = .null
        } else if let mailbox = Mailbox(senderText) {
            sender = .mailbox(mailbox)
        } else {
            printError("sendmail: '\(senderText)' is not a mail address")
            return 64
        }

        var message = SubmittedMessage(input: Array(input), stopsAtDot: !options.ignoresDots)
        var addresses = options.recipients.map(qualified)
        if options.recipientsFromHeaders {
            addresses += message.takeHeaderRecipients().map(qualified)
        }
        var recipients: [Mailbox] = []
        for address in addresses {
            guard let mailbox = Mailbox(address) else {
                printError("sendmail: '\(address)' is not a mail address")
                return 64
            }
            if !recipients.contains(mailbox) { recipients.append(mailbox) }
        }
        guard !recipients.isEmpty else {
            printError("sendmail: no recipients (give them as arguments, or use -t to take them from To:, Cc: and Bcc:)")
            return 65
        }
        message.addMissingFields(
            from: sender.mailbox.map { MessageComposer.address($0.description, name: options.fullName) } ?? "MAILER-DAEMON@\(configuration.hostname)",
            messageIDDomain: configuration.hostname
        )
        do {
            let id = try await LocalSubmission.submit(
                configuration: configuration, sender: sender, recipients: recipients, content: message.bytes,
                origin: "uid \(getuid()) \(userName)", mailParameters: dsn.0, recipientParameters: dsn.1
            )
            if environment["POSTAMT_SENDMAIL_VERBOSE"] != nil { printError("sendmail: queued as \(id)") }
            return 0
        } catch {
            printError("sendmail: \(error)")
            switch error {
            case .unknownRecipients: return 67
            case .tooLarge: return 65
            case .storage: return 75
            }
        }
    }

    private static func currentUserName() -> String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid\(getuid())"
    }
}
