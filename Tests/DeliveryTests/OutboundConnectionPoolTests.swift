import Delivery
import PostamtTestSupport
import SMTPClient
import SMTPCore
import Testing

@Suite("OutboundConnectionPool: limits per server and in all, reuse, idle expiry", .timeLimit(.minutes(1)))
struct OutboundConnectionPoolTests {
    static func destination(_ port: Int, tls: ClientSession.TLSPolicy = .none) -> DeliveryTarget {
        DeliveryTarget(host: "127.0.0.1", port: port, serverName: nil, tlsPolicy: tls)
    }

    static func connect(_ target: DeliveryTarget) async throws -> SMTPClientConnection {
        try await SMTPClientConnection.connect(
            host: target.host, port: target.port, serverName: nil,
            configuration: SMTPClientConnection.Configuration(session: ClientSession.Configuration(clientName: "client.example.test", tlsPolicy: target.tlsPolicy))
        )
    }

    /// Asks for a connection in a task of its own and returns once the request waits.
    static func waitingRequest(_ pool: OutboundConnectionPool, _ target: DeliveryTarget) async -> Task<OutboundConnectionPool.Grant, Never> {
        let before = await pool.waitingRequests
        let request = Task { await pool.acquire(target) }
        _ = await eventually { await pool.waitingRequests > before }
        return request
    }

    @Test("no more connections to one server than its limit; a release lets the next one open")
    func perDestinationLimit() async throws {
        let pool = OutboundConnectionPool(limits: .init(total: 10, perDestination: 2))
        let server = Self.destination(2525)
        for _ in 0..<2 {
            guard case .open = await pool.acquire(server) else { Issue.record("expected a slot"); return }
        }
        let third = await Self.waitingRequest(pool, server)
        #expect(await pool.waitingRequests == 1)
        #expect(await pool.openConnections(to: server) == (destination: 2, total: 2))
        await pool.release(server, discarding: nil)
        guard case .open = await third.value else { Issue.record("the waiting request got no slot"); return }
        #expect(await pool.waitingRequests == 0)
        #expect(await pool.openConnections(to: server).destination == 2)
    }

    @Test("a request for a busy server does not hold up another server")
    func busyServerDoesNotBlockOthers() async throws {
        let pool = OutboundConnectionPool(limits: .init(total: 10, perDestination: 1))
        let busy = Self.destination(2525)
        let other = Self.destination(2526)
        guard case .open = await pool.acquire(busy) else { Issue.record("expected a slot"); return }
        let waiting = await Self.waitingRequest(pool, busy)
        guard case .open = await pool.acquire(other) else { Issue.record("the other server got no slot"); return }
        await pool.release(busy, discarding: nil)
        guard case .open = await waiting.value else { Issue.record("expected a slot"); return }
    }

    @Test("with many requests waiting for a busy server, a release elsewhere serves the request behind them, and each release there the next in line")
    func manyWaitersForOneServer() async throws {
        let pool = OutboundConnectionPool(limits: .init(total: 10, perDestination: 1))
        let busy = Self.destination(2525)
        let other = Self.destination(2526)
        guard case .open = await pool.acquire(busy), case .open = await pool.acquire(other) else { Issue.record("expected slots"); return }
        var waitingForBusy = [Task<OutboundConnectionPool.Grant, Never>]()
        for _ in 0..<50 { waitingForBusy.append(await Self.waitingRequest(pool, busy)) }
        let waitingForOther = await Self.waitingRequest(pool, other)
        await pool.release(other, discarding: nil)
        guard case .open = await waitingForOther.value else { Issue.record("the request for the other server got no slot"); return }
        #expect(await pool.waitingRequests == 50)
        for (served, request) in waitingForBusy.enumerated() {
            await pool.release(busy, discarding: nil)
            guard case .open = await request.value else { Issue.record("request \(served) got no slot"); return }
            #expect(await pool.waitingRequests == 49 - served)
        }
    }

    @Test("the total limit holds across servers, and waiting requests are served in order")
    func totalLimit() async throws {
        let pool = OutboundConnectionPool(limits: .init(total: 2, perDestination: 2))
        let a = Self.destination(1), b = Self.destination(2), c = Self.destination(3)
        guard case .open = await pool.acquire(a), case .open = await pool.acquire(b) else { Issue.record("expected slots"); return }
        let first = await Self.waitingRequest(pool, c)
        let second = await Self.waitingRequest(pool, a)
        await pool.release(b, discarding: nil)
        guard case .open = await first.value else { Issue.record("expected a slot"); return }
        #expect(await pool.waitingRequests == 1, "the second request still waits: two connections are open")
        await pool.release(c, discarding: nil)
        guard case .open = await second.value else { Issue.record("expected a slot"); return }
        #expect(await pool.openConnections(to: a) == (destination: 2, total: 2))
    }

    @Test("a released connection is lent again for the same server and settings, with its message count")
    func reuse() async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let pool = OutboundConnectionPool(limits: .init(total: 4, perDestination: 2, messagesPerConnection: 10, idleTime: .seconds(60)))
        let server = Self.destination(sink.port)
        guard case .open = await pool.acquire(server) else { Issue.record("expected a slot"); return }
        let connection = try await Self.connect(server)
        await pool.release(server, keeping: .init(connection: connection, messagesSent: 3))
        #expect(await pool.openConnections(to: server) == (destination: 1, total: 1), "an idle connection still counts")
        guard case .reuse(let pooled) = await pool.acquire(server) else { Issue.record("not reused"); return }
        #expect(pooled.connection === connection)
        #expect(pooled.messagesSent == 3)
        await pool.release(server, keeping: pooled)
        await pool.drain()
        #expect(await eventually { !(await connection.isReady) }, "drain closes idle connections")
        #expect(await pool.openConnections(to: server).total == 0)
    }

    @Test("a connection with other settings is not lent; at the limit the idle one is closed for a new one")
    func otherSettingsAreNotReused() async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let pool = OutboundConnectionPool(limits: .init(total: 4, perDestination: 1, idleTime: .seconds(60)))
        let plain = Self.destination(sink.port, tls: .none)
        let opportunistic = Self.destination(sink.port, tls: .opportunistic)
        guard case .open = await pool.acquire(plain) else { Issue.record("expected a slot"); return }
        let connection = try await Self.connect(plain)
        await pool.release(plain, keeping: .init(connection: connection, messagesSent: 1))
        guard case .open = await pool.acquire(opportunistic) else { Issue.record("expected a new slot, not the plaintext connection"); return }
        #expect(await eventually { !(await connection.isReady) }, "the idle connection made room")
        #expect(await pool.openConnections(to: plain) == (destination: 1, total: 1))
    }

    @Test("a connection that carried its limit of messages is closed, not kept")
    func messageLimit() async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let pool = OutboundConnectionPool(limits: .init(total: 4, perDestination: 2, messagesPerConnection: 2, idleTime: .seconds(60)))
        let server = Self.destination(sink.port)
        guard case .open = await pool.acquire(server) else { Issue.record("expected a slot"); return }
        let connection = try await Self.connect(server)
        await pool.release(server, keeping: .init(connection: connection, messagesSent: 2))
        #expect(await eventually { !(await connection.isReady) })
        guard case .open = await pool.acquire(server) else { Issue.record("a spent connection was lent again"); return }
    }

    @Test("an idle connection is closed after the idle time")
    func idleExpiry() async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let pool = OutboundConnectionPool(limits: .init(total: 4, perDestination: 2, idleTime: .milliseconds(100)))
        let server = Self.destination(sink.port)
        guard case .open = await pool.acquire(server) else { Issue.record("expected a slot"); return }
        let connection = try await Self.connect(server)
        await pool.release(server, keeping: .init(connection: connection, messagesSent: 1))
        #expect(await eventually { await pool.openConnections(to: server).total == 0 })
        #expect(await eventually { !(await connection.isReady) })
        guard case .open = await pool.acquire(server) else { Issue.record("an expired connection was lent"); return }
    }

    @Test("a connection lent again before its idle time is kept past the first expiry, and closes after its second idle time")
    func reuseRestartsIdleTime() async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let idleTime = Duration.seconds(2)
        let server = Self.destination(sink.port)
        // The check must fall after the first release's expiry and before the second's. A
        // test process busy elsewhere can wake this task too late for that; such a try
        // proves nothing either way and is made again.
        for _ in 0..<3 {
            let pool = OutboundConnectionPool(limits: .init(total: 4, perDestination: 2, idleTime: idleTime))
            guard case .open = await pool.acquire(server) else { Issue.record("expected a slot"); return }
            let connection = try await Self.connect(server)
            let firstRelease = ContinuousClock.now
            await pool.release(server, keeping: .init(connection: connection, messagesSent: 1))
            try await Task.sleep(until: firstRelease + .seconds(1))
            guard ContinuousClock.now < firstRelease + idleTime - .milliseconds(200) else {
                // Woken so late that the first expiry may have come: nothing to lend again.
                await pool.drain()
                continue
            }
            guard case .reuse(let pooled) = await pool.acquire(server) else { Issue.record("the idle connection was not lent"); return }
            let secondRelease = ContinuousClock.now
            await pool.release(server, keeping: pooled)
            try await Task.sleep(until: firstRelease + idleTime + .milliseconds(300))
            let stillOpen = await connection.isReady
            let total = await pool.openConnections(to: server).total
            guard ContinuousClock.now < secondRelease + idleTime - .milliseconds(100) else {
                await pool.drain()
                continue
            }
            #expect(stillOpen, "the first release's expiry closed a connection lent again since")
            #expect(total == 1)
            #expect(await eventually { await pool.openConnections(to: server).total == 0 })
            #expect(await eventually { !(await connection.isReady) })
            return
        }
        Issue.record("three tries in a row were woken too late to check between the two expiries")
    }

    @Test("at the limit, a connection to a server that pipelines is shared by up to messagesInFlight deliveries, and kept when the last is done")
    func sharing() async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let pool = OutboundConnectionPool(limits: .init(total: 4, perDestination: 1, idleTime: .seconds(60), messagesInFlight: 3))
        let server = Self.destination(sink.port)
        guard case .open = await pool.acquire(server) else { Issue.record("expected a slot"); return }
        let connection = try await Self.connect(server)
        #expect(connection.extensions.pipelining)
        await pool.opened(server, connection)
        var borrowed = [OutboundConnectionPool.PooledConnection]()
        for expected in 1...2 {
            guard case .reuse(let shared) = await pool.acquire(server) else { Issue.record("not shared"); return }
            #expect(shared.connection === connection)
            #expect(shared.messagesSent == expected, "messages given to the connection before this one")
            borrowed.append(shared)
        }
        let fourth = await Self.waitingRequest(pool, server)
        #expect(await pool.openConnections(to: server) == (destination: 1, total: 1), "sharing opens nothing")
        await pool.release(server, keeping: borrowed.removeFirst())
        guard case .reuse(let shared) = await fourth.value else { Issue.record("the waiting request was not given a share"); return }
        #expect(shared.connection === connection && shared.messagesSent == 3)
        borrowed.append(shared)
        for pooled in borrowed { await pool.release(server, keeping: pooled) }
        #expect(await pool.openConnections(to: server) == (destination: 1, total: 1))
        // The first delivery, which opened it, gives it back last.
        await pool.release(server, keeping: .init(connection: connection, messagesSent: 0))
        guard case .reuse(let idle) = await pool.acquire(server) else { Issue.record("not kept"); return }
        #expect(idle.connection === connection && idle.messagesSent == 4)
        await pool.release(server, keeping: idle)
        await pool.drain()
    }

    @Test("a shared connection found broken is lent to no one else; when its last delivery is done, its place goes to a new one")
    func brokenSharedConnection() async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let pool = OutboundConnectionPool(limits: .init(total: 4, perDestination: 1, idleTime: .seconds(60), messagesInFlight: 4))
        let server = Self.destination(sink.port)
        guard case .open = await pool.acquire(server) else { Issue.record("expected a slot"); return }
        let connection = try await Self.connect(server)
        await pool.opened(server, connection)
        guard case .reuse(let shared) = await pool.acquire(server) else { Issue.record("not shared"); return }
        await pool.release(server, discarding: connection)
        let waiting = await Self.waitingRequest(pool, server)
        #expect(await pool.waitingRequests == 1, "a broken connection is not shared")
        await pool.release(server, keeping: shared)
        guard case .open = await waiting.value else { Issue.record("the place was not freed"); return }
        #expect(await eventually { !(await connection.isReady) }, "a broken connection is not kept")
    }

    @Test("no sharing with messagesInFlight 1, nor for a request that wants a new connection")
    func noSharing() async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let server = Self.destination(sink.port)
        for (inFlight, reuse) in [(1, true), (4, false)] {
            let pool = OutboundConnectionPool(limits: .init(total: 4, perDestination: 1, idleTime: .seconds(60), messagesInFlight: inFlight))
            guard case .open = await pool.acquire(server) else { Issue.record("expected a slot"); return }
            let connection = try await Self.connect(server)
            await pool.opened(server, connection)
            let before = await pool.waitingRequests
            let request = Task { await pool.acquire(server, reuse: reuse) }
            #expect(await eventually { await pool.waitingRequests > before }, "messagesInFlight \(inFlight), reuse \(reuse)")
            await pool.release(server, discarding: connection)
            await connection.close()
            guard case .open = await request.value else { Issue.record("expected a slot"); return }
            await pool.release(server, discarding: nil)
        }
    }
}
