import Foundation
import PostamtTestSupport
import Testing

/// `postamt diagnose` and `postamt send` against a real Postfix set up as a provider's
/// submission server: STARTTLS, and AUTH through Cyrus SASL only inside TLS.
@Suite("diagnose and send against Postfix with submission, STARTTLS and SASL", .serialized, .timeLimit(.minutes(2)))
struct PostfixSubmissionTests {
    @Test("diagnose recommends port, STARTTLS and a normal password; the login works; send delivers through it")
    func diagnoseAndSend() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("postamt-submission-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tls = try TestTLS(hostnames: ["localhost"])
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let caFile = directory.appendingPathComponent("ca.pem").path
        try tls.certificatePEM.write(toFile: certificate, atomically: true, encoding: .utf8)
        try tls.privateKeyPEM.write(toFile: key, atomically: true, encoding: .utf8)
        try tls.authorityPEM.write(toFile: caFile, atomically: true, encoding: .utf8)
        let postfix = try await PostfixInstance.start(
            settings: [
                "smtpd_tls_cert_file": certificate,
                "smtpd_tls_key_file": key,
                "smtpd_tls_security_level": "may",
                "virtual_mailbox_domains": "example.net",
                "virtual_mailbox_maps": "inline:{ bob@example.net=bob/ }",
            ],
            loginUsers: [("alice", "s3cret pass")]
        )
        defer { postfix.stop() }

        let diagnosis = try await PostamtBinary.run(
            ["diagnose", "localhost", "--ports", "\(postfix.port)", "--ca-file", caFile, "--user", "alice", "--password-stdin", "--timeout", "15", "-v"],
            input: "s3cret pass\n"
        )
        #expect(diagnosis.status == 0, "\(diagnosis.standardOutput)\n\(postfix.log)")
        let report = diagnosis.standardOutput
        #expect(report.contains("Server localhost, port \(postfix.port), STARTTLS, normal password"), "\(report)")
        #expect(report.contains("PLAIN LOGIN (login worked)"), "\(report)")
        #expect(report.contains("trusted, and valid for this name"))
        #expect(report.contains("S: 220 postfix.example.test ESMTP"))
        #expect(!report.contains("s3cret"))

        let wrong = try await PostamtBinary.run(
            ["diagnose", "localhost", "--ports", "\(postfix.port)", "--ca-file", caFile, "--user", "alice", "--password-stdin", "--timeout", "15", "--lang", "de"],
            input: "falsch\n"
        )
        #expect(wrong.status == 1)
        #expect(wrong.standardOutput.contains("Die Anmeldung ist gescheitert: 535 5.7.8"), "\(wrong.standardOutput)")

        let file = directory.appendingPathComponent("notes.txt")
        let attachment = Data("line one\nline two – with a dash\n".utf8)
        try attachment.write(to: file)
        let sent = try await PostamtBinary.run(
            ["send", "--server", "localhost", "--port", "\(postfix.port)", "--tls", "starttls", "--ca-file", caFile, "--user", "alice",
             "--password-stdin", "--from", "alice@example.org", "--to", "bob@example.net", "--subject", "Through Postfix", "--body", "Hello Bob.",
             "--attach", file.path],
            input: "s3cret pass\n"
        )
        #expect(sent.status == 0, "\(sent.standardError)\n\(postfix.log)")
        var delivered: [Data] = []
        for _ in 0..<300 where delivered.isEmpty {
            delivered = postfix.messages(in: "bob")
            try await Task.sleep(for: .milliseconds(50))
        }
        let text = String(decoding: try #require(delivered.first), as: UTF8.self)
        #expect(text.contains("Subject: Through Postfix"))
        #expect(text.contains("Authenticated sender: alice") || postfix.log.contains("sasl_username=alice"), "\(postfix.log)")
        #expect(text.contains("Content-Type: text/plain; name=\"notes.txt\""))
        let base64 = try #require(text.components(separatedBy: "Content-Transfer-Encoding: base64\n").last?
            .components(separatedBy: "\n\n").dropFirst().first?.components(separatedBy: "\n--").first)
        #expect(Data(base64Encoded: base64.replacingOccurrences(of: "\n", with: "")) == attachment, "the attachment arrives byte for byte")
    }
}
