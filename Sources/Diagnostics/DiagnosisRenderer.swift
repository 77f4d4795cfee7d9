import Explain
import Foundation
import SMTPCore

/// A ``Diagnosis`` as text for a terminal: a table of the ports, the certificates, what was
/// found (each reply explained as `postamt explain` does), and the setting to use.
public struct DiagnosisRenderer: Sendable {
    public var language: Language
    public var usesColor: Bool
    public var width: Int
    /// Whether to print the SMTP dialogue of every probe.
    public var showsTranscripts: Bool

    public init(language: Language, usesColor: Bool = false, width: Int = 80, showsTranscripts: Bool = false) {
        self.language = language
        self.usesColor = usesColor
        self.width = width
        self.showsTranscripts = showsTranscripts
    }

    public func render(_ diagnosis: Diagnosis) -> String {
        typealias S = DiagnosisStrings
        var out = bold(S.title(diagnosis.host)[language]) + "\n\n"
        out += table(diagnosis)
        for report in diagnosis.ports {
            guard let certificate = report.certificate else { continue }
            out += "\n" + bold(S.certificateHeading(report.port)[language]) + "\n"
            out += "  \(S.certificateLabels.names[language]): \(certificate.alternativeNames.joined(separator: ", "))\n"
            out += "  \(S.certificateLabels.issuer[language]): \(certificate.issuer)\n"
            out += "  \(S.certificateLabels.validity[language]): \(S.validity(day(certificate.notValidBefore), day(certificate.notValidAfter))[language])\n"
            let fine = certificate.chainTrusted && certificate.matchesHost && !certificate.isExpired(at: diagnosis.date)
            out += "  \(S.certificateLabels.verdict[language]): " + (fine ? green("✓ " + S.certificateFine[language]) : red("✗ " + problems(of: certificate, diagnosis))) + "\n"
        }
        let shown = diagnosis.findings.filter { $0.kind != .refused || diagnosis.recommendation == nil }
        if !shown.isEmpty {
            out += "\n" + bold(S.findingsHeading[language]) + "\n"
            let explainer = ReplyExplainer(language: language)
            for finding in shown {
                let mark = switch finding.severity {
                case .problem: red("✗")
                case .warning: yellow("!")
                case .note: green("·")
                }
                var sentence = S.finding(finding.kind, host: diagnosis.host, date: day)[language]
                if let side = S.side(finding.side), finding.severity != .note {
                    sentence += " [\(side[language])]"
                }
                let label = finding.port.map { "Port \($0): " } ?? ""
                out += TextWrapping.wrap(label + sentence, width: width, indent: "  \(mark) ", continuation: "    ") + "\n"
                if let reply = Self.reply(of: finding.kind) {
                    let explanation = explainer.explain(reply)
                    let advice = [explanation.fault.summary] + explanation.advice.prefix(1)
                    for line in advice where !line.isEmpty {
                        out += TextWrapping.wrap(line, width: width, indent: "      ", continuation: "      ") + "\n"
                    }
                }
            }
        }
        out += "\n"
        if let setting = diagnosis.recommendation {
            out += bold(S.settingHeading[language] + ":") + "\n"
            out += TextWrapping.wrap(green(S.setting(setting)[language]), width: width + (usesColor ? 9 : 0), indent: "  ", continuation: "  ") + "\n"
        } else {
            out += red(bold(S.noSettingHeading[language])) + "\n"
        }
        if let test = diagnosis.testMessage {
            out += "\n" + bold(S.transcriptHeading[language] + " → \(test.recipient) (port \(test.port))") + "\n"
            out += test.transcript.map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        if showsTranscripts {
            for report in diagnosis.ports where !report.transcript.isEmpty {
                out += "\n" + bold("Port \(report.port)") + "\n" + report.transcript.map { "  " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        return out
    }

    private func table(_ diagnosis: Diagnosis) -> String {
        typealias S = DiagnosisStrings
        var rows: [[String]] = [[
            S.columns.port[language], S.columns.connection[language], S.columns.security[language],
            S.columns.login[language], S.columns.greeting[language],
        ]]
        for report in diagnosis.ports {
            var login = ""
            if report.reachability == .open, report.security != .noGreeting {
                let mechanisms = report.isEncrypted ? report.authenticationWithTLS : report.authenticationBeforeTLS
                login = mechanisms.isEmpty ? S.noLogin[language] : mechanisms.joined(separator: " ")
                switch report.authentication {
                case .succeeded?: login += " (" + S.loginWorked[language] + ")"
                case .failed?: login += " (" + S.loginFailed[language] + ")"
                default: break
                }
            }
            let greeting = (report.greeting?.lines.first).map { "\(report.greeting!.code.rawValue) \($0)" } ?? ""
            rows.append([String(report.port), S.reachability(report.reachability)[language], S.security(report)[language], login, greeting])
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.enumerated().map { index, row in
            let cells = (0..<4).map { row[$0].padding(toLength: widths[$0] + 2, withPad: " ", startingAt: 0) }.joined()
            let line = String((cells + row[4]).prefix(max(width, 40)))
            return index == 0 ? bold(line) : line
        }.joined(separator: "\n") + "\n"
    }

    private func problems(of certificate: CertificateReport, _ diagnosis: Diagnosis) -> String {
        var problems: [String] = []
        if certificate.isExpired(at: diagnosis.date) {
            problems.append(language == .german ? "abgelaufen" : "expired")
        }
        if !certificate.matchesHost {
            problems.append(language == .german ? "nicht für \(diagnosis.host)" : "not for \(diagnosis.host)")
        }
        if certificate.isSelfSigned {
            problems.append(language == .german ? "selbst signiert" : "self-signed")
        } else if !certificate.chainTrusted, let problem = certificate.chainProblem, problem != "expired" {
            problems.append(language == .german ? "nicht vertrauenswürdig" : problem)
        }
        return problems.joined(separator: ", ")
    }

    private static func reply(of kind: Diagnosis.Finding.Kind) -> Reply? {
        switch kind {
        case .refusedAtConnect(let reply), .helloRefused(let reply), .startTLSRefused(let reply), .authenticationFailed(let reply):
            return reply
        case .testMessageFailed(let reply, _):
            return reply
        default:
            return nil
        }
    }

    private func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    private func bold(_ text: String) -> String { usesColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    private func red(_ text: String) -> String { usesColor ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
    private func green(_ text: String) -> String { usesColor ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
    private func yellow(_ text: String) -> String { usesColor ? "\u{1B}[33m\(text)\u{1B}[0m" : text }
}
