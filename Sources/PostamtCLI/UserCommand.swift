import ArgumentParser
import Foundation
import LocalDelivery
import MailQueue
import PasswordHashing
import PostamtConfiguration
import SMTPCore

/// `postamt user`: the accounts that may send through the submission ports.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the users who may authenticate and send mail.",
        subcommands: [Add.self, Remove.self, List.self, Password.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; the name is the user's own address.")
        @OptionGroup var options: ConfigurationOptions
        @OptionGroup var password: PasswordInput
        @Argument(help: "The address, e.g. alice@example.com.") var address: String

        func run() async throws {
            let configuration = try options.load()
            let name = try validated(address, configuration: configuration)
            let hash = try PasswordHasher.hash(try password.read(prompt: "Password for \(name): ", confirm: true))
            guard try await withStorage(configuration, { try await $0.users.addUser(named: name, passwordHash: hash) }) else {
                printError("postamt: \(name) exists already (use `postamt user passwd` to change the password)")
                throw ExitCode(1)
            }
            print("added \(name)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user (the mailbox and its mail stay).")
        @OptionGroup var options: ConfigurationOptions
        @Argument var address: String

        func run() async throws {
            let configuration = try options.load()
            guard try await withStorage(configuration, { try await $0.users.removeUser(named: address) }) else {
                printError("postamt: no user \(address)")
                throw ExitCode(1)
            }
            print("removed \(address.lowercased())")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users.")
        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let configuration = try options.load()
            for user in try await withStorage(configuration, { try await $0.users.allUsers() }) {
                print(user.name)
            }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Change a user's password.")
        @OptionGroup var options: ConfigurationOptions
        @OptionGroup var password: PasswordInput
        @Argument var address: String

        func run() async throws {
            let configuration = try options.load()
            let hash = try PasswordHasher.hash(try password.read(prompt: "New password for \(address): ", confirm: true))
            guard try await withStorage(configuration, { try await $0.users.setPasswordHash(hash, forUserNamed: address) }) else {
                printError("postamt: no user \(address)")
                throw ExitCode(1)
            }
            print("changed the password of \(address.lowercased())")
        }
    }
}

/// The user name must be a mailbox; a domain that is not local gets a warning, since that
/// user could log in but receive no mail here.
private func validated(_ address: String, configuration: PostamtConfiguration) throws -> String {
    guard let mailbox = Mailbox(address) else {
        throw ValidationError("\(address) is not a mail address")
    }
    let name = mailbox.lookupKey
    if !configuration.localDomains.contains(mailbox.domain.normalized) {
        printError("postamt: warning: \(mailbox.domain) is not a local domain (\(configuration.localDomains.joined(separator: ", "))); this user can send but not receive mail here")
    }
    return name
}

