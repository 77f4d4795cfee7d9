import Foundation

extension Process {
    /// Waits for the process to end without holding a thread: a server in its graceful
    /// shutdown, or a client still finishing its session, can take seconds. Foundation's
    /// `waitUntilExit` spins on a thread without a run loop, which would take a core; and
    /// ``ProcessExit`` reaps the child itself, after which `terminationStatus` cannot be
    /// read. Gives up after `limit`, so that a test fails on what it checks next instead of
    /// hanging.
    public func exited(within limit: Duration = .seconds(120)) async {
        let deadline = ContinuousClock.now + limit
        while isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
