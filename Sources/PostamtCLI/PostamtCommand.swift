import ArgumentParser
import Foundation
import PostamtServer

/// The `postamt` command line: one executable, one subcommand per job.
public struct PostamtCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "postamt",
        abstract: "A mail server and mail toolkit.",
        version: PostamtVersion.current,
        subcommands: [
            ServeCommand.self, InitCommand.self, UserCommand.self, QueueCommand.self, ConfigCommand.self, ExplainCommand.self,
            DiagnoseCommand.self, SendCommand.self, SendmailCommand.self, DNSRecordsCommand.self,
        ]
    )

    public init() {}
}

/// `sendmail` compatibility for a binary called by that name (a /usr/sbin/sendmail link).
public enum SendmailEntryPoint {
    /// Runs sendmail with the arguments after the program name and the message on standard
    /// input; returns the exit status.
    public static func main(arguments: [String]) async -> Int32 {
        await SendmailCommand.main(arguments: arguments, input: FileHandle.standardInput.readDataToEndOfFile())
    }
}
