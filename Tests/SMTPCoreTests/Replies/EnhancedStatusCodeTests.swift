import Foundation
import Testing

@testable import SMTPCore

@Suite("Enhanced status codes (RFC 3463)")
struct EnhancedStatusCodeTests {
    @Test("parses class.subject.detail as RFC 3463 §2 writes it", arguments: [
        ("4.3.0", EnhancedStatusCode(.persistentTransientFailure, 3, 0)),
        ("5.1.1", EnhancedStatusCode(.permanentFailure, 1, 1)),
        ("2.0.0", EnhancedStatusCode(.success, 0, 0)),
        ("5.7.30", EnhancedStatusCode(.permanentFailure, 7, 30)),
        ("5.999.999", EnhancedStatusCode(.permanentFailure, 999, 999)),
    ])
    func parses(text: String, expected: EnhancedStatusCode) {
        #expect(EnhancedStatusCode(text) == expected)
        #expect(expected.description == text)
    }

    @Test("rejects what RFC 3463 §2 does not allow", arguments: [
        "3.0.0", "1.0.0", "4.3", "4.3.0.1", "4..0", "4.03.0", "4.3.00", "4.1000.0", "x.3.0", "4.3.0 ", "", "44.3.0",
        ".3.0", "4.3.", "4.3.0.", "04.3.0", "+4.3.0", "4.-3.0", "4.3.0\u{0}", "\u{0664}.3.0", "4.\u{FF13}.0", "4.3.0000",
    ])
    func rejects(text: String) {
        #expect(EnhancedStatusCode(text) == nil)
    }

    @Test("every code reads back from its own text, and its octets are that text")
    func roundTrip() {
        for statusClass in [EnhancedStatusCode.StatusClass.success, .persistentTransientFailure, .permanentFailure] {
            for subject in [0, 1, 7, 9, 10, 99, 100, 999] {
                for detail in [0, 1, 9, 10, 30, 99, 100, 999] {
                    let code = EnhancedStatusCode(statusClass, subject, detail)
                    #expect(EnhancedStatusCode(code.description) == code)
                    var octets: [UInt8] = [0x3E]
                    code.write(into: &octets)
                    #expect(octets == [0x3E] + Array(code.description.utf8), "appended after what the buffer held")
                }
            }
        }
    }

    @Test("the project's table holds every row of the IANA registry, names and basic codes verbatim")
    func registryMatchesIANA() throws {
        let url = try #require(Bundle.module.url(forResource: "enhanced-status-codes", withExtension: "tsv", subdirectory: "Resources"))
        let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(rows.count == 81)
        #expect(EnhancedStatusCode.Registry.entries.count == rows.count)
        for row in rows {
            let parts = row[0].split(separator: ".")
            let entry = try #require(EnhancedStatusCode.Registry.entry(subject: Int(parts[1])!, detail: Int(parts[2])!), "missing \(row[0])")
            #expect(entry.key == row[0])
            #expect(entry.name == row[1], "name of \(row[0])")
            #expect(entry.associatedBasicCodes == row[2], "basic codes of \(row[0])")
            #expect(entry.reference == row[4], "reference of \(row[0])")
        }
    }

    @Test("every registered code has an English and a German explanation of its own")
    func explanationsPresent() {
        for entry in EnhancedStatusCode.Registry.entries {
            #expect(entry.explanation.english.count > 20, "\(entry.key)")
            #expect(entry.explanation.german.count > 20, "\(entry.key)")
            #expect(entry.explanation.english != entry.explanation.german, "\(entry.key)")
        }
        let uniqueEnglish = Set(EnhancedStatusCode.Registry.entries.map(\.explanation.english))
        #expect(uniqueEnglish.count == EnhancedStatusCode.Registry.entries.count)
    }

    @Test("the deprecated X.6.10 says what replaces it")
    func deprecatedCode() throws {
        let entry = try #require(EnhancedStatusCode.Registry.entry(subject: 6, detail: 10))
        #expect(entry.deprecation?.contains("X.6.8") == true)
    }

    @Test("citations read as document names")
    func citations() throws {
        #expect(EnhancedStatusCode.Registry.entry(subject: 3, detail: 0)?.citation == "RFC 3463")
        #expect(EnhancedStatusCode.Registry.entry(subject: 1, detail: 10)?.citation == "RFC 7505, RFC 7504")
    }

    @Test("class and subject meanings exist in both languages")
    func meanings() {
        for statusClass in EnhancedStatusCode.StatusClass.allCases {
            #expect(!statusClass.meaning.english.isEmpty && !statusClass.meaning.german.isEmpty)
        }
        for subject in EnhancedStatusCode.Subject.allCases {
            #expect(!subject.name[.german].isEmpty && !subject.meaning[.english].isEmpty)
        }
    }
}

@Suite("Reply codes (RFC 5321 §4.2)")
struct ReplyCodeTests {
    @Test("valid codes have a first digit 2–5 and a second digit 0–5")
    func validity() {
        #expect(ReplyCode(rawValue: 451)?.kind == .transientNegative)
        #expect(ReplyCode(rawValue: 250)?.kind == .positiveCompletion)
        #expect(ReplyCode(rawValue: 354)?.kind == .positiveIntermediate)
        #expect(ReplyCode(rawValue: 554)?.category == .mailSystem)
        #expect(ReplyCode(rawValue: 199) == nil)
        #expect(ReplyCode(rawValue: 600) == nil)
        #expect(ReplyCode(rawValue: 260) == nil)
    }
}
