import Foundation
import Logging
import NIOPosix
import Testing

@testable import Delivery
@testable import MailQueue

/// The records of deliveries that finish together are written together, and each caller
/// hears back only once its own are written.
@Suite("DeliveryRecorder", .timeLimit(.minutes(1)))
struct DeliveryRecorderTests {
    private func claims(_ count: Int, in store: SQLiteMessageStore) async throws -> [DeliveryClaim] {
        for index in 0..<count { try await enqueue(store, to: ["rcpt\(index)@far.test"]) }
        return try await store.claimDeliveries(route: .remote, limit: count, now: Date().timeIntervalSince1970 + 1, leaseDuration: 600, owner: "test")
    }

    private func delivered(_ claim: DeliveryClaim) -> [DeliveryRecord] {
        [DeliveryRecord(claim: claim, outcome: .delivered(detail: "250 ok"))]
    }

    @Test("ten deliveries finishing together are recorded in one transaction")
    func finishingTogetherShareOneWrite() async throws {
        let store = try makeStore()
        let claims = try await claims(10, in: store)
        #expect(claims.count == 10)
        let recorder = DeliveryRecorder(store: store, logger: Logger(label: "recorder-test"), delay: .seconds(1))
        let before = store.writer.transactions
        await withTaskGroup(of: Void.self) { group in
            for claim in claims { group.addTask { await recorder.record(self.delivered(claim)) } }
        }
        #expect(try await store.recipientCounts()[.delivered] == 10)
        #expect(store.writer.transactions - before == 1)
    }

    @Test("on an event loop, records finishing together still share one transaction, and their callers go on on the loop")
    func onALoopShareOneWrite() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let executor = EventLoopTaskExecutor(loop)
        let store = try makeStore()
        let claims = try await claims(10, in: store)
        let recorder = DeliveryRecorder(store: store, logger: Logger(label: "recorder-test"), delay: .milliseconds(200), executor: executor)
        let before = store.writer.transactions
        let onLoop = await withTaskExecutorPreference(executor) {
            await withTaskGroup(of: Bool.self) { group in
                for claim in claims {
                    group.addTask {
                        await recorder.record(self.delivered(claim))
                        return loop.inEventLoop
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(onLoop == [Bool](repeating: true, count: 10))
        #expect(try await store.recipientCounts()[.delivered] == 10)
        #expect(store.writer.transactions - before == 1)
        try await group.shutdownGracefully()
    }

    @Test("a caller hears back only once its records are written")
    func returnsAfterWriting() async throws {
        let store = try makeStore()
        let claim = try #require(try await claims(1, in: store).first)
        let recorder = DeliveryRecorder(store: store, logger: Logger(label: "recorder-test"), delay: .milliseconds(50))
        await recorder.record(delivered(claim))
        #expect(try await store.recipientCounts()[.delivered] == 1)
        #expect(try await store.recipientCounts()[.inFlight] == nil)
    }

    @Test("as many records as the limit are written at once, without waiting out the delay")
    func limitWritesAtOnce() async throws {
        let store = try makeStore()
        let claims = try await claims(3, in: store)
        let recorder = DeliveryRecorder(store: store, logger: Logger(label: "recorder-test"), delay: .seconds(600), limit: 3)
        // With the ten-minute delay this would exceed the suite's time limit.
        await withTaskGroup(of: Void.self) { group in
            for claim in claims { group.addTask { await recorder.record(self.delivered(claim)) } }
        }
        #expect(try await store.recipientCounts()[.delivered] == 3)
    }
}
