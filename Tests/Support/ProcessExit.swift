import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Waiting for a child process without Foundation's `waitUntilExit`, which under many
/// concurrent children in one test process was seen not to notice an exit and to wait
/// for ever. Blocking: call it through ``offThread(_:)`` from async code, or in a `defer`
/// for a process that is known to end at once.
public enum ProcessExit {
    /// Waits until `pid` has exited (or another waiter reaped it), at most `timeout` (zero:
    /// just look); returns whether it did.
    @discardableResult
    public static func wait(_ pid: pid_t, timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result == -1 && errno == ECHILD) { return true }
            guard ContinuousClock.now < deadline else { return false }
            usleep(20_000)
        }
    }

    /// Sends `signal`, waits up to `grace` for the exit, then kills the process outright.
    public static func stop(_ pid: pid_t, signal: Int32 = SIGTERM, grace: Duration = .seconds(30)) {
        kill(pid, signal)
        if wait(pid, timeout: grace) { return }
        kill(pid, SIGKILL)
        wait(pid, timeout: .seconds(10))
    }
}
