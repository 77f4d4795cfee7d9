import ArgumentParser

/// The `postamt` command line: one executable, one subcommand per job.
public struct PostamtCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "postamt",
        abstract: "A mail server and mail toolkit.",
        version: PostamtVersion.current,
        subcommands: [ServeCommand.self, InitCommand.self, UserCommand.self, QueueCommand.self, ConfigCommand.self, ExplainCommand.self]
    )

    public init() {}
}

/// The version the binary reports.
public enum PostamtVersion {
    public static let current = "0.1.0"
}
