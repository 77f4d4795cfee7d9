import Foundation
import Testing

@testable import Explain
@testable import SMTPCore

@Suite("Explaining replies")
struct ReplyExplainerTests {
    private func explain(_ text: String, _ language: Language = .english) throws -> ReplyExplanation {
        try #require(try ReplyExplainer(language: language).explain(text).first)
    }

    @Test("451 4.3.0: temporary, the server's side, not lost if retried, and the port settings to check")
    func fourFiveOne() throws {
        let english = try explain("451 4.3.0 Mail server temporarily rejected message")
        #expect(english.outcome.kind == .temporaryFailure)
        #expect(english.fault.party == .receivingServer)
        #expect(english.basicCode?.code == 451)
        #expect(english.enhancedCode?.registryName == "Other or undefined mail system status")
        #expect(english.enhancedCode?.subjectName == "Mail system status")
        #expect(english.outcome.consequence.contains("30 minutes"))
        let advice = english.advice.joined(separator: " ")
        #expect(advice.contains("587") && advice.contains("STARTTLS") && advice.contains("465"))
        #expect((english.cause ?? "").contains("not lost"))

        let german = try explain("451 4.3.0 Mail server temporarily rejected message", .german)
        #expect(german.outcome.kind == .temporaryFailure)
        #expect(german.outcome.summary.hasPrefix("Vorübergehender Fehler"))
        let germanAdvice = german.advice.joined(separator: " ")
        #expect(germanAdvice.contains("587") && germanAdvice.contains("465"))
        #expect(german.advice != english.advice)
    }

    @Test("permanent replies are permanent, temporary ones temporary, whatever the text says", arguments: [
        ("550 5.1.1 User unknown", ReplyExplanation.Outcome.Kind.permanentFailure, Fault.recipient),
        ("535 5.7.8 Authentication credentials invalid", .permanentFailure, .sender),
        ("530 5.7.0 Authentication required", .permanentFailure, .sendingClient),
        ("538 5.7.11 Encryption required", .permanentFailure, .sendingClient),
        ("452 4.5.3 Too many recipients", .temporaryFailure, .sender),
        ("250 2.0.0 Ok: queued as ABC", .success, .nobody),
        ("354 End data with <CR><LF>.<CR><LF>", .intermediate, .nobody),
    ])
    func outcomes(text: String, kind: ReplyExplanation.Outcome.Kind, fault: Fault) throws {
        let explanation = try explain(text)
        #expect(explanation.outcome.kind == kind)
        #expect(explanation.fault.party == fault, "\(text)")
    }

    @Test("every common failure code has specific advice in both languages", arguments: [
        421, 450, 451, 452, 454, 500, 501, 502, 503, 504, 530, 535, 538, 550, 551, 552, 553, 554, 555, 556,
    ])
    func commonCodes(code: Int) throws {
        let advice = try #require(ReplyAdvice.bestMatch(basicCode: code, enhancedCode: nil), "no advice for \(code)")
        #expect(!advice.steps.isEmpty)
        for step in advice.steps {
            #expect(!step.english.isEmpty && !step.german.isEmpty && step.english != step.german)
        }
        #expect(BasicReplyCodeMeanings.meaning(of: code) != nil)
    }

    @Test("common code pairs get advice written for that pair", arguments: [
        "421 4.7.0", "421 4.4.2", "450 4.2.1", "451 4.3.0", "451 4.7.1", "452 4.5.3", "452 4.3.1", "452 4.2.2", "454 4.7.0",
        "501 5.5.4", "501 5.1.7", "501 5.1.3", "503 5.5.1", "504 5.5.4", "530 5.7.0", "535 5.7.8", "538 5.7.11",
        "550 5.1.1", "550 5.7.1", "551 5.1.6", "552 5.3.4", "552 5.2.2", "553 5.1.7", "554 5.7.1", "555 5.5.4", "556 5.1.10",
    ])
    func commonPairs(text: String) throws {
        let reply = try #require(try ReplyParser.parseAll(text).first)
        let advice = try #require(ReplyAdvice.bestMatch(basicCode: reply.code.rawValue, enhancedCode: reply.enhancedCode))
        #expect(advice.enhanced == ReplyAdvice.Detail(reply.enhancedCode!.subject, reply.enhancedCode!.detail), "\(text)")
    }

    @Test("an enhanced code alone is explained from the registry")
    func enhancedOnly() throws {
        let explanation = try explain("5.7.1")
        #expect(explanation.basicCode == nil)
        #expect(explanation.outcome.kind == .permanentFailure)
        #expect(explanation.enhancedCode?.registryName == "Delivery not authorized, message refused")
        #expect(explanation.enhancedCode?.reference == "RFC 3463")
    }

    @Test("a basic code alone is explained without an enhanced part")
    func basicOnly() throws {
        let explanation = try explain("554")
        #expect(explanation.enhancedCode == nil)
        #expect(explanation.basicCode?.isStandard == true)
    }

    @Test("odd replies carry warnings: class mismatch, unregistered code, non-standard basic code")
    func warnings() throws {
        let mismatch = try explain("550 4.7.1 greylisted")
        #expect(mismatch.warnings.contains { $0.contains("RFC 3463") })
        #expect(mismatch.outcome.kind == .permanentFailure)
        let unregistered = try explain("451 4.9.9 something")
        #expect(unregistered.enhancedCode?.registryName == nil)
        #expect(unregistered.warnings.count == 1)
        let odd = try explain("259 strange")
        #expect(odd.basicCode?.isStandard == false)
        #expect(!(odd.basicCode?.meaning.isEmpty ?? true))
    }

    @Test("JSON output decodes back to the same explanation")
    func json() throws {
        let explanation = try explain("550 5.1.1 User unknown", .german)
        let data = try JSONEncoder().encode(explanation)
        #expect(try JSONDecoder().decode(ReplyExplanation.self, from: data) == explanation)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((object["outcome"] as? [String: Any])?["kind"] as? String == "permanent-failure")
        #expect(object["language"] as? String == "de")
    }

    @Test("the language follows POSIX locale variables")
    func languageFromEnvironment() {
        #expect(Language.fromLocaleEnvironment(["LANG": "de_DE.UTF-8"]) == .german)
        #expect(Language.fromLocaleEnvironment(["LANG": "de_DE.UTF-8", "LC_ALL": "en_US.UTF-8"]) == .english)
        #expect(Language.fromLocaleEnvironment(["LC_MESSAGES": "de_AT"]) == .german)
        #expect(Language.fromLocaleEnvironment(["LANG": "C"]) == .english)
        #expect(Language.fromLocaleEnvironment([:]) == .english)
    }

    @Test("text output labels its sections in the chosen language and wraps to the width")
    func rendering() throws {
        let german = TextRenderer(width: 60).render([try explain("451 4.3.0 Try later", .german)])
        #expect(german.contains("Was zu tun ist:"))
        #expect(german.contains("Erweiterter Code:"))
        #expect(german.split(separator: "\n").allSatisfy { $0.count <= 60 })
        let english = TextRenderer(width: 80, usesColor: true).render([try explain("451 4.3.0 Try later")])
        #expect(english.contains("\u{1B}[33m"))
    }
}
