import Bounces
import DNS
import Delivery
import Foundation
import Logging
import PostamtConfiguration
import PostamtTestSupport
import SMTPCore
import Testing

@testable import PostamtServer

/// Mail routed by real DNS: a dnsmasq on loopback answers MX and address queries, libunbound
/// asks it, and the test sink plays the recipient domain's mail server.
@Suite("Delivery by MX records (dnsmasq, libunbound)", .serialized)
struct MXDeliveryTests {
    private func server(dnsmasq: Dnsmasq, sinkPort: Int) async throws -> TestMailServer {
        let resolver = try UnboundResolver(configuration: .init(upstream: .forwarders([dnsmasq.forwarder]), queryTimeout: .seconds(2)))
        let router = DNSRouter(resolver: resolver, port: sinkPort)
        return try await TestMailServer.start(
            adjust: {
                $0.trustedNetworks = [IPNetwork("127.0.0.0/8")!]
                $0.retry = RetrySchedule(firstInterval: .seconds(1), backoffMultiplier: 1, maximumInterval: .seconds(1), lifetime: .seconds(60), delayNotice: nil)
            },
            mxRoute: { await router.route(for: $0) }
        )
    }

    private func submit(_ server: TestMailServer, to recipient: String) async throws {
        let client = try await TestSMTPClient.connect(port: server.mx)
        _ = try await client.readReply()
        try await client.send("EHLO app\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<\(recipient)>\r\nDATA\r\nSubject: via MX\r\n\r\nhi\r\n.\r\n")
        #expect(try await client.readReplies(5).last?.code == 250)
    }

    @Test("the lowest-preference MX that answers gets the message; a dead one is skipped", .enabled(if: Dnsmasq.isAvailable))
    func mxPreference() async throws {
        let sink = try await TestSMTPSink.start()
        // mx1 (preference 10) points to an address where nothing listens; mx2 (20) to the sink.
        let dnsmasq = try Dnsmasq(extraRecords: [
            "--mx-host=far.test,mx1.far.test,10", "--mx-host=far.test,mx2.far.test,20",
            "--host-record=mx1.far.test,127.0.0.254", "--host-record=mx2.far.test,127.0.0.1",
        ])
        let server = try await server(dnsmasq: dnsmasq, sinkPort: sink.port)
        defer {
            dnsmasq.stop()
            Task { await server.stop(); await sink.stop() }
        }
        try await submit(server, to: "bob@far.test")
        // The sink stores before it answers 250, and Postamt logs after: wait for both.
        for _ in 0..<200 where sink.received.isEmpty || !server.log.contains("relay=mx2.far.test") {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(sink.received.count == 1)
        #expect(server.log.contains("connection failed") && server.log.contains("mx1.far.test"))
        #expect(server.log.contains("relay=mx2.far.test"))
    }

    @Test("[dns] servers from the configuration are where MX lookups go", .enabled(if: Dnsmasq.isAvailable))
    func configuredNameServers() async throws {
        let dnsmasq = try Dnsmasq(extraRecords: ["--mx-host=far.test,mx.far.test,10", "--host-record=mx.far.test,127.0.0.1"])
        defer { dnsmasq.stop() }
        let configured = PostamtServer.dnsRoute(
            DNSSettings(servers: [DNSSettings.Server(address: "127.0.0.1", port: Int(dnsmasq.port))], timeout: .seconds(2)),
            logger: Logger(label: "test")
        )
        guard case .targets(let targets) = await configured("far.test") else { Issue.record("no route"); return }
        #expect(targets.map(\.label) == ["mx.far.test[127.0.0.1]:25"])
        // Without servers the system's resolv.conf is used, which knows nothing of far.test.
        let system = PostamtServer.dnsRoute(DNSSettings(timeout: .seconds(2)), logger: Logger(label: "test"))
        if case .targets(let targets) = await system("far.test") { Issue.record("the system resolver knew far.test: \(targets)") }
    }

    @Test("a domain without MX records gets its mail at its own address (implicit MX)", .enabled(if: Dnsmasq.isAvailable))
    func implicitMX() async throws {
        let sink = try await TestSMTPSink.start()
        let dnsmasq = try Dnsmasq(extraRecords: ["--host-record=plain.test,127.0.0.1"])
        let server = try await server(dnsmasq: dnsmasq, sinkPort: sink.port)
        defer {
            dnsmasq.stop()
            Task { await server.stop(); await sink.stop() }
        }
        try await submit(server, to: "carol@plain.test")
        for _ in 0..<200 where sink.received.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        #expect(sink.received.first?.envelope.recipients.first?.forwardPath.description == "<carol@plain.test>")
    }

    @Test("a null MX (RFC 7505) bounces at once with 5.1.10; a nonexistent domain with 5.1.2", .enabled(if: Dnsmasq.isAvailable))
    func nullMXAndNXDOMAIN() async throws {
        let sink = try await TestSMTPSink.start()
        let dnsmasq = try Dnsmasq()
        let server = try await server(dnsmasq: dnsmasq, sinkPort: sink.port)
        defer {
            dnsmasq.stop()
            Task { await server.stop(); await sink.stop() }
        }
        try await submit(server, to: "x@nullmx.test")
        try await submit(server, to: "y@nxdomain.test")
        let bounces = await server.waitForMail("alice", count: 2, timeout: .seconds(60))
        let statuses = bounces.compactMap { DeliveryStatusNotification.parse(TestMailServer.originalMessage($0))?.recipients.first?["status"] }
        #expect(Set(statuses) == ["5.1.10", "5.1.2"])
        #expect(sink.received.isEmpty)
    }
}
