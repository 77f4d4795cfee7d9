import ArgumentParser
import Explain
import Foundation
import MailQueue
import PostamtConfiguration
import SMTPCore

/// `postamt queue`: see and steer the messages waiting for delivery. It works on the queue
/// directly and safely while the server runs (SQLite in WAL mode, or the shared PostgreSQL
/// database, where a change acts on every node): each change is one transaction the
/// delivery workers see at their next look.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "List, inspect, retry, hold, release or delete queued messages.",
        subcommands: [List.self, Show.self, Retry.self, Hold.self, Release.self, Delete.self, Flush.self]
    )

    struct List: QueueSubcommand {
        static let configuration = CommandConfiguration(abstract: "List queued messages (default: those not yet done).")
        @OptionGroup var options: ConfigurationOptions
        @Flag(help: "Only messages with deferred recipients.") var deferred = false
        @Flag(help: "Only messages with held recipients.") var held = false
        @Flag(help: "Every message, including delivered and bounced ones.") var all = false
        @Flag(help: "Print JSON.") var json = false
        @Option(help: "At most this many messages.") var limit = 1000

        func run(on store: any MessageStore & QueueInspection) async throws {
            var states: Set<RecipientState> = [.queued, .inFlight, .deferred, .held]
            if deferred { states = [.deferred] }
            if held { states = [.held] }
            if all { states = [] }
            let messages = try await store.messages(inStates: states, limit: limit)
            if json { return try printJSON(messages) }
            if messages.isEmpty { print("The queue is empty.") }
            for message in messages {
                let date = Date(timeIntervalSince1970: message.receivedAt).formatted(.iso8601)
                print("\(message.id)  \(date)  \(message.size) octets  from \(message.sender)")
                for recipient in message.recipients {
                    var line = "    \(recipient.state.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(recipient.mailbox)"
                    if let last = recipient.lastResult, recipient.state != .delivered { line += "  (\(last))" }
                    print(line)
                }
            }
        }
    }

    struct Show: QueueSubcommand {
        static let configuration = CommandConfiguration(abstract: "Show a message: envelope, recipients, every attempt, each reply explained.")
        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The queue ID.") var id: String
        @Flag(help: "Print JSON.") var json = false
        @Option(help: "Language of the explanations: en or de.") var lang: Language?

        func run(on store: any MessageStore & QueueInspection) async throws {
            let queueID = try parseID(id)
            guard let message = try await store.message(queueID) else {
                printError("postamt: no message \(id) in the queue")
                throw ExitCode(1)
            }
            let attempts = try await store.attempts(for: queueID)
            if json {
                struct Detail: Encodable {
                    var message: QueuedMessage
                    var attempts: [Attempt]
                }
                struct Attempt: Encodable {
                    var mailbox: String
                    var time: Double
                    var host: String
                    var address: String?
                    var tls: Bool
                    var result: String
                    var transcript: String
                }
                return try printJSON(Detail(message: message, attempts: attempts.map {
                    Attempt(mailbox: $0.mailbox, time: $0.attempt.time, host: $0.attempt.host, address: $0.attempt.address, tls: $0.attempt.usedTLS, result: $0.attempt.result, transcript: $0.attempt.transcript)
                }))
            }
            let language = lang ?? Language.fromLocaleEnvironment(ProcessInfo.processInfo.environment)
            let explainer = ReplyExplainer(language: language)
            print("Message \(message.id), received \(Date(timeIntervalSince1970: message.receivedAt).formatted(.iso8601))")
            print("  from client \(message.clientName) [\(message.clientAddress)]\(message.authenticatedUser.map { ", user \($0)" } ?? "")")
            print("  \(message.mailCommand)")
            print("  \(message.size) octets")
            for recipient in message.recipients {
                print("\n  \(recipient.mailbox): \(recipient.state.rawValue), \(recipient.attempts) attempt(s), route \(recipient.route.rawValue)")
                if recipient.state == .deferred {
                    print("    next attempt: \(Date(timeIntervalSince1970: recipient.nextAttemptAt).formatted(.iso8601))")
                }
                if let last = recipient.lastResult {
                    print("    last result: \(last)")
                    if let explanation = try? explainer.explain(last).first {
                        print("    \(explanation.outcome.summary) \(explanation.fault.summary)")
                        if let cause = explanation.cause { print("    \(cause)") }
                    }
                }
            }
            if !attempts.isEmpty { print("\n  Attempts:") }
            for (mailbox, attempt) in attempts {
                print("    \(Date(timeIntervalSince1970: attempt.time).formatted(.iso8601))  \(mailbox) via \(attempt.host)\(attempt.usedTLS ? " (TLS)" : ""): \(attempt.result)")
            }
        }
    }

    struct Retry: QueueSubcommand {
        static let configuration = CommandConfiguration(abstract: "Make a deferred message (or all with --all) due now.")
        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The queue ID.") var id: String?
        @Flag(help: "Every waiting message.") var all = false
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard all || id != nil else { throw ValidationError("give a queue ID or --all") }
        }

        func run(on store: any MessageStore & QueueInspection) async throws {
            let changed = try await store.retry(all ? nil : try parseID(id!), now: Date().timeIntervalSince1970)
            try report(changed: changed, what: "recipient(s) due now", json: json)
        }
    }

    struct Hold: QueueSubcommand {
        static let configuration = CommandConfiguration(abstract: "Keep a message back until it is released.")
        @OptionGroup var options: ConfigurationOptions
        @Argument var id: String
        @Flag(help: "Print JSON.") var json = false

        func run(on store: any MessageStore & QueueInspection) async throws {
            let changed = try await store.hold(try parseID(id), now: Date().timeIntervalSince1970)
            try report(changed: changed, what: "recipient(s) held", json: json)
        }
    }

    struct Release: QueueSubcommand {
        static let configuration = CommandConfiguration(abstract: "Release a held message for delivery now.")
        @OptionGroup var options: ConfigurationOptions
        @Argument var id: String
        @Flag(help: "Print JSON.") var json = false

        func run(on store: any MessageStore & QueueInspection) async throws {
            let changed = try await store.release(try parseID(id), now: Date().timeIntervalSince1970)
            try report(changed: changed, what: "recipient(s) released", json: json)
        }
    }

    struct Delete: QueueSubcommand {
        static let configuration = CommandConfiguration(abstract: "Remove a message from the queue (no bounce is sent).")
        @OptionGroup var options: ConfigurationOptions
        @Argument var id: String
        @Flag(help: "Print JSON.") var json = false

        func run(on store: any MessageStore & QueueInspection) async throws {
            let deleted = try await store.delete(try parseID(id))
            guard deleted else {
                printError("postamt: no message \(id) in the queue")
                throw ExitCode(1)
            }
            try report(changed: 1, what: "message deleted", json: json)
        }
    }

    struct Flush: QueueSubcommand {
        static let configuration = CommandConfiguration(abstract: "Make every waiting message due now (like postqueue -f).")
        @OptionGroup var options: ConfigurationOptions
        @Flag(help: "Print JSON.") var json = false

        func run(on store: any MessageStore & QueueInspection) async throws {
            let changed = try await store.retry(nil, now: Date().timeIntervalSince1970)
            try report(changed: changed, what: "recipient(s) due now", json: json)
        }
    }
}

/// A `postamt queue` subcommand: it runs on the configured queue, opened for it and closed
/// after it.
private protocol QueueSubcommand: AsyncParsableCommand {
    var options: ConfigurationOptions { get }
    func run(on store: any MessageStore & QueueInspection) async throws
}

extension QueueSubcommand {
    func run() async throws {
        try await withStorage(try options.load(), existingQueue: true) { storage in
            try await run(on: storage.messages)
        }
    }
}

private func parseID(_ text: String) throws -> QueueID {
    guard let id = QueueID(rawValue: text.uppercased()) else { throw ValidationError("\(text) is not a queue ID") }
    return id
}

private func report(changed: Int, what: String, json: Bool) throws {
    if json {
        try printJSON(["changed": changed])
    } else {
        print("\(changed) \(what)")
    }
}

