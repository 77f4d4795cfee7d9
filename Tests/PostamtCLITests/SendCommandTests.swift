import Foundation
import PostamtTestSupport
import Testing

/// `postamt send`, `postamt sendmail` and `postamt diagnose` run as programs against a real
/// `postamt serve` and the in-repo test server.
@Suite("postamt send, sendmail and diagnose, run as programs", .serialized)
struct SendCommandTests {
    /// A running `postamt serve` with a certificate from a test CA, users alice and bob.
    final class RunningServer {
        let directory: URL
        private(set) var process = Process()
        private(set) var mx = 0
        private(set) var submission = 0
        private(set) var submissions = 0
        let caFile: String
        let configFile: String
        private let certificate: String
        private let key: String

        init() async throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("postamt-send-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let tls = try TestTLS(hostnames: ["localhost"])
            certificate = directory.appendingPathComponent("certificate.pem").path
            key = directory.appendingPathComponent("key.pem").path
            caFile = directory.appendingPathComponent("ca.pem").path
            try tls.certificatePEM.write(toFile: certificate, atomically: true, encoding: .utf8)
            try tls.privateKeyPEM.write(toFile: key, atomically: true, encoding: .utf8)
            try tls.authorityPEM.write(toFile: caFile, atomically: true, encoding: .utf8)
            configFile = directory.appendingPathComponent("postamt.toml").path
            try writeConfiguration()
            for user in ["alice@example.test", "bob@example.test"] {
                let added = try await PostamtBinary.run(["user", "add", "--config", configFile, "--password-stdin", user], input: "secret-\(user)\n")
                #expect(added.status == 0, "\(added.standardError)")
            }
            try await start()
        }

        /// Starts `postamt serve` with the configuration and waits until it listens on every
        /// port. A free port may be taken by another test before the server binds it; then
        /// the server exits at once and starts again on other ports.
        func start() async throws {
            for launch in 1...3 {
                process = Process()
                process.executableURL = PostamtBinary.url
                process.arguments = ["serve", "--admin", "off", "--config", configFile]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                let deadline = ContinuousClock.now + .seconds(120)
                // Every listener: they are bound one after another, port 465 last.
                let listening = { [mx, submission, submissions] in
                    [mx, submission, submissions].allSatisfy { canConnect(port: $0) }
                }
                while !listening(), ContinuousClock.now < deadline,
                    !ProcessExit.wait(process.processIdentifier, timeout: .zero)
                {
                    try await Task.sleep(for: .milliseconds(50))
                }
                if listening() { return }
                guard launch < 3, ContinuousClock.now < deadline else { break }
                try writeConfiguration()
            }
            Issue.record("postamt serve did not listen on all its ports")
        }

        /// Starts the server again after it was stopped, on fresh ports: another test may
        /// be listening on the old ones by now, and would pass for this server.
        func restart() async throws {
            try writeConfiguration()
            try await start()
        }

        /// The configuration, with fresh free ports for the listeners.
        private func writeConfiguration() throws {
            let ports = ServeCommandTests.freePorts(3)
            (mx, submission, submissions) = (ports[0], ports[1], ports[2])
            try """
                hostname = "mail.example.test"
                data_directory = "\(directory.appendingPathComponent("data").path)"
                local_domains = ["example.test"]

                [tls]
                certificate = "\(certificate)"
                private_key = "\(key)"

                [[listener]]
                role = "mx"
                address = "127.0.0.1:\(mx)"
                [[listener]]
                role = "submission"
                address = "127.0.0.1:\(submission)"
                [[listener]]
                role = "submissions"
                address = "127.0.0.1:\(submissions)"

                [aliases]
                "root@example.test" = "alice@example.test"
                """.write(toFile: configFile, atomically: true, encoding: .utf8)
        }

        func stop() {
            ProcessExit.stop(process.processIdentifier)
            try? FileManager.default.removeItem(at: directory)
        }

        /// The mailbox's messages once there are `count`; the server picks up mail that
        /// sendmail queued at its next queue scan (every 5 seconds), later on a busy machine.
        func mail(_ localPart: String, count: Int = 1, timeout: Duration = .seconds(60)) async -> [Data] {
            let folder = directory.appendingPathComponent("data/mail/example.test/\(localPart)/new")
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
                if names.count >= count { return names.compactMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) } }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return []
        }
    }

    /// The message as it was handed over: the stored file without the trace fields Postamt
    /// adds in front (Return-Path, Delivered-To, Received with its continuation lines).
    static func withoutTrace(_ stored: Data) -> Data {
        var lines = String(decoding: stored, as: UTF8.self).components(separatedBy: "\r\n")
        while let first = lines.first,
              first.hasPrefix("Return-Path:") || first.hasPrefix("Delivered-To:") || first.hasPrefix("Received:") || first.hasPrefix("\t") || first.hasPrefix(" ") {
            lines.removeFirst()
        }
        return Data(lines.joined(separator: "\r\n").utf8)
    }

    @Test("send over STARTTLS with a login and an attachment: the file arrives byte for byte")
    func sendWithAttachment() async throws {
        let server = try await RunningServer()
        defer { server.stop() }
        let attachment = server.directory.appendingPathComponent("report.bin")
        let bytes = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try bytes.write(to: attachment)
        let sent = try await PostamtBinary.run(
            [
                "send", "--server", "localhost", "--port", "\(server.submission)", "--tls", "starttls", "--ca-file", server.caFile,
                "--user", "alice@example.test", "--password-env", "SMTP_PASSWORD", "--from", "alice@example.test", "--from-name", "Alice Ä",
                "--to", "bob@example.test", "--subject", "Grüße mit Anhang", "--body", "Hallo Bob,\nanbei der Bericht für Köln.\n",
                "--attach", attachment.path, "--header", "X-Test: yes", "-v",
            ],
            environment: ["SMTP_PASSWORD": "secret-alice@example.test"]
        )
        #expect(sent.status == 0, "\(sent.standardError)")
        #expect(sent.standardOutput.contains("<bob@example.test>: accepted (250"))
        #expect(sent.standardOutput.contains("C: STARTTLS"))
        #expect(sent.standardOutput.contains("C: AUTH PLAIN <redacted>"), "the transcript never shows the password")
        #expect(!sent.standardOutput.contains("secret-alice"))
        let stored = try #require(await server.mail("bob").first)
        let text = String(decoding: stored, as: UTF8.self)
        #expect(text.contains("Subject: =?UTF-8?B?"))
        #expect(text.contains("X-Test: yes"))
        #expect(text.contains("Content-Type: application/octet-stream; name=\"report.bin\""))
        #expect(text.contains("Content-Disposition: attachment; filename=\"report.bin\""))
        #expect(text.contains("Content-Transfer-Encoding: quoted-printable"), "non-ASCII bodies travel quoted-printable")
        #expect(text.contains("Hallo Bob,\r\nanbei der Bericht f=C3=BCr K=C3=B6ln.\r\n"))
        // The attachment, decoded from the stored message, is the file exactly.
        let base64 = try #require(text.components(separatedBy: "Content-Transfer-Encoding: base64\r\n").last?
            .components(separatedBy: "\r\n\r\n").dropFirst().first?.components(separatedBy: "\r\n--").first)
        #expect(Data(base64Encoded: base64.replacingOccurrences(of: "\r\n", with: "")) == bytes)
    }

    @Test("send: a wrong password is explained and exits 1; 451 exits 75, 550 exits 1")
    func sendFailures() async throws {
        let server = try await RunningServer()
        defer { server.stop() }
        let wrong = try await PostamtBinary.run(
            ["send", "--server", "127.0.0.1", "--port", "\(server.submissions)", "--tls", "implicit", "--ca-file", server.caFile,
             "--user", "alice@example.test", "--password-stdin", "--from", "alice@example.test", "--to", "bob@example.test", "--body", "x"],
            input: "not-the-password\n"
        )
        #expect(wrong.status == 1, "\(wrong.standardError)")
        #expect(wrong.standardError.contains("535"))

        var temporary = TestSMTPSink.Behaviour()
        temporary.refusesSenders = true
        let busy = try await TestSMTPSink.start(temporary)
        defer { Task { await busy.stop() } }
        let deferred = try await PostamtBinary.run(
            ["send", "--server", "127.0.0.1", "--port", "\(busy.port)", "--tls", "none", "--from", "a@example.test", "--to", "b@example.test", "--body", "x"]
        )
        #expect(deferred.status == 75, "\(deferred.standardError)")
        #expect(deferred.standardError.contains("451 4.3.0"))
        #expect(deferred.standardError.contains("A temporary failure: try again later."))

        var unknown = TestSMTPSink.Behaviour()
        unknown.unknownRecipients = ["nobody"]
        let strict = try await TestSMTPSink.start(unknown)
        defer { Task { await strict.stop() } }
        let refused = try await PostamtBinary.run(
            ["send", "--server", "127.0.0.1", "--port", "\(strict.port)", "--tls", "none", "--from", "a@example.test", "--to", "nobody@example.test", "--body", "x", "--lang", "de"]
        )
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("550 5.1.1"))
        #expect(refused.standardError.contains("Endgültige Ablehnung"))
        let usage = try await PostamtBinary.run(["send", "--server", "x", "--from", "not an address", "--to", "b@example.test"])
        #expect(usage.status == 2)
    }

    @Test("sendmail -t -i queues into the running server: the message arrives byte for byte, Bcc removed")
    func sendmailRoundTrip() async throws {
        let server = try await RunningServer()
        defer { server.stop() }
        let header = "From: Alice <alice@example.test>\r\nTo: bob@example.test\r\nDate: Sun, 29 Nov 2026 10:00:00 +0000\r\nMessage-ID: <cron-1@example.test>\r\nSubject: Cron output\r\n"
        let body = "first line\r\n.\r\n..dots stay\r\nlast line\r\n"
        let sent = try await PostamtBinary.run(
            ["sendmail", "-t", "-i", "-f", "alice@example.test", "-C", server.configFile],
            input: header + "Bcc: root@example.test\r\n\r\n" + body
        )
        #expect(sent.status == 0, "\(sent.standardError)")
        let stored = try #require(await server.mail("bob").first)
        #expect(Self.withoutTrace(stored) == Data((header + "\r\n" + body).utf8))
        #expect(String(decoding: stored, as: UTF8.self).contains("Return-Path: <alice@example.test>"))
        #expect(String(decoding: stored, as: UTF8.self).contains("(Postamt sendmail, uid"))
        // The Bcc recipient (root, an alias of alice) got it too, without seeing the Bcc field.
        let blind = try #require(await server.mail("alice").first)
        #expect(!String(decoding: blind, as: UTF8.self).contains("Bcc:"))
    }

    @Test("sendmail as /usr/sbin/sendmail would be called: LF line ends, a lone dot ends the message, missing fields added")
    func sendmailTraditional() async throws {
        let server = try await RunningServer()
        defer { server.stop() }
        let link = server.directory.appendingPathComponent("sendmail")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: PostamtBinary.url)
        let result = try await PostamtBinary.run(
            ["-oi", "-odb", "-F", "Cron Daemon", "bob"], input: "Subject: nightly\n\nall good\n.\nnot part of it\n",
            environment: ["POSTAMT_CONFIG": server.configFile], executable: link
        )
        #expect(result.status == 0, "\(result.standardError)")
        let stored = String(decoding: try #require(await server.mail("bob").first), as: UTF8.self)
        #expect(stored.contains("Subject: nightly\r\n"))
        #expect(stored.contains("From: \"Cron Daemon\" <"))
        #expect(stored.contains("\r\nDate: "))
        #expect(stored.contains("\r\nMessage-ID: <"))
        #expect(stored.hasSuffix("\r\n\r\nall good\r\n.\r\nnot part of it\r\n"), "-oi: the dot is text")
        let dotEnds = try await PostamtBinary.run(["-C", server.configFile, "bob@example.test"], input: "Subject: two\n\nbefore\n.\nafter\n", executable: link)
        #expect(dotEnds.status == 0)
        let second = String(decoding: try #require(await server.mail("bob", count: 2).last), as: UTF8.self)
        #expect(second.hasSuffix("\r\n\r\nbefore\r\n"), "without -i a lone dot ends the message")
    }

    @Test("sendmail refuses what it cannot deliver: unknown local user 67, no recipients 65, bad option 64, and queues nothing")
    func sendmailErrors() async throws {
        let server = try await RunningServer()
        defer { server.stop() }
        let unknown = try await PostamtBinary.run(["sendmail", "-C", server.configFile, "bob@example.test", "nobody@example.test"], input: "Subject: x\n\ny\n")
        #expect(unknown.status == 67)
        #expect(unknown.standardError.contains("no such local mailbox: nobody@example.test"))
        let none = try await PostamtBinary.run(["sendmail", "-t", "-C", server.configFile], input: "Subject: x\n\ny\n")
        #expect(none.status == 65)
        let option = try await PostamtBinary.run(["sendmail", "-C", server.configFile, "-Z", "bob"], input: "x\n")
        #expect(option.status == 64)
        let queue = try await PostamtBinary.run(["queue", "list", "--all", "--json", "--config", server.configFile])
        let listed = try JSONSerialization.jsonObject(with: Data(queue.standardOutput.utf8)) as? [Any]
        #expect(listed?.isEmpty == true, "\(queue.standardOutput)")
    }

    @Test("sendmail works while the server is stopped; the message is delivered when it starts")
    func sendmailWhileStopped() async throws {
        let server = try await RunningServer()
        server.process.terminate()
        await server.process.exited()
        let sent = try await PostamtBinary.run(["sendmail", "-C", server.configFile, "bob@example.test"], input: "Subject: while stopped\n\nqueued\n")
        #expect(sent.status == 0, "\(sent.standardError)")
        try await server.restart()
        defer { server.stop() }
        let stored = String(decoding: try #require(await server.mail("bob").first), as: UTF8.self)
        #expect(stored.contains("Subject: while stopped"))
    }

    @Test("diagnose: the recommended setting and exit 0; German with --lang de; JSON; exit 1 without a usable port; exit 2 for bad usage")
    func diagnose() async throws {
        let server = try await RunningServer()
        defer { server.stop() }
        let ports = "\(server.submission),\(server.submissions)"
        let english = try await PostamtBinary.run(["diagnose", "localhost", "--ports", ports, "--ca-file", server.caFile, "--timeout", "15"])
        #expect(english.status == 0, "\(english.standardOutput)\(english.standardError)")
        #expect(english.standardOutput.contains("Server localhost, port \(server.submissions), SSL/TLS, normal password"), "\(english.standardOutput)")
        let german = try await PostamtBinary.run(["diagnose", "localhost", "--ports", ports, "--ca-file", server.caFile, "--lang", "de", "--timeout", "15"])
        #expect(german.standardOutput.contains("Tragen Sie im Mailprogramm ein"))
        let json = try await PostamtBinary.run(["diagnose", "localhost", "--ports", ports, "--ca-file", server.caFile, "--json", "--timeout", "15"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect((object["recommendation"] as? [String: Any])?["port"] as? Int == server.submissions)
        let login = try await PostamtBinary.run(
            ["diagnose", "localhost", "--ports", "\(server.submission)", "--ca-file", server.caFile, "--user", "alice@example.test",
             "--password-stdin", "--send-to", "bob@example.test", "--timeout", "15"],
            input: "secret-alice@example.test\n"
        )
        #expect(login.status == 0, "\(login.standardOutput)")
        #expect(login.standardOutput.contains("login worked"))
        #expect(login.standardOutput.contains("The test message was accepted: 250"))
        #expect(await server.mail("bob").first.map { String(decoding: $0, as: UTF8.self).contains("postamt diagnose sent this message") } == true)

        let reserved = try ReservedPort()
        let closed = try await PostamtBinary.run(["diagnose", "127.0.0.1", "--ports", "\(reserved.port)", "--timeout", "2"])
        #expect(closed.status == 1)
        #expect(closed.standardOutput.contains("No working setting"))
        let usage = try await PostamtBinary.run(["diagnose", "localhost", "--ports", "seven"])
        #expect(usage.status == 2)
        #expect(usage.standardError.contains("'seven' is not a port"))
    }

    @Test("diagnose --domain with --dns-server lists MX hosts, SPF, DMARC and SRV records", .enabled(if: Dnsmasq.isAvailable))
    func diagnoseDomain() async throws {
        let dnsmasq = try Dnsmasq()
        defer { dnsmasq.stop() }
        let result = try await PostamtBinary.run(["diagnose", "--domain", "example.test", "--dns-server", "127.0.0.1:\(dnsmasq.port)", "--timeout", "10"])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        let text = result.standardOutput
        #expect(text.contains("10 mx1.example.test"))
        #expect(text.contains("20 mx2.example.test [127.0.0.2]"))
        #expect(text.contains("v=spf1 -all"))
        #expect(text.contains("v=DMARC1; p=reject"))
        #expect(text.contains("_submission._tcp.example.test → mail.example.test:587"))
        let json = try await PostamtBinary.run(["diagnose", "--domain", "example.test", "--dns-server", "127.0.0.1:\(dnsmasq.port)", "--timeout", "10", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["mxState"] as? String == "records")
        let both = try await PostamtBinary.run(["diagnose", "mail.example.test", "--domain", "example.test"])
        #expect(both.status == 2)
    }

    @Test("send --retry: a 451 at the end of DATA is retried after a wait, then accepted")
    func sendRetries() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.temporaryFailures = 1
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let result = try await PostamtBinary.run(
            ["send", "--server", "127.0.0.1", "--port", "\(sink.port)", "--tls", "none", "--from", "a@example.test", "--to", "b@example.test",
             "--body", "second time lucky", "--retry", "2"]
        )
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("451 4.3.0"))
        #expect(result.standardError.contains("Trying again in 5 s (1 of 2)"))
        #expect(sink.attempts == 2)
        #expect(sink.received.count == 1)
    }
}
