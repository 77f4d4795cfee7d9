import Bounces
import Foundation
import MailQueue
import PostamtConfiguration
import PostamtTestSupport
import SMTPCore
import Testing

/// Postamt and a real Postfix (Debian's package, a private instance on a loopback port) as
/// each other's next hop: the replies, TLS and DSNs of one are read by the other.
@Suite("Interoperability with Postfix", .serialized, .timeLimit(.minutes(2)))
struct PostfixInteropTests {
    /// Writes the certificate and key of `tls` into Postfix's directory and returns the
    /// settings that make its smtpd offer STARTTLS with them.
    private func serverTLS(_ tls: TestTLS, in directory: URL) throws -> [String: String] {
        let certificate = directory.appendingPathComponent("smtpd-cert.pem")
        let key = directory.appendingPathComponent("smtpd-key.pem")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try tls.certificatePEM.write(to: certificate, atomically: true, encoding: .utf8)
        try tls.privateKeyPEM.write(to: key, atomically: true, encoding: .utf8)
        return [
            "smtpd_tls_cert_file": certificate.path,
            "smtpd_tls_key_file": key.path,
            "smtpd_tls_security_level": "may",
            "smtpd_tls_received_header": "yes",
        ]
    }

    @Test("Postamt relays to Postfix over STARTTLS on one reused connection; Postfix's 550 comes back as a DSN")
    func postamtToPostfix() async throws {
        let tlsFiles = FileManager.default.temporaryDirectory.appendingPathComponent("postamt-postfix-tls-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: tlsFiles) }
        var settings = try serverTLS(TestTLS(hostnames: ["postfix.example.test"]), in: tlsFiles)
        settings["virtual_mailbox_domains"] = "example.net"
        settings["virtual_mailbox_maps"] = "inline:{ bob@example.net=bob/ carol@example.net=carol/ }"
        let postfix = try await PostfixInstance.start(settings: settings)
        defer { postfix.stop() }
        let server = try await TestMailServer.start {
            $0.trustedNetworks = [IPNetwork("127.0.0.0/8")!]
            $0.transports = [Transport(domain: "example.net", host: "127.0.0.1", port: postfix.port, tls: .opportunistic)]
            $0.retry = RetrySchedule(firstInterval: .seconds(1), backoffMultiplier: 1, maximumInterval: .seconds(1), lifetime: .seconds(60), delayNotice: nil)
            $0.delivery.destinationConcurrency = 1
            $0.delivery.connectionIdleTime = .seconds(3)
        }
        defer { Task { await server.stop() } }

        let client = try await TestSMTPClient.connect(port: server.mx)
        _ = try await client.readReply()
        try await client.send("EHLO app.example.test\r\n")
        _ = try await client.readReply()
        for (index, recipients) in [["bob@example.net"], ["carol@example.net", "nobody@example.net"], ["bob@example.net"]].enumerated() {
            try await client.send("MAIL FROM:<alice@example.test>\r\n" + recipients.map { "RCPT TO:<\($0)>\r\n" }.joined() + "DATA\r\n")
            let replies = try await client.readReplies(2 + recipients.count)
            #expect(replies.map(\.code.rawValue) == [250] + recipients.map { _ in 250 } + [354], "\(replies)")
            try await client.send("From: alice@example.test\r\nSubject: To Postfix \(index)\r\nMessage-ID: <p\(index)@example.test>\r\n\r\nHello Postfix.\r\n.\r\n")
            #expect(try await client.readReply().code == 250)
        }
        try await client.send("QUIT\r\n")

        await eventually(within: .seconds(30)) { postfix.messages(in: "bob").count == 2 && postfix.messages(in: "carol").count == 1 }
        let bob = postfix.messages(in: "bob").map { String(decoding: $0, as: UTF8.self) }
        #expect(bob.count == 2, "Postfix log:\n\(postfix.log)")
        let first = try #require(bob.first)
        #expect(first.contains("Hello Postfix."))
        #expect(first.contains("Return-Path: <alice@example.test>"))
        // Postfix's own trace field: who connected (Postamt's EHLO name) and that it was TLS.
        #expect(first.contains("from mail.example.test (localhost [127.0.0.1])"), "\(first)")
        #expect(first.contains("(using TLSv1.3"), "\(first)")
        #expect(first.contains("Received: from app.example.test"), "Postamt's own Received: field travels on")
        #expect(postfix.messages(in: "carol").count == 1)

        // One connection carried all three messages (Postfix counts the commands of a
        // session when it ends; 3 of 4 recipients accepted), each content as one BDAT chunk
        // since Postfix offers CHUNKING, closed with QUIT when idle.
        await eventually(within: .seconds(30)) { postfix.log.contains("mail=3") }
        #expect(postfix.log.contains("ehlo=2 starttls=1 mail=3 rcpt=3/4 bdat=3 "), "\(postfix.log)")
        #expect(postfix.log.contains(" quit=1"), "\(postfix.log)")

        // nobody@ was refused by Postfix at RCPT: the sender gets a DSN with Postfix's words.
        let bounce = try #require(await server.waitForMail("alice").first)
        let report = try #require(DeliveryStatusNotification.parse(TestMailServer.originalMessage(bounce)))
        let recipient = try #require(report.recipients.first)
        #expect(report.recipients.count == 1)
        #expect(recipient["final-recipient"] == "rfc822; nobody@example.net")
        #expect(recipient["action"] == "failed")
        #expect(recipient["status"] == "5.1.1")
        #expect(recipient["remote-mta"]?.contains("127.0.0.1") == true)
        #expect(recipient["diagnostic-code"]?.contains("550 5.1.1") == true, "\(recipient)")
        #expect(recipient["diagnostic-code"]?.contains("User unknown in virtual mailbox table") == true, "\(recipient)")
        await eventually(within: .seconds(30)) { (try? await server.server.messageStore.recipientCounts()[.delivered]) == 4 }
        #expect(try await server.server.messageStore.recipientCounts()[.delivered] == 4)
    }

    @Test("a message larger than a pipelined chunk reaches Postfix whole, leading dots and all, as BDAT after the RCPT replies; the refused recipient gets a DSN")
    func largeChunkToPostfix() async throws {
        let postfix = try await PostfixInstance.start(settings: [
            "virtual_mailbox_domains": "example.net",
            "virtual_mailbox_maps": "inline:{ bob@example.net=bob/ }",
        ])
        defer { postfix.stop() }
        let server = try await TestMailServer.start {
            $0.trustedNetworks = [IPNetwork("127.0.0.0/8")!]
            $0.transports = [Transport(domain: "example.net", host: "127.0.0.1", port: postfix.port, tls: .none)]
        }
        defer { Task { await server.stop() } }

        // 6000 lines that start with a dot, dot-stuffed by this client as DATA requires; in a
        // BDAT chunk they travel as they are.
        let lines = (0..<6000).map { ".line \($0) starts with a dot, as a chunk carries it unchanged" }
        #expect(lines.joined(separator: "\r\n").utf8.count > 256 * 1024)
        let client = try await TestSMTPClient.connect(port: server.mx)
        _ = try await client.readReply()
        try await client.send("EHLO app.example.test\r\n")
        _ = try await client.readReply()
        try await client.send("MAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.net>\r\nRCPT TO:<nobody@example.net>\r\nDATA\r\n")
        #expect(try await client.readReplies(4).map(\.code.rawValue) == [250, 250, 250, 354])
        try await client.send("From: alice@example.test\r\nSubject: Large\r\n\r\n" + lines.map { "." + $0 + "\r\n" }.joined() + ".\r\n")
        let reply = try await client.readReply()
        #expect(reply.code == 250)
        let id = try #require(reply.lines.first?.split(separator: " ").last.flatMap { QueueID(rawValue: String($0)) })
        try await client.send("QUIT\r\n")

        await eventually(within: .seconds(30)) { postfix.messages(in: "bob").count == 1 }
        let delivered = String(decoding: try #require(postfix.messages(in: "bob").first), as: UTF8.self)
        let deliveredLines = delivered.split(whereSeparator: \.isNewline).filter { $0.contains("starts with a dot") }
        #expect(deliveredLines.count == 6000)
        #expect(deliveredLines.allSatisfy { $0.hasPrefix(".line ") }, "one dot each, none doubled or lost")
        await eventually(within: .seconds(30)) { postfix.log.contains("bdat=") }
        #expect(postfix.log.contains("mail=1 rcpt=1/2 bdat=1"), "\(postfix.log)")

        // Sent only once Postfix had answered both RCPTs.
        let transcript = try #require(try await server.server.messageStore.attempts(for: id).first?.attempt.transcript)
        let order = transcript.split(separator: "\n").map(String.init)
        let refused = try #require(order.firstIndex { $0.hasPrefix("S: 550 5.1.1") }, "\(transcript)")
        let chunk = try #require(order.firstIndex { $0.hasPrefix("C: BDAT ") && $0.hasSuffix(" LAST") }, "\(transcript)")
        #expect(refused < chunk, "\(transcript)")

        let bounce = try #require(await server.waitForMail("alice").first)
        let report = try #require(DeliveryStatusNotification.parse(TestMailServer.originalMessage(bounce)))
        #expect(report.recipients.map { $0["final-recipient"] } == ["rfc822; nobody@example.net"])
    }

    @Test("Postamt pipelines messages behind each other's content, with DATA and with BDAT, to a Postfix that forbids improper pipelining", arguments: [false, true])
    func pipelinedToPostfix(chunking: Bool) async throws {
        let postfix = try await PostfixInstance.start(settings: [
            "virtual_mailbox_domains": "example.net",
            "virtual_mailbox_maps": "inline:{ bob@example.net=bob/ }",
            // Postfix drops a client that sends commands where RFC 2920 does not allow them.
            "smtpd_forbid_unauth_pipelining": "yes",
            // DATA is answered a second late, so with DATA the messages behind it are certainly waiting.
            "smtpd_data_restrictions": "sleep 1",
        ])
        defer { postfix.stop() }
        let server = try await TestMailServer.start {
            $0.trustedNetworks = [IPNetwork("127.0.0.0/8")!]
            $0.transports = [Transport(domain: "example.net", host: "127.0.0.1", port: postfix.port, tls: .none)]
            $0.delivery.destinationConcurrency = 1
            $0.delivery.messagesInFlight = 4
            $0.delivery.chunking = chunking
        }
        defer { Task { await server.stop() } }

        let client = try await TestSMTPClient.connect(port: server.mx)
        _ = try await client.readReply()
        try await client.send("EHLO app.example.test\r\n")
        _ = try await client.readReply()
        var ids = [QueueID]()
        for index in 0..<4 {
            try await client.send("MAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.net>\r\nDATA\r\n")
            #expect(try await client.readReplies(3).map(\.code.rawValue) == [250, 250, 354])
            try await client.send("From: alice@example.test\r\nSubject: Pipelined \(index)\r\n\r\nBehind the one before.\r\n.\r\n")
            let reply = try await client.readReply()
            #expect(reply.code == 250)
            ids.append(try #require(reply.lines.first?.split(separator: " ").last.flatMap { QueueID(rawValue: String($0)) }))
        }
        try await client.send("QUIT\r\n")

        await eventually(within: .seconds(30)) { postfix.messages(in: "bob").count == 4 }
        let subjects = Set(postfix.messages(in: "bob").compactMap { message in
            String(decoding: message, as: UTF8.self).split(whereSeparator: \.isNewline).first { $0.hasPrefix("Subject:") }.map(String.init)
        })
        #expect(subjects == Set((0..<4).map { "Subject: Pipelined \($0)" }), "\(postfix.log)")
        await eventually(within: .seconds(30)) { postfix.log.contains("mail=4") }
        #expect(postfix.log.contains(chunking ? "mail=4 rcpt=4 bdat=4" : "mail=4 rcpt=4 data=4"), "one session carried all four: \(postfix.log)")
        #expect(!postfix.log.contains("pipelining"), "Postfix found nothing improper: \(postfix.log)")
        var pipelined = 0
        for id in ids {
            let transcript = try await server.server.messageStore.attempts(for: id).first?.attempt.transcript ?? ""
            if transcript.contains("* pipelined") { pipelined += 1 }
        }
        #expect(pipelined >= 1, "at least one message went out behind another's content")
    }

    @Test("Postfix relays into Postamt over STARTTLS; Postamt's 550 5.1.1 is what Postfix reports")
    func postfixToPostamt() async throws {
        let server = try await TestMailServer.start()
        defer { Task { await server.stop() } }
        let postfix = try await PostfixInstance.start(settings: [
            "transport_maps": "inline:{ example.test=smtp:[127.0.0.1]:\(server.mx) }",
            "relay_domains": "example.test",
            "smtp_tls_security_level": "encrypt",
        ])
        defer { postfix.stop() }

        let client = try await TestSMTPClient.connect(port: postfix.port)
        #expect(try await client.readReply().code == 220)
        try await client.send("EHLO app.example.test\r\n")
        _ = try await client.readReply()
        try await client.send("MAIL FROM:<sender@postfix.example.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<nobody@example.test>\r\nDATA\r\n")
        let replies = try await client.readReplies(4)
        #expect(replies.map(\.code.rawValue) == [250, 250, 250, 354], "Postfix accepts both and relays: \(replies)")
        try await client.send("From: sender@postfix.example.test\r\nSubject: Through Postfix\r\n\r\nRelayed by Postfix.\r\n.\r\nQUIT\r\n")
        #expect(try await client.readReply().code == 250)

        let delivered = try #require(await server.waitForMail("alice", timeout: .seconds(30)).first)
        let text = String(decoding: delivered, as: UTF8.self)
        #expect(text.contains("Relayed by Postfix."))
        #expect(text.contains("Return-Path: <sender@postfix.example.test>"))
        // Postamt's trace field names Postfix's EHLO and the TLS it negotiated.
        #expect(text.contains("Received: from postfix.example.test ([127.0.0.1]) (using TLSv1.3)"), "\(text)")
        #expect(text.contains("by mail.example.test with ESMTPS"), "\(text)")

        await eventually(within: .seconds(30)) { postfix.log.contains("status=sent") && postfix.log.contains("status=bounced") }
        let log = postfix.log
        #expect(log.contains("TLS connection established to 127.0.0.1"), "\(log)")
        #expect(log.contains("to=<alice@example.test>, relay=127.0.0.1[127.0.0.1]:\(server.mx)"), "\(log)")
        #expect(log.contains("status=sent (250 2.0.0"), "\(log)")
        #expect(log.contains("to=<nobody@example.test>"), "\(log)")
        #expect(log.contains("dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1"), "\(log)")
    }
}
