import Foundation
import NIOCore
import PostamtTestSupport
import SMTPCore
import Testing

@testable import SMTPServer

@Suite("SMTP listeners over real sockets")
struct SMTPServerTests {
    @Test("a pipelined transaction in one write is answered in order, and 250 comes after storage")
    func pipelining() async throws {
        let fixture = try await ServerFixture.start()
        fixture.delegate.storeDelay.withLockedValue { $0 = .milliseconds(200) }
        let client = try await fixture.connect(.mx)
        #expect(try await client.readReply().code == 220)
        try await client.send("EHLO c\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<x@example.test>\r\nRCPT TO:<y@other.test>\r\nDATA\r\n")
        let replies = try await client.readReplies(5).map { $0.code.rawValue }
        #expect(replies == [250, 250, 250, 554, 354])
        try await client.send("Subject: t\r\n\r\nbody\r\n.\r\nQUIT\r\n")
        let stored = try await client.readReply()
        #expect(stored.code == 250 && stored.text.contains("queued as Q1"))
        #expect(fixture.delegate.stored.withLockedValue { $0.count } == 1)
        #expect(try await client.readReply().code == 221)
        #expect(await client.waitForClose())
        await fixture.server.shutdown()
    }

    @Test("answers the delegate has at once and stores done before they return: two pipelined transactions answered in order, a failed store with its 4xx")
    func answersAtOnce() async throws {
        let fixture = try await ServerFixture.start()
        fixture.delegate.answersAtOnce.withLockedValue { $0 = true }
        let client = try await fixture.connect(.mx)
        _ = try await client.readReply()
        try await client.send(
            "EHLO c\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<x@example.test>\r\nRCPT TO:<y@other.test>\r\nDATA\r\none\r\n.\r\n"
                + "MAIL FROM:<b@remote.test>\r\nRCPT TO:<z@example.test>\r\nDATA\r\ntwo\r\n.\r\nNOOP\r\n"
        )
        let replies = try await client.readReplies(10).map(\.shortText)
        #expect(replies == ["250", "250 2.1.0", "250 2.1.5", "554 5.7.1", "354", "250 2.0.0", "250 2.1.0", "250 2.1.5", "354", "250 2.0.0"])
        #expect(try await client.readReply().shortText == "250 2.0.0")
        let stored = fixture.delegate.stored.withLockedValue { $0.map { ($0.0.reversePath.description, $0.1) } }
        #expect(stored.map(\.0) == ["<a@remote.test>", "<b@remote.test>"])
        #expect(stored.map(\.1) == [Array("one\r\n".utf8), Array("two\r\n".utf8)])

        fixture.delegate.storageResult.withLockedValue { $0 = .failed(Reply(451, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "Try again later")) }
        try await client.send("MAIL FROM:<c@remote.test>\r\nRCPT TO:<x@example.test>\r\nDATA\r\nthree\r\n.\r\nQUIT\r\n")
        #expect(try await client.readReplies(5).map(\.shortText) == ["250 2.1.0", "250 2.1.5", "354", "451 4.3.0", "221 2.0.0"])
        #expect(await client.waitForClose())
        #expect(fixture.delegate.stored.withLockedValue { $0.count } == 2)
        await fixture.server.shutdown()
    }

    @Test("a client that pipelines more than the session may hold while a message is stored is paused, not cut off")
    func pipelinedInputBeyondTheHoldLimit() async throws {
        let fixture = try await ServerFixture.start()
        fixture.delegate.storeDelay.withLockedValue { $0 = .milliseconds(300) }
        let client = try await fixture.connect(.mx)
        _ = try await client.readReply()
        try await client.send("EHLO c\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<x@example.test>\r\nDATA\r\n")
        _ = try await client.readReplies(4)
        // The second transaction, 1.5 MiB, follows the first message's final dot at once:
        // more than the 1 MiB the session holds while the first is being stored.
        let line = String(repeating: "x", count: 98) + "\r\n"
        let body = String(repeating: line, count: 15 * 1024 * 1024 / 10 / 100)
        try await client.send("first\r\n.\r\nMAIL FROM:<b@remote.test>\r\nRCPT TO:<y@example.test>\r\nDATA\r\n" + body + ".\r\nQUIT\r\n")
        let replies = try await client.readReplies(6).map(\.shortText)
        #expect(replies == ["250 2.0.0", "250 2.1.0", "250 2.1.5", "354", "250 2.0.0", "221 2.0.0"])
        let stored = fixture.delegate.stored.withLockedValue { $0.map { $0.1.count } }
        #expect(stored == [7, body.utf8.count])
        await fixture.server.shutdown()
    }

    @Test("STARTTLS: commands pipelined after it are discarded, the session restarts under TLS")
    func startTLSInjection() async throws {
        let fixture = try await ServerFixture.start()
        let client = try await fixture.connect(.submission)
        _ = try await client.readReply()
        try await client.send("EHLO c\r\n")
        #expect(try await client.readReply().lines.contains("STARTTLS"))
        try await client.send("STARTTLS\r\nMAIL FROM:<evil@x.test>\r\n")
        #expect(try await client.readReply().code == 220)
        try await client.startTLS(fixture.clientTLS, serverName: "mx.example.test")
        try await client.send("NOOP\r\n")
        // Only the NOOP is answered: the MAIL sent in plaintext was never executed.
        #expect(try await client.readReply().shortText == "250 2.0.0")
        try await client.send("EHLO c\r\n")
        let ehlo = try await client.readReply()
        #expect(ehlo.lines.contains("AUTH PLAIN LOGIN") && !ehlo.lines.contains("STARTTLS"))
        try await client.send("AUTH PLAIN \(Base64.encode(Array("\0alice\0secret".utf8)))\r\n")
        #expect(try await client.readReply().shortText == "235 2.7.0")
        await fixture.server.shutdown()
    }

    @Test("plaintext EHLO on the implicit-TLS port gets a plaintext 554 that says what to change")
    func plaintextOnImplicitTLSPort() async throws {
        // A long silence limit, so the EHLO path is taken even on a loaded machine.
        let fixture = try await ServerFixture.start(silenceLimit: .seconds(120))
        let client = try await fixture.connect(.submissions)
        try await client.send("EHLO confused.client\r\n")
        let reply = try await client.readReply()
        #expect(reply.shortText == "554 5.7.0")
        #expect(reply.text.contains("RFC 8314") && reply.text.contains("587"))
        #expect(await client.waitForClose())
        await fixture.server.shutdown()
    }

    @Test("a plaintext client that waits for a greeting on the implicit-TLS port is told too")
    func silentClientOnImplicitTLSPort() async throws {
        let fixture = try await ServerFixture.start(silenceLimit: .milliseconds(200))
        let client = try await fixture.connect(.submissions)
        let reply = try await client.readReply()
        #expect(reply.code == 554 && reply.text.contains("expects TLS"))
        await fixture.server.shutdown()
    }

    @Test("a TLS client on the implicit-TLS port gets its greeting over TLS")
    func implicitTLS() async throws {
        let fixture = try await ServerFixture.start()
        let client = try await fixture.connect(.submissions, tls: true)
        #expect(try await client.readReply().code == 220)
        #expect(client.tlsHandshakeCompleted)
        try await client.send("EHLO c\r\n")
        #expect(try await client.readReply().lines.contains("AUTH PLAIN LOGIN"))
        await fixture.server.shutdown()
    }

    @Test("a TLS client that goes quiet after its greeting is not taken for a silent plaintext client")
    func quietTLSClientOnImplicitTLSPort() async throws {
        let fixture = try await ServerFixture.start(silenceLimit: .seconds(1))
        let client = try await fixture.connect(.submissions, tls: true)
        #expect(try await client.readReply().code == 220)
        // Well past the silence limit: the wait for a ClientHello ended with the handshake.
        try await Task.sleep(for: .milliseconds(2500))
        try await client.send("EHLO c\r\n")
        #expect(try await client.readReply().code == 250)
        #expect(fixture.events.withLockedValue { $0 }.isEmpty)
        await fixture.server.shutdown()
    }

    @Test("a TLS ClientHello on the STARTTLS port is recognised and the connection closed")
    func tlsOnPlaintextPort() async throws {
        let fixture = try await ServerFixture.start()
        // A TLS client that connects to 587 as if it were 465: its handshake must fail.
        let client = try await fixture.connect(.submission, tls: true)
        #expect(await client.waitForClose())
        #expect(!client.tlsHandshakeCompleted)
        await fixture.server.shutdown()
    }

    @Test("connections over the per-client limit get 421 4.7.0")
    func perClientLimit() async throws {
        let fixture = try await ServerFixture.start(maximumPerClient: 2)
        let first = try await fixture.connect(.mx)
        let second = try await fixture.connect(.mx)
        #expect(try await first.readReply().code == 220)
        #expect(try await second.readReply().code == 220)
        let third = try await fixture.connect(.mx)
        #expect(try await third.readReply().shortText == "421 4.7.0")
        #expect(await third.waitForClose())
        await first.close()
        // The server sees the close a moment later; until then a new connection is still
        // one too many.
        var greeting: Reply?
        for _ in 0..<100 {
            let fourth = try await fixture.connect(.mx)
            let reply = try await fourth.readReply()
            if reply.code == 220 {
                greeting = reply
                break
            }
            await fourth.close()
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(greeting?.code == 220)
        await fixture.server.shutdown()
    }

    @Test("an idle client is disconnected with 421 4.4.2 (RFC 5321 §4.5.3.2)")
    func idleTimeout() async throws {
        let fixture = try await ServerFixture.start(commandTimeout: .milliseconds(300))
        let client = try await fixture.connect(.mx)
        _ = try await client.readReply()
        #expect(try await client.readReply().shortText == "421 4.4.2")
        #expect(await client.waitForClose())
        await fixture.server.shutdown()
    }

    @Test("a client that stalls inside DATA is disconnected after the data timeout, and nothing is stored")
    func dataTimeout() async throws {
        let fixture = try await ServerFixture.start(commandTimeout: .seconds(30), dataTimeout: .milliseconds(300))
        let client = try await fixture.connect(.mx)
        _ = try await client.readReply()
        try await client.send("EHLO c\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<x@example.test>\r\nDATA\r\npartial line")
        _ = try await client.readReplies(4)
        #expect(try await client.readReply().shortText == "421 4.4.2")
        #expect(fixture.delegate.stored.withLockedValue { $0.isEmpty })
        await fixture.server.shutdown()
    }

    @Test("a client that keeps sending commands is never timed out; once quiet it gets 421 4.4.2")
    func activeSessionIsNotTimedOut() async throws {
        let timeout = Duration.seconds(1)
        let fixture = try await ServerFixture.start(commandTimeout: TimeAmount(timeout), dataTimeout: .seconds(30))
        // When the connection was opened, then when the last answered NOOP was sent: the
        // server saw each later, so its idle deadline lies at least a timeout after this
        // (a reply, read by polling, may be seen much later on a loaded machine and would
        // not do as the mark).
        var lastSent = ContinuousClock.now
        let client = try await fixture.connect(.mx)
        _ = try await client.readReply()
        // Two and a half timeouts of NOOPs, each well inside the timeout of the one before.
        for _ in 0..<12 {
            let sent = ContinuousClock.now
            let reply = try? await { () async throws -> Reply in
                try await client.send("NOOP\r\n")
                return try await client.readReply()
            }()
            if reply?.shortText != "250 2.0.0" {
                // Only this test stalling for a whole timeout (a loaded machine) may cut
                // the session short; the server moving the deadline late may not.
                #expect(ContinuousClock.now - lastSent >= timeout, "timed out \(ContinuousClock.now - lastSent) after the last NOOP: \(String(describing: reply))")
                await fixture.server.shutdown()
                return
            }
            lastSent = sent
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(try await client.readReply().shortText == "421 4.4.2")
        #expect(await client.waitForClose())
        await fixture.server.shutdown()
    }

    @Test("after a message, the command timeout applies again, not the longer data timeout")
    func commandTimeoutAfterData() async throws {
        // The 421 within a minute shows it is not the ten-minute data timeout.
        let timeout = Duration.seconds(10)
        let fixture = try await ServerFixture.start(commandTimeout: TimeAmount(timeout), dataTimeout: .seconds(600))
        let client = try await fixture.connect(.mx)
        var lastSent = ContinuousClock.now
        let stored = try? await { () async throws -> Bool in
            _ = try await client.readReply()
            lastSent = .now
            try await client.send("EHLO c\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<x@example.test>\r\nDATA\r\n")
            _ = try await client.readReplies(4)
            lastSent = .now
            try await client.send("body\r\n.\r\n")
            return try await client.readReply().code == 250
        }()
        guard stored == true else {
            // Only this test stalling for a whole command timeout before its message was
            // stored (a full test run once stalled it 14 s) may cut the session short.
            #expect(ContinuousClock.now - lastSent >= timeout, "the session ended \(ContinuousClock.now - lastSent) after the last command")
            await fixture.server.shutdown()
            return
        }
        #expect(try await client.readReply(timeout: .seconds(60)).shortText == "421 4.4.2")
        #expect(await client.waitForClose())
        await fixture.server.shutdown()
    }

    @Test("a storage failure is answered with its 4xx; the connection and the server go on")
    func storageFailure() async throws {
        let fixture = try await ServerFixture.start()
        fixture.delegate.storageResult.withLockedValue {
            $0 = .failed(Reply(451, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "Temporary failure storing the message (ref X)"))
        }
        let client = try await fixture.connect(.mx)
        _ = try await client.readReply()
        try await client.send("EHLO c\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<x@example.test>\r\nDATA\r\n")
        _ = try await client.readReplies(4)
        try await client.send("x\r\n.\r\n")
        #expect(try await client.readReply().shortText == "451 4.3.0")
        fixture.delegate.storageResult.withLockedValue { $0 = nil }
        try await client.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<x@example.test>\r\nDATA\r\ny\r\n.\r\n")
        #expect(try await client.readReplies(4).map(\.code.rawValue) == [250, 250, 354, 250])
        await fixture.server.shutdown()
    }

    @Test("shutdown: an idle session gets 421 4.3.2, a session in a transaction may finish it")
    func gracefulShutdown() async throws {
        let fixture = try await ServerFixture.start()
        let idle = try await fixture.connect(.mx)
        let busy = try await fixture.connect(.mx)
        _ = try await idle.readReply()
        _ = try await busy.readReply()
        try await idle.send("EHLO idle\r\n")
        _ = try await idle.readReply()
        try await busy.send("EHLO busy\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<x@example.test>\r\nDATA\r\n")
        _ = try await busy.readReplies(4)
        let shutdown = Task { await fixture.server.shutdown(gracePeriod: .seconds(5)) }
        #expect(try await idle.readReply().shortText == "421 4.3.2")
        try await busy.send("message\r\n.\r\n")
        #expect(try await busy.readReply().code == 250)
        try await busy.send("MAIL FROM:<a@remote.test>\r\n")
        #expect(try await busy.readReply().shortText == "421 4.3.2")
        await shutdown.value
        #expect(fixture.delegate.stored.withLockedValue { $0.count } == 1)
        // The listeners are closed: a new connection is refused, or (should another test's
        // listener have been given the freed port meanwhile) at least not greeted by this server.
        if let late = try? await fixture.connect(.mx) {
            let reply = try? await late.readReply(timeout: .seconds(2))
            #expect(reply?.text.contains("mx.example.test") != true)
            await late.close()
        }
    }

    @Test("SMTP smuggling over the wire: a bare-LF end of data is content, not a second message")
    func smuggling() async throws {
        let fixture = try await ServerFixture.start()
        let client = try await fixture.connect(.mx)
        _ = try await client.readReply()
        try await client.send("EHLO c\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<x@example.test>\r\nDATA\r\n")
        _ = try await client.readReplies(4)
        try await client.send("Subject: t\r\n\r\nhi\n.\nMAIL FROM:<admin@example.test>\nRCPT TO:<x@example.test>\nDATA\nforged\n.\n\r\n.\r\n")
        #expect(try await client.readReply().shortText == "550 5.6.0")
        try await client.send("NOOP\r\n")
        #expect(try await client.readReply().code == 250)
        #expect(fixture.delegate.stored.withLockedValue { $0.isEmpty })
        await fixture.server.shutdown()
    }

    @Test("accepted connections have Nagle's algorithm off, so a reply is sent at once")
    func acceptedConnectionsSendAtOnce() async throws {
        let fixture = try await ServerFixture.start()
        let client = try await fixture.connect(.mx)
        #expect(try await client.readReply().code == 220)
        // The server runs in this process: its accepted socket is one of our descriptors.
        let accepted = ownSockets(onPort: fixture.ports[.mx]!).accepted
        #expect(accepted.count == 1)
        for descriptor in accepted {
            var value: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            #expect(getsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &length) == 0)
            #expect(value == 1)
        }
        try await client.send("QUIT\r\n")
        #expect(try await client.readReply().code == 221)
        await fixture.server.shutdown()
    }
}

@Suite("SMTP listeners on IPv6")
struct SMTPServerIPv6Tests {
    static let hasIPv6Loopback: Bool = {
        let socket = Foundation.socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_loopback
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        } == 0
    }()

    @Test("a listener on ::1 serves IPv6 clients", .enabled(if: hasIPv6Loopback))
    func ipv6() async throws {
        let delegate = RecordingDelegate()
        let server = SMTPServer(settings: SMTPServer.Settings(
            listeners: [.init(role: .mx, host: "::1", port: 0, session: .init(hostname: "mx.example.test"))],
            tlsContext: nil,
            delegate: delegate,
            limiter: ConnectionLimiter(maximumTotal: 10, maximumPerClient: 10),
            logger: .init(label: "test")
        ))
        let port = try #require(try await server.start().first?.port)
        let client = try await TestSMTPClient.connect(port: port, host: "::1")
        #expect(try await client.readReply().code == 220)
        try await client.send("EHLO v6\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<x@example.test>\r\nDATA\r\nhi\r\n.\r\n")
        #expect(try await client.readReplies(5).last?.code == 250)
        await server.shutdown()
    }
}

extension Reply {
    /// "250 2.0.0", for compact assertions.
    var shortText: String { enhancedCode.map { "\(code.rawValue) \($0)" } ?? "\(code.rawValue)" }
}
