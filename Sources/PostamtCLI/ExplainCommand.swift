import ArgumentParser
import Explain
import Foundation
import SMTPCore

/// `postamt explain`: what an SMTP reply means, whose side the problem is on, and what to do.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain an SMTP reply or status code in plain words.",
        discussion: """
            Give a whole reply ("451 4.3.0 Try again later"), a basic code (451), an \
            enhanced code (4.3.0), a bounce's "Diagnostic-Code: smtp; 550 5.1.1 ..." line, or \
            paste a multi-line reply on standard input.

            Exit status: 0 explained, 2 the input is not an SMTP reply or code.
            """
    )

    @Argument(help: "The reply or code. Read from standard input when left out.")
    var reply: [String] = []

    @Option(help: "Language of the explanation: en or de. Default: from LC_ALL, LC_MESSAGES or LANG.")
    var lang: Language?

    @Flag(help: "Print structured JSON instead of text.")
    var json = false

    func run() throws {
        let language = lang ?? Language.fromLocaleEnvironment(ProcessInfo.processInfo.environment)
        let input = reply.isEmpty ? readStandardInput() : reply.joined(separator: " ")
        let explanations: [ReplyExplanation]
        do {
            explanations = try ReplyExplainer(language: language).explain(input)
        } catch {
            let message = language == .german
                ? "postamt explain: keine SMTP-Antwort und kein Statuscode erkannt: \(input.prefix(120))\nBeispiele: \"451 4.3.0 Try again later\", \"550\", \"5.7.1\"\n"
                : "postamt explain: \(error)\nExamples: \"451 4.3.0 Try again later\", \"550\", \"5.7.1\"\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode(2)
        }
        if json {
            try printJSON(explanations)
        } else {
            let terminal = Terminal.standardOutput
            print(TextRenderer(width: terminal.width, usesColor: terminal.supportsColor).render(explanations), terminator: "")
        }
    }

    private func readStandardInput() -> String {
        String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
}

extension Language: ExpressibleByArgument {}
