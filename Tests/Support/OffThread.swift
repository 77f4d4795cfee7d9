import Foundation

/// Runs blocking work (waiting for a child process, sleeping in a loop) on a thread of its
/// own, so the test's task suspends instead of holding one of the few threads of Swift's
/// cooperative pool. On a 2-core machine two blocked pool threads would stall every
/// in-process server the child talks to.
public func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.start()
    }
}
