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
            out += "  \(S.certificateLabels.verdict[language]): " + (fine ? green("✓ " + S.certificateFine[language]) : red("✗ " + problems(of: certificate, host: diagnosis.host, date: diagnosis.date))) + "\n"
        }
        let shown = diagnosis.findings.filter { $0.kind != .refused || diagnosis.recommendation == nil }
        out += findings(shown, host: diagnosis.host, labelsPorts: true)
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

    /// The report of `diagnose --domain`.
    public func render(_ report: DomainReport) -> String {
        let german = language == .german
        var out = bold(german ? "Domain \(report.domain): Mail-Einträge" : "Domain \(report.domain): mail records") + "\n\n"
        out += bold("MX") + "\n"
        switch report.mxState {
        case .nullMX: out += german ? "  Null-MX: nimmt keine Mail an\n" : "  null MX: takes no mail\n"
        case .missing: out += german ? "  die Domain existiert nicht\n" : "  the domain does not exist\n"
        case .lookupFailed: out += german ? "  DNS-Abfrage gescheitert\n" : "  DNS lookup failed\n"
        case .implicit: out += german ? "  keine MX-Einträge; die Adresse der Domain selbst:\n" : "  no MX records; the domain's own address:\n"
        case .records: break
        }
        for host in report.mxHosts {
            var line = "  \(host.preference) \(host.host) [\(host.addresses.joined(separator: ", "))]"
            if let smtp = host.smtp {
                line += " port \(smtp.port): " + DiagnosisStrings.reachability(smtp.reachability)[language]
                if smtp.reachability == .open { line += ", " + DiagnosisStrings.security(smtp)[language] }
                if let certificate = smtp.certificate {
                    let fine = certificate.chainTrusted && certificate.matchesHost && !certificate.isExpired(at: Date())
                    line += fine ? (german ? ", Zertifikat gültig" : ", certificate valid") : ", " + problems(of: certificate, host: host.host, date: Date())
                }
            } else if let error = host.lookupError {
                line += ": \(error)"
            }
            out += line + "\n"
        }
        func list(_ title: String, _ values: [String]) {
            out += "\n" + bold(title) + "\n" + (values.isEmpty ? (german ? "  keiner\n" : "  none\n") : values.map { "  \($0)\n" }.joined())
        }
        list("SPF", report.spf)
        list("DMARC (_dmarc.\(report.domain))", report.dmarc)
        list("SRV (RFC 6186/8314)", report.services.map { "\($0.name).\(report.domain) → \($0.target):\($0.port)" })
        out += "\n" + bold(german ? "Automatische Einrichtung" : "Client autoconfiguration") + "\n"
        for entry in report.autoconfiguration {
            let state = entry.isValid ? green("✓") : entry.status.map { "HTTP \($0)" } ?? (entry.error ?? "—")
            out += "  \(entry.url): \(state)\n"
        }
        out += findings(report.findings, host: report.domain, labelsPorts: false)
        return out
    }

    /// The findings, each with a mark for its severity and whose side it is on; a reply in a
    /// finding is explained as `postamt explain` does (whose fault, and the first advice).
    private func findings(_ findings: [Diagnosis.Finding], host: String, labelsPorts: Bool) -> String {
        guard !findings.isEmpty else { return "" }
        var out = "\n" + bold(DiagnosisStrings.findingsHeading[language]) + "\n"
        let explainer = ReplyExplainer(language: language)
        for finding in findings {
            let mark = switch finding.severity {
            case .problem: red("✗")
            case .warning: yellow("!")
            case .note: green("·")
            }
            var sentence = DiagnosisStrings.finding(finding.kind, host: host, date: day)[language]
            if let side = DiagnosisStrings.side(finding.side), finding.severity != .note { sentence += " [\(side[language])]" }
            let label = labelsPorts ? finding.port.map { "Port \($0): " } ?? "" : ""
            out += TextWrapping.wrap(label + sentence, width: width, indent: "  \(mark) ", continuation: "    ") + "\n"
            if let reply = Self.reply(of: finding.kind) {
                let explanation = explainer.explain(reply)
                for line in [explanation.fault.summary] + explanation.advice.prefix(1) where !line.isEmpty {
                    out += TextWrapping.wrap(line, width: width, indent: "      ", continuation: "      ") + "\n"
                }
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

    private func problems(of certificate: CertificateReport, host: String, date: Date) -> String {
        var problems: [String] = []
        if certificate.isExpired(at: date) {
            problems.append(language == .german ? "abgelaufen" : "expired")
        }
        if !certificate.matchesHost {
            problems.append(language == .german ? "nicht für \(host)" : "not for \(host)")
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
