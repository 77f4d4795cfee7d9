import DNS
import Diagnostics
import Foundation
import PostamtTestSupport
import SMTPCore
import Testing

/// `diagnose --domain` against a real dnsmasq, the test SMTP server as MX host and Python's
/// http.server publishing a Mozilla autoconfig file.
@Suite("diagnose --domain: MX, SPF, DMARC, SRV and autoconfiguration", .serialized, .enabled(if: Dnsmasq.isAvailable), .timeLimit(.minutes(2)))
struct DomainCheckTests {
    /// Bound and never listened on: HTTPS (and HTTP where no server runs) is refused.
    static let closed = try! ReservedPort()

    static func settings(smtpPort: Int, httpPort: Int = closed.port, trusted: [String]?) -> DomainCheck.Settings {
        DomainCheck.Settings(
            probe: ProbeSettings(host: "", clientName: "client.example.test", connectTimeout: .seconds(15), replyTimeout: .seconds(15), trustedCertificates: trusted),
            smtpPort: smtpPort, httpPort: httpPort, httpsPort: closed.port
        )
    }

    @Test("a well set-up domain: MX with STARTTLS and a valid certificate, SPF, DMARC, SRV, autoconfig")
    func goodDomain() async throws {
        let sink = try await TestSMTPSink.start(hostname: "mx.good.test")
        defer { Task { await sink.stop() } }
        let web = FileManager.default.temporaryDirectory.appendingPathComponent("postamt-autoconfig-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: web.appendingPathComponent("mail"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: web) }
        try "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\"><emailProvider id=\"good.test\"/></clientConfig>\n"
            .write(to: web.appendingPathComponent("mail/config-v1.1.xml"), atomically: true, encoding: .utf8)
        let httpPort = try freeLoopbackPort()
        let http = try ChildProcess("/usr/bin/python3", ["-m", "http.server", "\(httpPort)", "--bind", "127.0.0.1", "--directory", web.path], stderr: "/dev/null")
        defer { http.stop() }
        let dnsmasq = try Dnsmasq(extraRecords: [
            "--mx-host=good.test,mx.good.test,10", "--host-record=mx.good.test,127.0.0.1",
            "--txt-record=good.test,v=spf1 mx -all", "--txt-record=_dmarc.good.test,v=DMARC1; p=quarantine",
            "--srv-host=_submissions._tcp.good.test,mail.good.test,465,0,1",
            "--host-record=autoconfig.good.test,127.0.0.1",
        ])
        defer { dnsmasq.stop() }
        let resolver = try UnboundResolver(configuration: .init(upstream: .forwarders([dnsmasq.forwarder]), queryTimeout: .seconds(3)))
        var report: DomainReport?
        for _ in 0..<50 {
            report = await DomainCheck.check(domain: "good.test", resolver: resolver, settings: Self.settings(smtpPort: sink.port, httpPort: httpPort, trusted: [sink.certificateAuthorityPEM]))
            if report?.autoconfiguration.contains(where: \.isValid) == true { break }
            try await Task.sleep(for: .milliseconds(100))  // http.server may still be starting
        }
        let checked = try #require(report)
        #expect(checked.mxState == .records)
        let mx = try #require(checked.mxHosts.first)
        #expect(mx.host == "mx.good.test" && mx.preference == 10 && mx.addresses == ["127.0.0.1"])
        #expect(mx.smtp?.startTLS == .succeeded)
        #expect(mx.smtp?.certificate?.matchesHost == true, "checked against the MX name")
        #expect(checked.spf == ["v=spf1 mx -all"])
        #expect(checked.dmarc == ["v=DMARC1; p=quarantine"])
        #expect(checked.services.map { "\($0.name) \($0.target):\($0.port)" } == ["_submissions._tcp mail.good.test:465"])
        #expect(checked.autoconfiguration.contains { $0.url == "http://autoconfig.good.test/mail/config-v1.1.xml?emailaddress=test%40good.test" && $0.isValid })
        #expect(checked.isHealthy, "\(checked.findings)")
        let text = DiagnosisRenderer(language: .english, width: 400).render(checked)
        #expect(text.contains("10 mx.good.test [127.0.0.1] port \(sink.port): open, STARTTLS (TLSv1.3), certificate valid"))
        #expect(text.contains("_submissions._tcp.good.test → mail.good.test:465"))
    }

    @Test("a badly set-up domain: an MX without STARTTLS, two SPF records, no DMARC, nothing for clients")
    func badDomain() async throws {
        var plaintext = TestSMTPSink.Behaviour()
        plaintext.offersSTARTTLS = false
        let sink = try await TestSMTPSink.start(plaintext, hostname: "mx.bad.test")
        defer { Task { await sink.stop() } }
        let dnsmasq = try Dnsmasq(extraRecords: [
            "--mx-host=bad.test,mx.bad.test,10", "--host-record=mx.bad.test,127.0.0.1",
            "--txt-record=bad.test,v=spf1 a -all", "--txt-record=bad.test,v=spf1 mx ~all",
        ])
        defer { dnsmasq.stop() }
        let resolver = try UnboundResolver(configuration: .init(upstream: .forwarders([dnsmasq.forwarder]), queryTimeout: .seconds(3)))
        let report = await DomainCheck.check(domain: "bad.test", resolver: resolver, settings: Self.settings(smtpPort: sink.port, trusted: nil))
        let kinds = report.findings.map(\.kind)
        #expect(kinds.contains(.mxHostWithoutTLS(host: "mx.bad.test")))
        #expect(kinds.contains(.multipleSPF))
        #expect(kinds.contains(.noDMARC))
        #expect(kinds.contains(.noSubmissionSRV))
        #expect(kinds.contains(.noAutoconfiguration))
        #expect(!report.isHealthy)
        let german = DiagnosisRenderer(language: .german, width: 400).render(report)
        #expect(german.contains("Mehr als ein SPF-Eintrag"))
        #expect(german.contains("Mail an diese Domain geht unverschlüsselt"))
    }

    @Test("a null MX and a domain that does not exist")
    func nullMXAndMissing() async throws {
        let dnsmasq = try Dnsmasq()
        defer { dnsmasq.stop() }
        let resolver = try UnboundResolver(configuration: .init(upstream: .forwarders([dnsmasq.forwarder]), queryTimeout: .seconds(3)))
        let settings = Self.settings(smtpPort: Self.closed.port, trusted: nil)
        let null = await DomainCheck.check(domain: "nullmx.test", resolver: resolver, settings: settings)
        #expect(null.mxState == .nullMX)
        #expect(null.findings.map(\.kind) == [.domainAcceptsNoMail])
        let missing = await DomainCheck.check(domain: "nxdomain.test", resolver: resolver, settings: settings)
        #expect(missing.mxState == .missing)
        #expect(!missing.isHealthy)
    }
}
