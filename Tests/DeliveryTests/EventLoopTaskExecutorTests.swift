import Foundation
import GRDB
import NIOCore
import NIOPosix
import SMTPCore
import Testing

@testable import Delivery
@testable import MailQueue

@Suite("Tasks on an event loop")
struct EventLoopTaskExecutorTests {
    @Test("a task that prefers the executor runs on its loop, child tasks and resumptions from other threads too")
    func runsOnTheLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let executor = EventLoopTaskExecutor(loop)
        #expect(!loop.inEventLoop)
        let observed = await withTaskExecutorPreference(executor) {
            var observed = [loop.inEventLoop]
            // Resumed by a thread of the shared pool, the task comes back to the loop.
            await withCheckedContinuation { continuation in
                MultiThreadedEventLoopGroup.singleton.next().execute { continuation.resume() }
            }
            observed.append(loop.inEventLoop)
            let children = await withTaskGroup(of: Bool.self) { tasks in
                for _ in 0..<8 { tasks.addTask { loop.inEventLoop } }
                return await tasks.reduce(into: []) { $0.append($1) }
            }
            return observed + children
        }
        #expect(observed.count == 10)
        #expect(observed.allSatisfy { $0 })
        try await group.shutdownGracefully()
    }

    @Test("a sleep on the executor waits on the loop's timer and goes on on the loop")
    func sleepsOnTheLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let executor = EventLoopTaskExecutor(loop)
        let clock = ContinuousClock()
        let (slept, onLoop) = await withTaskExecutorPreference(executor) {
            let start = clock.now
            await executor.sleep(for: .milliseconds(50))
            return (clock.now - start, loop.inEventLoop)
        }
        #expect(slept >= .milliseconds(50))
        #expect(onLoop)
        try await group.shutdownGracefully()
    }

    @Test("deliveries on one loop read the content of more spooled messages at once than the queue has readers, without the loop waiting on itself", .timeLimit(.minutes(1)))
    func contentReadsOnOneLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let executor = EventLoopTaskExecutor(group.next())
        let store = try makeStore()
        // 200 KiB each: spooled whether or not the store shares its commit.
        let content = Array(String(repeating: "Line of text for the spool.\r\n", count: 7000).utf8)
        var ids = [QueueID]()
        for _ in 0..<40 {
            let recipient = Envelope.Recipient(forwardPath: .mailbox(Mailbox("rcpt@far.test")!))
            let id = QueueID.make()
            try await store.store(IncomingMessage(
                id: id,
                envelope: Envelope(
                    clientName: "client.example.test", usedExtendedHello: true, isTLS: false, authenticatedUser: nil,
                    reversePath: .mailbox(Mailbox("alice@example.test")!), mailParameters: MailParameters(), recipients: [recipient]
                ),
                content: content, receivedAt: Date().timeIntervalSince1970, clientAddress: "192.0.2.1",
                deliveries: [PlannedDelivery(recipient: recipient, mailbox: recipient.forwardPath.mailbox!, route: .remote)]
            ))
            ids.append(id)
        }
        let spooled = try await store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message WHERE content_segment IS NOT NULL") ?? 0
        }
        #expect(spooled == ids.count)
        // A reader of the pool goes back only once the task that read with it runs again,
        // here on the loop: a read that waited for a reader on the loop's thread would wait
        // for ever once the tasks outnumber the readers.
        let read = try await withTaskExecutorPreference(executor) {
            try await withThrowingTaskGroup(of: Bool.self) { tasks in
                for id in ids {
                    tasks.addTask { try await store.content(of: id) == content }
                }
                return try await tasks.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(read == [Bool](repeating: true, count: ids.count))
        try await group.shutdownGracefully()
    }
}
