import ArgumentParser
import Foundation
import PostamtConfiguration

/// `postamt config`: inspect the configuration.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the configuration.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the configuration file, environment and flags; list every error with its line.",
            discussion: "Exit status: 0 valid, 1 errors found."
        )
        @OptionGroup var options: ConfigurationOptions

        func run() throws {
            let configuration = try options.load()
            print("configuration is valid\(options.configurationPath.map { " (\($0))" } ?? " (defaults, no file)")")
            print(configuration.describe())
        }
    }
}
