import ArgumentParser
import Foundation
import PostamtCLI

@main
enum PostamtMain {
    /// Runs the command. A command used wrongly exits with 2 (as sendmail, diff and most
    /// Unix tools do) rather than ArgumentParser's 64, so scripts can tell "wrong usage"
    /// from the outcome codes each command documents.
    static func main() async {
        // sendmail's single-dash options (-oi, -f sender, -t) are not ArgumentParser's: the
        // sendmail interface reads its own command line, whether called as `sendmail` (a
        // /usr/sbin/sendmail link) or as `postamt sendmail`.
        let arguments = CommandLine.arguments
        if URL(fileURLWithPath: arguments.first ?? "").lastPathComponent == "sendmail" {
            exit(await SendmailEntryPoint.main(arguments: Array(arguments.dropFirst())))
        }
        if arguments.count > 1, arguments[1] == "sendmail", !arguments.dropFirst(2).contains(where: { $0 == "--help" || $0 == "-h" }) {
            exit(await SendmailEntryPoint.main(arguments: Array(arguments.dropFirst(2))))
        }
        do {
            var command = try PostamtCommand.parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if PostamtCommand.exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((PostamtCommand.fullMessage(for: error) + "\n").utf8))
                exit(2)
            }
            PostamtCommand.exit(withError: error)
        }
    }
}
