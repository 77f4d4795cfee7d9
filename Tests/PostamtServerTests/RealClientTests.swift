import Foundation
import Testing

/// Real mail clients a user would use, each sending through Postamt into a Maildir, where
/// the message is checked byte for byte.
@Suite("Real clients: swaks, curl, msmtp, Python smtplib", .serialized)
struct RealClientTests {
    /// A message with 8-bit content, lines that start with dots, and a long line.
    static func message(subject: String) -> [UInt8] {
        let text = [
            "From: Alice <alice@example.test>",
            "To: Bob <bob@example.test>",
            "Subject: \(subject)",
            "Date: Sun, 29 Nov 2026 10:00:00 +0000",
            "Message-ID: <\(subject.replacingOccurrences(of: " ", with: "."))@example.test>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            "Grüße aus Köln – 8-bit content ✉",
            ".a line that starts with a dot",
            "..two dots",
            ".",
            String(repeating: "long ", count: 60),
            "last line",
            "",
        ].joined(separator: "\r\n")
        return Array(text.utf8)
    }

    private func write(_ bytes: [UInt8], in server: TestMailServer, name: String) throws -> String {
        let path = server.directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("swaks: submission with STARTTLS and AUTH PLAIN", .enabled(if: ExternalProgram.isInstalled("swaks")))
    func swaks() async throws {
        let server = try await TestMailServer.start()
        defer { Task { await server.stop() } }
        let message = Self.message(subject: "via swaks")
        let file = try write(message, in: server, name: "swaks.eml")
        let result = try await ExternalProgram.run("swaks", [
            "--server", "127.0.0.1", "--port", "\(server.submission)", "--tls", "--auth", "PLAIN",
            "--auth-user", TestMailServer.user, "--auth-password", TestMailServer.password,
            "--from", TestMailServer.user, "--to", "bob@example.test", "--data", "@" + file, "--helo", "client.test",
        ])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains("235 2.7.0"))
        let mail = await server.waitForMail("bob")
        #expect(mail.count == 1)
        // swaks always ends the data with an empty line of its own before the final dot.
        #expect(TestMailServer.originalMessage(try #require(mail.first)) == message + Array("\r\n".utf8))
    }

    @Test("swaks: MX delivery without AUTH, and relaying is denied", .enabled(if: ExternalProgram.isInstalled("swaks")))
    func swaksMX() async throws {
        let server = try await TestMailServer.start()
        defer { Task { await server.stop() } }
        let ok = try await ExternalProgram.run("swaks", ["--server", "127.0.0.1", "--port", "\(server.mx)", "--from", "someone@remote.test", "--to", "alice@example.test", "--helo", "remote.test"])
        #expect(ok.status == 0, "\(ok.output)")
        let relay = try await ExternalProgram.run("swaks", ["--server", "127.0.0.1", "--port", "\(server.mx)", "--from", "someone@remote.test", "--to", "victim@elsewhere.test", "--helo", "remote.test"])
        #expect(relay.status != 0)
        #expect(relay.output.contains("554 5.7.1"))
        let unknown = try await ExternalProgram.run("swaks", ["--server", "127.0.0.1", "--port", "\(server.mx)", "--from", "someone@remote.test", "--to", "nobody@example.test", "--helo", "remote.test"])
        #expect(unknown.output.contains("550 5.1.1"))
        #expect(await server.waitForMail("alice").count == 1)
    }

    @Test("curl: smtps:// (implicit TLS, port 465 role) with --ssl-reqd and --user", .enabled(if: ExternalProgram.isInstalled("curl")))
    func curlImplicitTLS() async throws {
        let server = try await TestMailServer.start()
        defer { Task { await server.stop() } }
        let message = Self.message(subject: "via curl smtps")
        let file = try write(message, in: server, name: "curl.eml")
        let result = try await ExternalProgram.run("curl", [
            "--silent", "--show-error", "--ssl-reqd", "--cacert", server.certificatePath,
            "--url", "smtps://127.0.0.1:\(server.submissions)", "--user", "\(TestMailServer.user):\(TestMailServer.password)",
            "--mail-from", TestMailServer.user, "--mail-rcpt", "bob@example.test", "--upload-file", file,
        ])
        #expect(result.status == 0, "\(result.error)")
        let mail = await server.waitForMail("bob")
        #expect(TestMailServer.originalMessage(try #require(mail.first)) == message)
    }

    @Test("curl: smtp:// with --ssl-reqd upgrades with STARTTLS on the submission port", .enabled(if: ExternalProgram.isInstalled("curl")))
    func curlStartTLS() async throws {
        let server = try await TestMailServer.start()
        defer { Task { await server.stop() } }
        let message = Self.message(subject: "via curl starttls")
        let file = try write(message, in: server, name: "curl2.eml")
        let result = try await ExternalProgram.run("curl", [
            "--silent", "--show-error", "--ssl-reqd", "--cacert", server.certificatePath,
            "--url", "smtp://127.0.0.1:\(server.submission)", "--user", "\(TestMailServer.user):\(TestMailServer.password)",
            "--mail-from", TestMailServer.user, "--mail-rcpt", "info@example.test", "--upload-file", file,
        ])
        #expect(result.status == 0, "\(result.error)")
        // info@ is an alias for alice and bob.
        #expect(TestMailServer.originalMessage(try #require(await server.waitForMail("alice").first)) == message)
        #expect(TestMailServer.originalMessage(try #require(await server.waitForMail("bob").first)) == message)
    }

    @Test("curl: a wrong password is refused with 535", .enabled(if: ExternalProgram.isInstalled("curl")))
    func curlWrongPassword() async throws {
        let server = try await TestMailServer.start()
        defer { Task { await server.stop() } }
        let file = try write(Self.message(subject: "x"), in: server, name: "x.eml")
        let result = try await ExternalProgram.run("curl", [
            "--silent", "--show-error", "--ssl-reqd", "--cacert", server.certificatePath,
            "--url", "smtps://127.0.0.1:\(server.submissions)", "--user", "\(TestMailServer.user):wrong",
            "--mail-from", TestMailServer.user, "--mail-rcpt", "bob@example.test", "--upload-file", file,
        ])
        #expect(result.status == 67, "curl: login denied")
        #expect(server.log.contains("auth failed"))
        #expect(await server.waitForMail("bob", timeout: .milliseconds(200)).isEmpty)
    }

    @Test("msmtp: submission with STARTTLS, AUTH, password from a command", .enabled(if: ExternalProgram.isInstalled("msmtp")))
    func msmtp() async throws {
        let server = try await TestMailServer.start()
        defer { Task { await server.stop() } }
        let passwordFile = try write(Array(TestMailServer.password.utf8), in: server, name: "password")
        let configuration = """
            defaults
            tls on
            tls_starttls on
            tls_trust_file \(server.certificatePath)
            logfile -
            account test
            host 127.0.0.1
            port \(server.submission)
            auth on
            user \(TestMailServer.user)
            passwordeval cat \(passwordFile)
            from \(TestMailServer.user)
            account default : test
            """
        let configurationFile = try write(Array(configuration.utf8), in: server, name: "msmtprc")
        chmod(configurationFile, 0o600)
        let message = Self.message(subject: "via msmtp")
        let result = try await ExternalProgram.run("msmtp", ["--file", configurationFile, "bob@example.test"], input: Data(message))
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(TestMailServer.originalMessage(try #require(await server.waitForMail("bob").first)) == message)
    }

    @Test("Python smtplib: STARTTLS, login, 8-bit message")
    func python() async throws {
        let server = try await TestMailServer.start()
        defer { Task { await server.stop() } }
        let message = Self.message(subject: "via smtplib")
        let file = try write(message, in: server, name: "py.eml")
        let script = """
            import smtplib, ssl, sys
            context = ssl.create_default_context(cafile=sys.argv[2])
            with smtplib.SMTP("127.0.0.1", int(sys.argv[1])) as client:
                client.starttls(context=context)
                client.login(sys.argv[3], sys.argv[4])
                data = open(sys.argv[5], "rb").read()
                refused = client.sendmail(sys.argv[3], ["bob@example.test"], data, mail_options=["BODY=8BITMIME"])
                print("refused", refused)
            """
        let result = try await ExternalProgram.run("python3", ["-c", script, "\(server.submission)", server.certificatePath, TestMailServer.user, TestMailServer.password, file])
        #expect(result.status == 0, "\(result.error)")
        #expect(TestMailServer.originalMessage(try #require(await server.waitForMail("bob").first)) == message)
    }
}
