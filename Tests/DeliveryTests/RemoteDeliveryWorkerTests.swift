import Foundation
import Delivery
import MailQueue
import NIOCore
import NIOPosix
import PostamtTestSupport
import SMTPClient
import SMTPCore
import Testing

@Suite("RemoteDeliveryWorker: connection reuse, concurrency per server, timeouts", .timeLimit(.minutes(2)))
struct RemoteDeliveryWorkerTests {
    @Test("messages to one server share one connection; the per-connection limit opens new ones")
    func connectionReuse() async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let store = try makeStore()
        for index in 0..<5 { try await enqueue(store, to: ["bob@far.test"], subject: "Message \(index)") }
        let worker = makeWorker(store: store, targets: [target(sink)], connections: .init(total: 4, perDestination: 1, messagesPerConnection: 2, idleTime: .seconds(60)))
        await worker.deliverDue()
        #expect(sink.received.count == 5)
        #expect(sink.connectionsUsed == 3, "2 + 2 + 1 messages")
        for index in 0..<5 { try await enqueue(store, to: ["carol@far.test"], subject: "Later \(index)") }
        await worker.deliverDue()
        #expect(sink.received.count == 10)
        #expect(sink.connectionsUsed == 5, "the kept connection carries its second message, then two new ones 2 + 2")
        #expect(try await store.recipientCounts()[.delivered] == 10)
        await worker.connections.drain()
    }

    @Test("deliveries and their connections run on the event loop the settings give, not on NIO's shared loops")
    func outboundEventLoops() async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let store = try makeStore()
        try await enqueue(store, to: ["bob@far.test"])
        let router = LoopRecordingRouter(targets: [target(sink)], loop: loop)
        let worker = makeWorker(store: store, targets: [target(sink)], router: router, eventLoop: loop)
        await worker.deliverDue()
        #expect(sink.received.count == 1)
        #expect(router.calls.withLockedValue { $0 } == [true], "the delivery's task ran off the worker's loop")
        guard case .reuse(let kept) = await worker.connections.acquire(target(sink)) else {
            Issue.record("the connection was not kept for reuse")
            return
        }
        #expect(kept.connection.eventLoop === loop)
        #expect(!MultiThreadedEventLoopGroup.singleton.makeIterator().contains { $0 === kept.connection.eventLoop })
        await worker.connections.release(target(sink), keeping: kept)
        await worker.connections.drain()
        try await group.shutdownGracefully()
    }

    @Test("a wake-up waits the gather delay, so that one claim takes the messages stored meanwhile")
    func gathersMessagesStoredMeanwhile() async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let store = try makeStore()
        let worker = makeWorker(store: store, targets: [target(sink)], gatherDelay: .seconds(2))
        let started = Date().timeIntervalSince1970
        // run() wakes itself at once; the first message is stored then, the second 300 ms later.
        let running = Task { await worker.run() }
        let first = try await enqueue(store, to: ["bob@far.test"])
        worker.wake()
        try await Task.sleep(for: .milliseconds(300))
        let second = try await enqueue(store, to: ["carol@far.test"])
        worker.wake()
        while sink.received.count < 2 { try await Task.sleep(for: .milliseconds(20)) }
        worker.stop()
        await running.value
        let firstAttempt = try #require(try await store.attempts(for: first).first?.attempt.time)
        let secondAttempt = try #require(try await store.attempts(for: second).first?.attempt.time)
        #expect(firstAttempt - started >= 1.9, "the first message was not claimed before the delay")
        // One claim took both: a second claim would have waited another two seconds.
        #expect(abs(secondAttempt - firstAttempt) < 1, "attempts \(firstAttempt) and \(secondAttempt)")
    }

    @Test("each attempt on a reused connection records its own transcript, without the login")
    func transcriptPerMessage() async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let store = try makeStore()
        let worker = makeWorker(store: store, targets: [target(sink)], connections: .init(total: 1, perDestination: 1, idleTime: .seconds(60)))
        let first = try await enqueue(store, to: ["bob@far.test"])
        await worker.deliverDue()
        let second = try await enqueue(store, to: ["bob@far.test"])
        await worker.deliverDue()
        #expect(sink.connectionsUsed == 1)
        let firstTranscript = try #require(try await store.attempts(for: first).first?.attempt.transcript)
        let secondTranscript = try #require(try await store.attempts(for: second).first?.attempt.transcript)
        #expect(firstTranscript.contains("EHLO postamt.example.test"))
        #expect(firstTranscript.contains("MAIL FROM:<alice@example.test>"))
        #expect(!secondTranscript.contains("EHLO"), "the second message did not say EHLO again")
        #expect(secondTranscript.contains("MAIL FROM:<alice@example.test>"))
        #expect(secondTranscript.split(separator: "\n").filter { $0.hasPrefix("C: MAIL FROM") }.count == 1)
        await worker.connections.drain()
    }

    @Test("no more messages reach one server at once than destination_concurrency")
    func destinationConcurrency() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.holdsEachMessage = .milliseconds(300)
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let store = try makeStore()
        for _ in 0..<8 { try await enqueue(store, to: ["bob@far.test"]) }
        let worker = makeWorker(store: store, targets: [target(sink)], connections: .init(total: 10, perDestination: 2))
        await worker.deliverDue()
        #expect(sink.received.count == 8)
        #expect(sink.maximumConcurrentMessages <= 2)
        #expect(sink.connectionsUsed == 2, "two connections, each reused")
        await worker.connections.drain()
    }

    @Test("with every connection to a server busy, more messages share one, pipelined behind the content before; each attempt records its own dialogue")
    func sharedConnection() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.holdsEachMessage = .milliseconds(200)
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let store = try makeStore()
        var ids = [QueueID]()
        for index in 0..<5 { ids.append(try await enqueue(store, to: ["user\(index)@far.test"], subject: "Message \(index)")) }
        let worker = makeWorker(store: store, targets: [target(sink)], connections: .init(total: 4, perDestination: 1, idleTime: .seconds(60), messagesInFlight: 4))
        await worker.deliverDue()
        #expect(sink.received.count == 5)
        #expect(sink.connectionsUsed == 1)
        #expect(try await store.recipientCounts()[.delivered] == 5)
        var pipelined = 0
        var withHandshake = 0
        for (index, id) in ids.enumerated() {
            let transcript = try #require(try await store.attempts(for: id).first?.attempt.transcript)
            let lines = transcript.split(separator: "\n")
            #expect(lines.filter { $0.hasPrefix("C: MAIL FROM") }.count == 1, "\(transcript)")
            #expect(lines.filter { $0.hasPrefix("C: RCPT TO") } == ["C: RCPT TO:<user\(index)@far.test>"], "\(transcript)")
            if transcript.contains("* pipelined") { pipelined += 1 }
            if transcript.contains("EHLO") { withHandshake += 1 }
        }
        // The message that opened the connection records the handshake; every other one
        // went out behind the content of the one before.
        #expect(withHandshake == 1)
        #expect(pipelined == 4)
        await worker.connections.drain()
    }

    @Test("messages waiting behind one the server dropped, with DATA and with BDAT, go on a new connection and cost no failed attempt", arguments: [false, true])
    func sharedConnectionLost(chunking: Bool) async throws {
        var hanging = TestSMTPSink.Behaviour()
        hanging.hangsAfterData = true
        let first = try await TestSMTPSink.start(hanging)
        let second = try await TestSMTPSink.start()
        defer { Task { await second.stop() } }
        let store = try makeStore()
        var ids = [QueueID]()
        for index in 0..<4 { ids.append(try await enqueue(store, to: ["user\(index)@far.test"])) }
        let worker = makeWorker(
            store: store, targets: [target(first), target(second)],
            connections: .init(total: 4, perDestination: 1, idleTime: .seconds(60), messagesInFlight: 4),
            chunking: chunking
        )
        let delivering = Task { await worker.deliverDue() }
        // One message's content is at the first server, which never answers it; the others
        // wait behind it on the same connection. Stopping the server says 421 and closes.
        #expect(await eventually { first.attempts == 1 })
        #expect(await eventually { await worker.connections.activeDeliveries == 4 })
        await first.stop()
        await delivering.value
        #expect(second.received.count == 4, "all went to the next host")
        var attempts = [Int]()
        var results = [[String]]()
        for id in ids {
            let recorded = try await store.attempts(for: id)
            attempts.append(recorded.count)
            results.append(recorded.map { "\($0.attempt.host): \($0.attempt.result)" })
            // A failed attempt only where the content reached the first server, which may
            // have taken it (RFC 1047); the others went on at once.
            for failed in recorded where !failed.attempt.result.hasPrefix("250") {
                #expect(failed.attempt.transcript.contains("<message content"), "\(failed.attempt.transcript)")
            }
        }
        // The one the first server held gets its 421 recorded. The others were never
        // answered there: with DATA their content waited for a 354; with BDAT their chunks
        // went out behind it, but the 421 answered a command before them, so the server
        // read none of them. They record only their delivery.
        #expect(attempts.sorted() == [1, 1, 1, 2], "\(results)")
        #expect(try await store.recipientCounts()[.delivered] == 4)
        await worker.connections.drain()
    }

    @Test("a kept connection the server closed meanwhile is replaced, and costs no failed attempt")
    func staleConnection() async throws {
        let first = try await TestSMTPSink.start()
        let store = try makeStore()
        let worker = makeWorker(store: store, targets: [target(first)], connections: .init(total: 1, perDestination: 1, idleTime: .seconds(60)))
        try await enqueue(store, to: ["bob@far.test"])
        await worker.deliverDue()
        #expect(first.received.count == 1)
        #expect(await worker.connections.openConnections(to: target(first)).total == 1, "kept after the message")
        // The server goes away and comes back on the same port: the kept connection is dead.
        await first.stop()
        // Until the new listener binds, another test's outgoing connection may hold the
        // freed port as its source port for a moment: try again until it is free.
        var restarted: TestSMTPSink?
        for _ in 0..<100 where restarted == nil {
            restarted = try? await TestSMTPSink.start(port: first.port)
            if restarted == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let second = try #require(restarted)
        defer { Task { await second.stop() } }
        let id = try await enqueue(store, to: ["bob@far.test"])
        await worker.deliverDue()
        #expect(second.received.count == 1)
        let attempts = try await store.attempts(for: id)
        #expect(attempts.count == 1)
        #expect(attempts.first?.attempt.result.hasPrefix("250") == true, "\(attempts)")
        await worker.connections.drain()
    }

    @Test("a server that never greets: the greeting timeout defers the message as 4.4.1 (no answer from host)")
    func hangBeforeGreeting() async throws {
        let silent = try SilentListener()
        let store = try makeStore()
        let id = try await enqueue(store, to: ["bob@far.test"])
        let worker = makeWorker(
            store: store,
            targets: [DeliveryTarget(host: "127.0.0.1", port: silent.port, serverName: nil, tlsPolicy: .none)],
            replyTimeout: { _ in .milliseconds(500) }
        )
        await worker.deliverDue()
        #expect(try await store.recipientCounts()[.deferred] == 1)
        let attempt = try #require(try await store.attempts(for: id).first?.attempt)
        #expect(attempt.result.hasPrefix("451 4.4.1"), "\(attempt.result)")
        #expect(attempt.result.contains("timed out waiting for the server"))
        #expect(attempt.host == "127.0.0.1:\(silent.port)")
    }

    @Test("a server that hangs after the final dot: the message is deferred, not known to be delivered")
    func hangAfterData() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.hangsAfterData = true
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let store = try makeStore()
        let id = try await enqueue(store, to: ["bob@far.test"])
        // With a BDAT chunk out the end-of-data timeout covers the MAIL and RCPT replies
        // too: long enough for a loaded machine to get the message to the sink's store.
        let worker = makeWorker(store: store, targets: [target(sink)], replyTimeout: { $0 == .dataTermination ? .seconds(5) : .seconds(30) })
        await worker.deliverDue()
        #expect(sink.attempts == 1, "the message reached the end of the data")
        #expect(try await store.recipientCounts()[.deferred] == 1)
        let attempt = try #require(try await store.attempts(for: id).first?.attempt)
        #expect(attempt.result.hasPrefix("451 4.4.2"), "\(attempt.result)")
        #expect(attempt.result.contains("not known to be delivered"))
        #expect(await worker.connections.openConnections(to: target(sink)).total == 0, "a timed-out connection is not kept")
    }
}
