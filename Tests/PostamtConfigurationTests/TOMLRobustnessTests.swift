import Foundation
import PostamtTestSupport
import Testing

@testable import PostamtConfiguration

@Suite("TOML subset: damaged files never crash and errors stay on real lines")
struct TOMLRobustnessTests {
    /// Ways a person damages a line while editing.
    static let damages: [(String, @Sendable (String) -> String)] = [
        ("last character removed", { String($0.dropLast()) }),
        ("quote inserted", { $0.isEmpty ? "\"" : String($0.prefix($0.count / 2)) + "\"" + String($0.dropFirst($0.count / 2)) }),
        ("bracket at the start", { "[" + $0 }),
        ("bracket at the end", { $0 + "[" }),
        ("equals sign removed", { $0.replacingOccurrences(of: "=", with: " ") }),
        ("backslash appended inside", { $0.replacingOccurrences(of: "\"", with: "\\\"") }),
    ]

    @Test("every line of the example, damaged in each way: errors name lines that exist", arguments: 0..<damages.count)
    func damagedExample(damage: Int) throws {
        let text = try String(contentsOfFile: repositoryFile("postamt.example.toml"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in lines.indices {
            var damaged = lines
            damaged[index] = Self.damages[damage].1(lines[index])
            let result = load(damaged.joined(separator: "\n"))
            if case .failure(let errors) = result {
                for error in errors.errors {
                    #expect((1...lines.count).contains(error.line ?? 0), "line \(index + 1), \(Self.damages[damage].0): \(error)")
                }
            }
        }
    }

    @Test("arbitrary bytes: the parser always finishes", arguments: [
        "[", "]", "[[", "]]", "\"", "'", "=", "==", "[=]", "a=[", "a=[[", "a=[,]", "a=[\n", "\r", "\r\n\r", "\\", "#",
        "a = [\n[b]\n", "a = [\n  b = 1\n]", "[a.]", "[.a]", "[a..b]", "a = \"\\u", "a = \"\\U0011FFFF\"", "a = -", "a = +",
        "a = _1", "a = 1_", "\u{FEFF}", "[\"a\"", "[[a]]]", "a = [\"x\" # comment\n]", "a = ['x',\n# c\n,]",
    ])
    func arbitrary(text: String) {
        let document = parse(text)
        // Counted in bytes: to Swift, "\r\n" is one Character and would not split.
        let lineCount = text.utf8.filter { $0 == 0x0A }.count + 1
        for error in document.errors {
            #expect((1...max(1, lineCount)).contains(error.line), "\(error)")
        }
    }
}
