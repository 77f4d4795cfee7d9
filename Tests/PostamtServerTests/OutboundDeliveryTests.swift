import Bounces
import Foundation
import MailQueue
import PostamtConfiguration
import PostamtTestSupport
import SMTPCore
import Testing

/// Mail for other domains through a smarthost (the in-repo test sink): delivery, retries
/// of 451 4.3.0, bounces as DSNs, lifetime expiry.
@Suite("Outbound delivery through a smarthost", .serialized)
struct OutboundDeliveryTests {
    private func server(relayingTo sink: TestSMTPSink, lifetime: Duration = .seconds(60), bounceLanguage: Language = .english) async throws -> TestMailServer {
        try await TestMailServer.start {
            $0.delivery.bounceLanguage = bounceLanguage
            $0.trustedNetworks = [IPNetwork("127.0.0.0/8")!]
            $0.transports = [Transport(domain: Transport.everyDomain, host: "127.0.0.1", port: sink.port, tls: .opportunistic)]
            $0.retry = RetrySchedule(firstInterval: .seconds(1), backoffMultiplier: 1, maximumInterval: .seconds(1), lifetime: lifetime, delayNotice: nil)
        }
    }

    /// Sends one message from alice to `recipient` through the MX port (loopback is trusted).
    private func submit(_ server: TestMailServer, to recipient: String, from sender: String = "<alice@example.test>", extra: String = "") async throws {
        let client = try await TestSMTPClient.connect(port: server.mx)
        _ = try await client.readReply()
        try await client.send("EHLO app\r\nMAIL FROM:\(sender)\(extra)\r\nRCPT TO:<\(recipient)>\r\nDATA\r\n")
        let replies = try await client.readReplies(4)
        #expect(replies.map(\.code.rawValue) == [250, 250, 250, 354], "\(replies)")
        try await client.send("Subject: outbound\r\nMessage-ID: <m1@example.test>\r\n\r\nHello far away.\r\n.\r\nQUIT\r\n")
        #expect(try await client.readReply().code == 250)
    }

    @Test("relayed mail reaches the smarthost with its envelope, and the recipient is delivered")
    func relays() async throws {
        let sink = try await TestSMTPSink.start()
        let server = try await server(relayingTo: sink)
        defer { Task { await server.stop(); await sink.stop() } }
        try await submit(server, to: "bob@far-away.test")
        await eventually(within: .seconds(60)) { sink.received.count == 1 }
        let received = try #require(sink.received.first)
        #expect(received.envelope.reversePath.description == "<alice@example.test>")
        #expect(received.envelope.recipients.map(\.forwardPath.description) == ["<bob@far-away.test>"])
        #expect(String(decoding: received.content, as: UTF8.self).contains("Hello far away."))
        #expect(String(decoding: received.content, as: UTF8.self).hasPrefix("Received: from app"))
        await eventually(within: .seconds(60)) { (try? await server.server.messageStore.recipientCounts()[.delivered]) == 1 }
        #expect(try await server.server.messageStore.recipientCounts()[.delivered] == 1)
    }

    @Test("451 4.3.0 is retried on schedule until the smarthost accepts; every attempt is recorded")
    func retries() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.temporaryFailures = 2
        let sink = try await TestSMTPSink.start(behaviour)
        let server = try await server(relayingTo: sink)
        defer { Task { await server.stop(); await sink.stop() } }
        try await submit(server, to: "carol@far-away.test")
        await eventually(within: .seconds(60)) { sink.received.count == 1 }
        // The sink stores before it answers; Postamt records the attempt after: wait for that.
        await eventually(within: .seconds(60)) { (try? await server.server.messageStore.recipientCounts()[.delivered]) == 1 }
        #expect(sink.received.count == 1)
        #expect(sink.attempts == 3)
        #expect(server.log.contains("deferred"))
        let ids = server.log.all.compactMap { line in line.split(separator: " ").first { $0.hasPrefix("queue=") }.map { String($0.dropFirst(6)) } }
        let id = try #require(ids.first.flatMap(QueueID.init(rawValue:)))
        let attempts = try await server.server.messageStore.attempts(for: id)
        #expect(attempts.count == 3)
        #expect(attempts.prefix(2).allSatisfy { $0.attempt.result.hasPrefix("451 4.3.0") })
        #expect(attempts.last?.attempt.result.hasPrefix("250") == true)
    }

    @Test("a 550 from the next hop bounces at once: a DSN a person can read reaches the sender")
    func bounces() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.unknownRecipients = ["nobody"]
        let sink = try await TestSMTPSink.start(behaviour)
        let server = try await server(relayingTo: sink)
        defer { Task { await server.stop(); await sink.stop() } }
        try await submit(server, to: "nobody@far-away.test", extra: " ENVID=env42")
        let bounce = try #require(await server.waitForMail("alice").first)
        let report = try #require(DeliveryStatusNotification.parse(TestMailServer.originalMessage(bounce)))
        #expect(report.reportType == "delivery-status")
        #expect(report.perMessage["original-envelope-id"] == "env42")
        let recipient = try #require(report.recipients.first)
        #expect(recipient["action"] == "failed")
        #expect(recipient["status"] == "5.1.1")
        #expect(recipient["final-recipient"]?.contains("nobody@far-away.test") == true)
        #expect(recipient["diagnostic-code"]?.contains("550 5.1.1") == true)
        #expect(report.parts.first?.text.contains("nobody@far-away.test") == true)
        #expect(TestMailServer.originalMessage(bounce).starts(with: Array("From:".utf8)) || String(decoding: bounce, as: UTF8.self).contains("Return-Path: <>"))
    }

    @Test("with bounce_language = \"de\" the bounce explains in German; the report fields stay the same")
    func germanBounce() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.unknownRecipients = ["niemand"]
        let sink = try await TestSMTPSink.start(behaviour)
        let server = try await server(relayingTo: sink, bounceLanguage: .german)
        defer { Task { await server.stop(); await sink.stop() } }
        try await submit(server, to: "niemand@far-away.test")
        let bounce = try #require(await server.waitForMail("alice").first)
        let text = String(decoding: bounce, as: UTF8.self)
        #expect(text.contains("Subject: Unzustellbare Nachricht"))
        #expect(text.contains("Content-Language: de"))
        let report = try #require(DeliveryStatusNotification.parse(TestMailServer.originalMessage(bounce)))
        // Unwrapped: the explanation is wrapped at 72 columns.
        let explanation = try #require(report.parts.first?.text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(explanation.contains("Dies ist das Mailsystem auf mail.example.test."))
        #expect(explanation.contains("konnte an einen oder mehrere Empfänger nicht zugestellt werden"))
        #expect(explanation.contains("niemand@far-away.test"))
        let recipient = try #require(report.recipients.first)
        #expect(recipient["action"] == "failed")
        #expect(recipient["status"] == "5.1.1")
        #expect(recipient["diagnostic-code"]?.contains("550 5.1.1") == true)
    }

    @Test("past its lifetime a message bounces with the last temporary reply")
    func lifetime() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.temporaryFailures = 1000
        let sink = try await TestSMTPSink.start(behaviour)
        let server = try await server(relayingTo: sink, lifetime: .seconds(2))
        defer { Task { await server.stop(); await sink.stop() } }
        try await submit(server, to: "dave@far-away.test")
        let bounce = try #require(await server.waitForMail("alice", timeout: .seconds(20)).first)
        let report = try #require(DeliveryStatusNotification.parse(TestMailServer.originalMessage(bounce)))
        #expect(report.recipients.first?["status"] == "5.3.0")
        #expect(report.recipients.first?["diagnostic-code"]?.contains("451 4.3.0") == true)
        #expect(sink.received.isEmpty)
    }

    @Test("a message still deferred after the delay-notice time gets one 'delayed' DSN (RFC 3464), and stays queued")
    func delayNotice() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.temporaryFailures = 1000
        let sink = try await TestSMTPSink.start(behaviour)
        let server = try await TestMailServer.start {
            $0.trustedNetworks = [IPNetwork("127.0.0.0/8")!]
            $0.transports = [Transport(domain: Transport.everyDomain, host: "127.0.0.1", port: sink.port, tls: .opportunistic)]
            $0.retry = RetrySchedule(firstInterval: .seconds(1), backoffMultiplier: 1, maximumInterval: .seconds(1), lifetime: .seconds(600), delayNotice: .seconds(1))
        }
        defer { Task { await server.stop(); await sink.stop() } }
        try await submit(server, to: "erin@far-away.test")
        let notice = try #require(await server.waitForMail("alice", timeout: .seconds(20)).first)
        let report = try #require(DeliveryStatusNotification.parse(TestMailServer.originalMessage(notice)))
        #expect(report.recipients.first?["action"] == "delayed")
        #expect(report.recipients.first?["status"] == "4.3.0")
        #expect(report.recipients.first?["will-retry-until"] != nil)
        // Further attempts fail too, but the sender is told only once.
        try await Task.sleep(for: .seconds(3))
        #expect(sink.attempts >= 3)
        #expect(await server.waitForMail("alice", timeout: .milliseconds(100)).count == 1)
        #expect(try await server.server.messageStore.recipientCounts()[.bounced] == nil)
    }

    @Test("a bounce that cannot be delivered is not bounced again: it goes to the postmaster")
    func doubleBounce() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.unknownRecipients = ["nobody"]
        let sink = try await TestSMTPSink.start(behaviour)
        let server = try await server(relayingTo: sink)
        defer { Task { await server.stop(); await sink.stop() } }
        try await submit(server, to: "nobody@far-away.test", from: "<>")
        let report = try #require(await server.waitForMail("postmaster").first)
        #expect(String(decoding: report, as: UTF8.self).contains("multipart/report"))
        try await Task.sleep(for: .milliseconds(500))
        #expect(await server.waitForMail("postmaster", timeout: .milliseconds(100)).count == 1)
    }
}

@Suite("Local delivery failures", .serialized)
struct LocalBounceTests {
    @Test("a local recipient that no longer exists bounces to the sender, and no Maildir is created for it")
    func vanishedMailbox() async throws {
        let server = try await TestMailServer.start()
        defer { Task { await server.stop() } }
        // As if ghost@ had been a user when the message was accepted and was removed since.
        let ghost = Envelope.Recipient(forwardPath: .mailbox(Mailbox("ghost@example.test")!))
        let message = IncomingMessage(
            id: QueueID.make(),
            envelope: Envelope(
                clientName: "client.test", usedExtendedHello: true, isTLS: false, authenticatedUser: nil,
                reversePath: .mailbox(Mailbox("alice@example.test")!), mailParameters: MailParameters(), recipients: [ghost]
            ),
            content: Array("Subject: to a ghost\r\n\r\nboo\r\n".utf8),
            receivedAt: Date().timeIntervalSince1970,
            clientAddress: "127.0.0.1",
            deliveries: [PlannedDelivery(recipient: ghost, mailbox: ghost.forwardPath.mailbox!, route: .local)]
        )
        try await server.server.messageStore.store(message)
        let bounce = try #require(await server.waitForMail("alice").first)
        let report = try #require(DeliveryStatusNotification.parse(TestMailServer.originalMessage(bounce)))
        #expect(report.recipients.first?["status"] == "5.1.1")
        #expect(report.recipients.first?["final-recipient"]?.contains("ghost@example.test") == true)
        let ghostFolder = URL(fileURLWithPath: server.server.configuration.dataDirectory).appendingPathComponent("mail/example.test/ghost")
        #expect(!FileManager.default.fileExists(atPath: ghostFolder.path))
    }
}
