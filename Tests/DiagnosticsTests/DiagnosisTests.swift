import Diagnostics
import Foundation
import SMTPCore
import Testing

/// The verdict drawn from port reports, without a network.
@Suite("Diagnosis: the verdict from port reports")
struct DiagnosisTests {
    static func submission(_ port: Int, security: PortReport.Security) -> PortReport {
        var report = PortReport(port: port, reachability: .open)
        report.security = security
        report.greeting = Reply(220, nil, "mail.example.com ESMTP")
        if security == .plaintext { report.startTLS = .succeeded }
        report.authenticationWithTLS = ["PLAIN", "LOGIN"]
        return report
    }

    @Test("a port that does not answer is the network's problem; with another port working, a warning")
    func filteredPort() {
        let filtered = PortReport(port: 587, reachability: .timedOut)
        let alone = Diagnosis(host: "mail.example.com", ports: [filtered])
        #expect(alone.findings.contains { $0.kind == .filtered && $0.side == .network && $0.severity == .problem })
        #expect(alone.recommendation == nil)
        let withOther = Diagnosis(host: "mail.example.com", ports: [filtered, Self.submission(465, security: .implicitTLS)])
        #expect(withOther.findings.contains { $0.kind == .filtered && $0.severity == .warning })
        #expect(withOther.recommendation?.port == 465)
        #expect(withOther.isHealthy)
        let text = DiagnosisRenderer(language: .english, width: 400).render(withOther)
        #expect(text.contains("a firewall drops the connection attempts"))
        #expect(DiagnosisRenderer(language: .german, width: 400).render(withOther).contains("Eine Firewall verwirft die Verbindungsversuche"))
    }

    @Test("port 25 is recommended only when nothing else works, with a warning that networks block it")
    func portTwentyFive() {
        let only25 = Diagnosis(host: "mail.example.com", ports: [Self.submission(25, security: .plaintext)])
        #expect(only25.recommendation?.port == 25)
        #expect(only25.findings.contains { $0.kind == .serverToServerPort && $0.severity == .warning })
        let both = Diagnosis(host: "mail.example.com", ports: [Self.submission(25, security: .plaintext), Self.submission(587, security: .plaintext)])
        #expect(both.recommendation?.port == 587)
    }

    @Test("a login offered only without TLS is a problem and the port is not recommended")
    func plaintextLogin() {
        var report = PortReport(port: 587, reachability: .open)
        report.security = .plaintext
        report.greeting = Reply(220, nil, "mail.example.com")
        report.startTLS = .notOffered
        report.authenticationBeforeTLS = ["PLAIN"]
        let diagnosis = Diagnosis(host: "mail.example.com", ports: [report])
        #expect(diagnosis.findings.contains { $0.kind == .authenticationOnlyWithoutTLS && $0.severity == .problem })
        #expect(diagnosis.recommendation == nil)
    }

    @Test("a refused login: 535 is the user's name or password, 454 the server's problem")
    func loginFailureSides() {
        var wrongPassword = Self.submission(465, security: .implicitTLS)
        wrongPassword.authentication = .failed(reply: Reply(535, EnhancedStatusCode(.permanentFailure, 7, 8), "Authentication credentials invalid"))
        let client = Diagnosis(host: "mail.example.com", ports: [wrongPassword])
        #expect(client.findings.contains { if case .authenticationFailed = $0.kind { $0.side == .client } else { false } })
        var serverTrouble = Self.submission(465, security: .implicitTLS)
        serverTrouble.authentication = .failed(reply: Reply(454, EnhancedStatusCode(.persistentTransientFailure, 7, 0), "Temporary authentication failure"))
        let server = Diagnosis(host: "mail.example.com", ports: [serverTrouble])
        #expect(server.findings.contains { if case .authenticationFailed = $0.kind { $0.side == .server } else { false } })
        #expect(DiagnosisRenderer(language: .english, width: 400).render(server).contains("not your password"))
        #expect(DiagnosisRenderer(language: .german, width: 400).render(server).contains("nicht an Ihrem Passwort"))
    }

    @Test("JSON carries the ports, the recommendation and the findings")
    func json() throws {
        let diagnosis = Diagnosis(host: "mail.example.com", ports: [Self.submission(465, security: .implicitTLS), PortReport(port: 587, reachability: .refused)])
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(diagnosis)) as? [String: Any])
        let recommendation = try #require(object["recommendation"] as? [String: Any])
        #expect(recommendation["port"] as? Int == 465)
        #expect(recommendation["security"] as? String == "ssl-tls")
        let ports = try #require(object["ports"] as? [[String: Any]])
        #expect(ports.count == 2)
        #expect((ports[0]["greeting"] as? [String: Any])?["code"] as? Int == 220)
        #expect(ports[0]["security"] as? String == "implicit-tls")
    }
}
