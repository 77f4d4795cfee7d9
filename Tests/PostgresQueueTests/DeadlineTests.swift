import MailQueue
import NIOConcurrencyHelpers
import Testing

@testable import PostgresQueue

/// The deadline every database request runs under.
@Suite("Database deadlines")
struct DeadlineTests {
    @Test("the caller gets its answer at the deadline even when the work ignores cancellation")
    func workThatDoesNotStop() async throws {
        let finished = NIOLockedValueBox(false)
        let started = ContinuousClock.now
        await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(.milliseconds(200)) {
                // Like a request stuck in a pool: cancellation does not end it.
                let end = ContinuousClock.now + .seconds(3)
                while ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(20)) }
                finished.withLockedValue { $0 = true }
                return 1
            }
        }
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(!finished.withLockedValue { $0 })
    }

    @Test("work that ends in time returns its value or its error")
    func workInTime() async throws {
        #expect(try await withDeadline(.seconds(5)) { 42 } == 42)
        await #expect(throws: StorageError.self) {
            try await withDeadline(.seconds(5)) { () async throws -> Int in throw StorageError(.failed, "no") }
        }
    }
}
