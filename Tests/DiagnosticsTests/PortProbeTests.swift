import Diagnostics
import Foundation
import PostamtTestSupport
import SMTPCore
import Testing

/// Probes of in-process servers, each set up one way, and the verdict drawn from them.
@Suite("diagnose against servers set up each way", .timeLimit(.minutes(2)))
struct PortProbeTests {
    /// Timeouts generous enough for a loaded CI machine; only the silent listener waits them out.
    static func settings(_ sink: TestSMTPSink?, host: String = "127.0.0.1", credentials: Credentials? = nil, replyTimeout: Duration = .seconds(15)) -> ProbeSettings {
        ProbeSettings(
            host: host, clientName: "client.example.test", connectTimeout: .seconds(15), replyTimeout: replyTimeout,
            trustedCertificates: sink.map { [$0.certificateAuthorityPEM] }, credentials: credentials
        )
    }

    static func render(_ diagnosis: Diagnosis, _ language: Language) -> String {
        DiagnosisRenderer(language: language, width: 400).render(diagnosis)
    }

    @Test("TLS from the first byte only: recommended as SSL/TLS, with its certificate trusted")
    func implicitTLSOnly() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.implicitTLS = true
        behaviour.requiresAuthentication = true
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let diagnosis = await Diagnoser.diagnose(ports: [sink.port], settings: Self.settings(sink, host: "localhost"))
        let report = try #require(diagnosis.ports.first)
        #expect(report.security == .implicitTLS)
        #expect(report.greeting?.code == 220)
        #expect(report.tlsVersion == "TLSv1.3")
        #expect(report.authenticationWithTLS == ["PLAIN", "LOGIN"])
        let certificate = try #require(report.certificate)
        #expect(certificate.chainTrusted && certificate.matchesHost && !certificate.isSelfSigned, "\(certificate)")
        #expect(certificate.alternativeNames.contains("localhost"))
        #expect(diagnosis.recommendation == Diagnosis.ClientSetting(host: "localhost", port: sink.port, security: .implicitTLS, requiresLogin: true))
        #expect(diagnosis.isHealthy)
        #expect(Self.render(diagnosis, .english).contains("Server localhost, port \(sink.port), SSL/TLS, normal password"))
        #expect(Self.render(diagnosis, .german).contains("Server localhost, Port \(sink.port), SSL/TLS, Passwort normal"))
    }

    @Test("STARTTLS only: extensions before and after TLS; AUTH only inside TLS; recommended as STARTTLS")
    func startTLSOnly() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.requiresAuthentication = true
        behaviour.maximumMessageSize = 1_000_000
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let diagnosis = await Diagnoser.diagnose(ports: [sink.port], settings: Self.settings(sink))
        let report = try #require(diagnosis.ports.first)
        #expect(report.security == .plaintext)
        #expect(report.startTLS == .succeeded)
        #expect(report.extensionsBeforeTLS?.contains("STARTTLS") == true)
        #expect(report.extensionsWithTLS?.contains("STARTTLS") == false)
        #expect(report.authenticationBeforeTLS.isEmpty, "AUTH is offered only after STARTTLS")
        #expect(report.authenticationWithTLS == ["PLAIN", "LOGIN"])
        #expect(report.sizeLimit == 1_000_000)
        #expect(diagnosis.recommendation?.security == .startTLS)
        #expect(diagnosis.isHealthy)
        #expect(Self.render(diagnosis, .english).contains("port \(sink.port), STARTTLS"))
    }

    @Test("plaintext only: no encryption is a problem and no setting is recommended")
    func plaintextOnly() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.offersSTARTTLS = false
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let diagnosis = await Diagnoser.diagnose(ports: [sink.port], settings: Self.settings(sink))
        #expect(diagnosis.ports.first?.security == .plaintext)
        #expect(diagnosis.ports.first?.startTLS == .notOffered)
        #expect(diagnosis.recommendation == nil)
        #expect(!diagnosis.isHealthy)
        #expect(diagnosis.findings.contains { $0.kind == .noEncryption && $0.side == .server })
        #expect(diagnosis.findings.contains { $0.kind == .noUsableSetting })
        #expect(Self.render(diagnosis, .english).contains("No encryption on this port"))
        #expect(Self.render(diagnosis, .german).contains("Keine Verschlüsselung auf diesem Port"))
    }

    @Test("AUTH required: the right password works, a wrong one is the client's problem, explained")
    func authentication() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.requiresAuthentication = true
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let good = Credentials(mechanism: .plain, username: TestSMTPSink.username, password: Array(TestSMTPSink.password.utf8))
        let working = await Diagnoser.diagnose(ports: [sink.port], settings: Self.settings(sink, credentials: good))
        #expect(working.ports.first?.authentication == .succeeded(mechanism: "PLAIN"))
        #expect(working.isHealthy)

        let bad = Credentials(mechanism: .plain, username: TestSMTPSink.username, password: Array("wrong".utf8))
        let failing = await Diagnoser.diagnose(ports: [sink.port], settings: Self.settings(sink, credentials: bad))
        guard case .failed(let reply)? = failing.ports.first?.authentication else { Issue.record("login did not fail"); return }
        #expect(reply.code == 535)
        #expect(failing.findings.contains { $0.kind == .authenticationFailed(reply: reply) && $0.side == .client })
        #expect(!failing.isHealthy)
        #expect(failing.recommendation?.port == sink.port, "the setting is right; the password is not")
        let english = Self.render(failing, .english)
        #expect(english.contains("The login failed: 535"))
        #expect(english.contains("Check the user name"))
        #expect(Self.render(failing, .german).contains("Die Anmeldung ist gescheitert: 535"))
    }

    @Test("451 4.3.0 to MAIL: the setting is right, the test message fails, and the reply is explained as temporary")
    func temporaryFailureAtMail() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.requiresAuthentication = true
        behaviour.refusesSenders = true
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let good = Credentials(mechanism: .plain, username: TestSMTPSink.username, password: Array(TestSMTPSink.password.utf8))
        let test = Diagnoser.TestMessageRequest(sender: "alice@example.test", recipient: "bob@example.test", content: Array("Subject: t\r\n\r\nx\r\n".utf8))
        let diagnosis = await Diagnoser.diagnose(ports: [sink.port], settings: Self.settings(sink, credentials: good), test: test)
        let message = try #require(diagnosis.testMessage)
        #expect(message.reply?.description.hasPrefix("451 4.3.0") == true, "\(message)")
        #expect(!message.isDelivered)
        #expect(message.transcript.contains { $0.hasPrefix("C: MAIL FROM:<alice@example.test>") })
        #expect(!diagnosis.isHealthy)
        let english = Self.render(diagnosis, .english)
        #expect(english.contains("The test message was not accepted: 451 4.3.0"))
        #expect(english.contains("server"), "the explanation names the server's side")
        #expect(Self.render(diagnosis, .german).contains("Die Testnachricht wurde nicht angenommen: 451 4.3.0"))
    }

    @Test("421 at connect: the refusal is the server's problem, explained")
    func refusedAtConnect() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.refusesConnections = true
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let diagnosis = await Diagnoser.diagnose(ports: [sink.port], settings: Self.settings(sink))
        let report = try #require(diagnosis.ports.first)
        #expect(report.greeting?.code == 421, "\(report)")
        #expect(diagnosis.findings.contains { if case .refusedAtConnect = $0.kind { $0.side == .server } else { false } })
        #expect(diagnosis.recommendation == nil)
        #expect(Self.render(diagnosis, .english).contains("The server refuses the session right at the start: 421"))
        #expect(Self.render(diagnosis, .german).contains("Der Server lehnt die Sitzung gleich zu Beginn ab: 421"))
    }

    @Test("a closed port is reported as closed, and the open one recommended")
    func closedPort() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.requiresAuthentication = true
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let reserved = try ReservedPort()
        let closed = reserved.port
        let diagnosis = await Diagnoser.diagnose(ports: [closed, sink.port], settings: Self.settings(sink))
        #expect(diagnosis.ports.first { $0.port == closed }?.reachability == .refused)
        _ = reserved
        #expect(diagnosis.recommendation?.port == sink.port)
        #expect(diagnosis.isHealthy, "a closed port is not a problem when another works")
        #expect(Self.render(diagnosis, .english).contains("closed"))
        #expect(Self.render(diagnosis, .german).contains("geschlossen"))
    }

    @Test("a listener that accepts and never greets: neither plaintext nor TLS, the server's problem")
    func neverGreets() async throws {
        let silent = try SilentListener()
        let diagnosis = await Diagnoser.diagnose(ports: [silent.port], settings: Self.settings(nil, replyTimeout: .seconds(2)))
        let report = try #require(diagnosis.ports.first)
        #expect(report.reachability == .open)
        #expect(report.security == .noGreeting)
        #expect(diagnosis.findings.contains { if case .noGreeting = $0.kind { $0.side == .server } else { false } })
        #expect(Self.render(diagnosis, .english).contains("no SMTP greeting comes"))
        #expect(Self.render(diagnosis, .german).contains("es kommt keine SMTP-Begrüßung"))
    }

    @Test("an expired certificate is named, with its date")
    func expiredCertificate() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.implicitTLS = true
        behaviour.requiresAuthentication = true
        behaviour.certificateExpired = true
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let diagnosis = await Diagnoser.diagnose(ports: [sink.port], settings: Self.settings(sink, host: "localhost"))
        let certificate = try #require(diagnosis.ports.first?.certificate)
        #expect(certificate.isExpired(at: Date()))
        #expect(!certificate.chainTrusted)
        #expect(diagnosis.findings.contains { if case .certificateExpired = $0.kind { $0.side == .server } else { false } })
        #expect(!diagnosis.isHealthy)
        #expect(Self.render(diagnosis, .english).contains("The certificate expired on"))
        #expect(Self.render(diagnosis, .german).contains("Das Zertifikat ist am"))
    }

    @Test("a certificate for another name: use one of its names, or get one for this name")
    func wrongNameCertificate() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.requiresAuthentication = true
        behaviour.certificateHostnames = ["mail.provider.example"]
        behaviour.certificateAddresses = []
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let diagnosis = await Diagnoser.diagnose(ports: [sink.port], settings: Self.settings(sink, host: "localhost"))
        let certificate = try #require(diagnosis.ports.first?.certificate)
        #expect(!certificate.matchesHost)
        #expect(certificate.chainTrusted)
        #expect(diagnosis.findings.contains { $0.kind == .certificateNameMismatch(names: ["mail.provider.example"]) && $0.side == .client })
        #expect(Self.render(diagnosis, .english).contains("The certificate is not for localhost but for: mail.provider.example"))
        #expect(Self.render(diagnosis, .german).contains("Das Zertifikat gilt nicht für localhost, sondern für: mail.provider.example"))
    }

    @Test("several ports at once: SSL/TLS is preferred over STARTTLS, and each port is in the table")
    func prefersImplicitTLS() async throws {
        var implicit = TestSMTPSink.Behaviour()
        implicit.implicitTLS = true
        implicit.requiresAuthentication = true
        var startTLS = TestSMTPSink.Behaviour()
        startTLS.requiresAuthentication = true
        let implicitSink = try await TestSMTPSink.start(implicit)
        let startTLSSink = try await TestSMTPSink.start(startTLS)
        defer { Task { await implicitSink.stop(); await startTLSSink.stop() } }
        // Both certificates come from different test CAs; trust both.
        var settings = Self.settings(implicitSink)
        settings.trustedCertificates = [implicitSink.certificateAuthorityPEM, startTLSSink.certificateAuthorityPEM]
        let diagnosis = await Diagnoser.diagnose(ports: [startTLSSink.port, implicitSink.port], settings: settings)
        #expect(diagnosis.recommendation?.port == implicitSink.port)
        #expect(diagnosis.recommendation?.security == .implicitTLS)
        let table = Self.render(diagnosis, .english)
        #expect(table.contains("\(startTLSSink.port)") && table.contains("STARTTLS (TLSv1.3)"))
        #expect(table.contains("SSL/TLS (TLSv1.3)"))
    }
}
