import Foundation
import Testing

@Suite("postamt explain, run as a program")
struct ExplainCommandTests {
    @Test("explains 451 4.3.0 in English by default")
    func english() async throws {
        let result = try await PostamtBinary.run(["explain", "451 4.3.0 Mail server temporarily rejected message"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Temporary failure"))
        #expect(result.standardOutput.contains("Other or undefined mail system status"))
        #expect(result.standardOutput.contains("587") && result.standardOutput.contains("465"))
        #expect(!result.standardOutput.contains("\u{1B}["), "no colour when not on a terminal")
    }

    @Test("German with --lang de and from LANG")
    func german() async throws {
        let flag = try await PostamtBinary.run(["explain", "--lang", "de", "4.3.0"])
        #expect(flag.status == 0)
        #expect(flag.standardOutput.contains("Vorübergehender Fehler"))
        let environment = try await PostamtBinary.run(["explain", "550"], environment: ["LANG": "de_DE.UTF-8"])
        #expect(environment.standardOutput.contains("Dauerhafter Fehler"))
    }

    @Test("several words are one reply; standard input takes a pasted multi-line reply")
    func inputs() async throws {
        let words = try await PostamtBinary.run(["explain", "550", "5.1.1", "User", "unknown"])
        #expect(words.standardOutput.hasPrefix("550 5.1.1 User unknown"))
        let pasted = try await PostamtBinary.run(["explain"], input: "421-4.7.0 Too many connections\r\n421 4.7.0 from your address\r\n")
        #expect(pasted.status == 0)
        #expect(pasted.standardOutput.contains("421 4.7.0"))
    }

    @Test("--json prints structured data")
    func json() async throws {
        let result = try await PostamtBinary.run(["explain", "--json", "Diagnostic-Code: smtp; 552 5.3.4 Message too big"])
        #expect(result.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]])
        let first = try #require(array.first)
        #expect((first["basicCode"] as? [String: Any])?["code"] as? Int == 552)
        #expect((first["enhancedCode"] as? [String: Any])?["code"] as? String == "5.3.4")
        #expect((first["outcome"] as? [String: Any])?["kind"] as? String == "permanent-failure")
        #expect(!((first["advice"] as? [String]) ?? []).isEmpty)
    }

    @Test("input that is not a reply exits with status 2 and says why", arguments: [["explain", "hello"], ["explain", "999"]])
    func notAReply(arguments: [String]) async throws {
        let result = try await PostamtBinary.run(arguments)
        #expect(result.status == 2)
        #expect(result.standardError.contains("not an SMTP reply"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test("an unknown language is a usage error")
    func badLanguage() async throws {
        let result = try await PostamtBinary.run(["explain", "--lang", "fr", "451"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("lang"))
    }
}
