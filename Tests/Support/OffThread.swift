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

extension Process {
    /// Waits for the process to end without holding a thread: a server in its graceful
    /// shutdown, or a client still finishing its session, can take seconds. (Foundation's
    /// `waitUntilExit` spins on a thread without a run loop, which would take a core.)
    /// Gives up after `limit`, so that a test fails on what it checks next instead of
    /// hanging.
    public func exited(within limit: Duration = .seconds(120)) async {
        let deadline = ContinuousClock.now + limit
        while isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
