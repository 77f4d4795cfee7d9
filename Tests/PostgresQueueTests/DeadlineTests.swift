import Dispatch
import MailQueue
import NIOConcurrencyHelpers
import Testing

@testable import PostgresQueue

/// The deadline every database request runs under.
@Suite("Database deadlines")
struct DeadlineTests {
    @Test("the caller gets its answer at the deadline even when the work ignores cancellation")
    func workThatDoesNotStop() async throws {
        let released = NIOLockedValueBox(false)
        let finished = NIOLockedValueBox(false)
        await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(.milliseconds(200)) {
                // Like a request stuck in a pool: cancellation does not end it, only the
                // test does, after the caller has had its answer. It waits without Task.sleep,
                // which once cancelled returns at once: the loop would hold a thread of the
                // shared pool, and every other test waiting for one.
                while !released.withLockedValue({ $0 }) {
                    await withCheckedContinuation { continuation in
                        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { continuation.resume() }
                    }
                }
                finished.withLockedValue { $0 = true }
                return 1
            }
        }
        #expect(!finished.withLockedValue { $0 }, "the caller was answered before the work ended")
        released.withLockedValue { $0 = true }
    }

    @Test("work that ends in time returns its value or its error")
    func workInTime() async throws {
        #expect(try await withDeadline(.seconds(5)) { 42 } == 42)
        await #expect(throws: StorageError.self) {
            try await withDeadline(.seconds(5)) { () async throws -> Int in throw StorageError(.failed, "no") }
        }
    }
}
