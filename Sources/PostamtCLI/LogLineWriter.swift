import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes log lines to a file descriptor from a thread of its own, several lines to a
/// system call, so that a thread that logs (an event loop with a session on it) neither
/// makes a system call per line nor waits for a slow reader of the log.
///
/// A line is appended to a buffer under a lock and the call returns. The writer's thread
/// wakes when the buffer stops being empty, lets `gatherDelay` pass for more lines to join,
/// and writes what has gathered. After a write it waits one more `gatherDelay` on its own
/// timer before it sleeps until woken: while lines keep coming, nobody who logs wakes it
/// (a wake-up, and a switch of threads, per batch), and it writes once per `gatherDelay`.
/// Under load that is one `write` for many lines; with a line now and then, one per line,
/// a few milliseconds late. A line handed over `promptly` (a warning or an error) is
/// written without that wait.
///
/// The buffer is bounded (`capacity`): while the reader of the log (a pipe to journald, a
/// terminal) does not keep up, further lines are counted and dropped rather than blocking
/// the server, and a line saying how many were dropped is written once it catches up.
/// ``flush(waitingAtMost:)`` waits until every line logged before it is written; `serve`
/// calls it before it exits, and before writing to standard error itself, waiting at most
/// a few seconds for a reader that has stopped reading.
final class LogLineWriter: Sendable {
    private struct State {
        var pending: [UInt8] = []
        /// Lines dropped since the last write, for a notice.
        var dropped = 0
        /// Octets appended so far, and of those the ones written (or dropped with their
        /// batch on an error): a flush waits for the second to reach the first.
        var appended = 0
        var written = 0
        var flushRequested = false
        var closed = false
        var writeCalls = 0
        /// The writer waits on its timer and looks at the buffer when it ends, unwoken.
        var writerWillLook = false
        /// Times the writer's thread was woken by a line (for tests: fewer than its writes
        /// while lines keep coming).
        var wakeUps = 0
    }

    let fileDescriptor: Int32
    let capacity: Int
    let gatherDelay: Duration
    // NSCondition rather than a Mutex: the writer's thread sleeps until there are lines.
    private let condition = NSCondition()
    nonisolated(unsafe) private var state = State()

    /// - Parameters:
    ///   - fileDescriptor: where the lines go (standard error for `serve`); not closed here.
    ///   - capacity: octets of lines waiting to be written beyond which lines are dropped.
    ///   - gatherDelay: how long the first line of a write waits for others.
    init(fileDescriptor: Int32, capacity: Int = 4 << 20, gatherDelay: Duration = .milliseconds(20)) {
        self.fileDescriptor = fileDescriptor
        self.capacity = capacity
        self.gatherDelay = gatherDelay
        Thread { [self] in
            // Set from the thread itself, so that top -H and perf show it too.
            Thread.current.name = "postamt-log"
            run()
        }.start()
    }

    /// Hands `line` (with its line feed) to the writer's thread; returns at once.
    ///
    /// - Parameter promptly: whether the writer should write it without waiting for others
    ///   (warnings and errors: the lines most wanted if the process ends unexpectedly).
    func write(_ line: [UInt8], promptly: Bool = false) {
        condition.lock()
        guard !state.closed else {
            condition.unlock()
            return
        }
        let wake = (state.pending.isEmpty && state.dropped == 0 && !state.writerWillLook) || promptly
        if state.pending.count + line.count > capacity {
            state.dropped += 1
        } else {
            state.pending += line
            state.appended += line.count
        }
        if promptly { state.flushRequested = true }
        if wake { state.wakeUps += 1 }
        condition.unlock()
        if wake { condition.broadcast() }
    }

    /// The `write` system calls made so far (for tests: fewer than the lines under load).
    var writeCalls: Int {
        condition.lock()
        defer { condition.unlock() }
        return state.writeCalls
    }

    /// The times a line woke the writer's thread so far (for tests).
    var wakeUps: Int {
        condition.lock()
        defer { condition.unlock() }
        return state.wakeUps
    }

    /// Returns once every line handed over before the call is written, or once `limit` has
    /// passed (a reader of the log that has stopped reading must not keep the process from
    /// ending); returns whether they were written.
    @discardableResult
    func flush(waitingAtMost limit: Duration? = nil) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let target = state.appended
        guard state.written < target else { return true }
        state.flushRequested = true
        condition.broadcast()
        // Without a limit, a plain wait: NSCondition traps on a deadline as far off as
        // `Date.distantFuture`.
        let deadline = limit.map { Date(timeIntervalSinceNow: $0 / .seconds(1)) }
        while state.written < target, !state.closed {
            if let deadline {
                if !condition.wait(until: deadline) { break }
            } else {
                condition.wait()
            }
        }
        return state.written >= target
    }

    /// Writes what is waiting and ends the writer's thread; later lines are discarded.
    func close() {
        flush()
        condition.lock()
        state.closed = true
        condition.unlock()
        condition.broadcast()
    }

    private func run() {
        // The spare buffer goes back and forth with `pending`, so neither is allocated anew.
        var batch = [UInt8]()
        condition.lock()
        var wroteLast = false
        while true {
            if wroteLast, state.pending.isEmpty, state.dropped == 0, !state.closed, !state.flushRequested {
                // Lines that come meanwhile wait for the timer, not for a wake-up.
                state.writerWillLook = true
                let deadline = Date(timeIntervalSinceNow: gatherDelay / .seconds(1))
                while !state.flushRequested, !state.closed, condition.wait(until: deadline) {}
                state.writerWillLook = false
                if state.pending.isEmpty, state.dropped == 0 { wroteLast = false }
            } else {
                while state.pending.isEmpty, state.dropped == 0, !state.closed {
                    condition.wait()
                }
                if state.closed { break }
                let deadline = Date(timeIntervalSinceNow: gatherDelay / .seconds(1))
                while !state.flushRequested, !state.closed, condition.wait(until: deadline) {}
            }
            if state.closed { break }
            if state.pending.isEmpty, state.dropped == 0 {
                state.flushRequested = false
                continue
            }
            state.flushRequested = false
            swap(&batch, &state.pending)
            let dropped = state.dropped
            state.dropped = 0
            let target = state.appended
            condition.unlock()

            var calls = 0
            if dropped > 0 {
                calls += writeAll(Array("\(dropped) log line\(dropped == 1 ? "" : "s") dropped: the log was not read fast enough\n".utf8))
            }
            calls += writeAll(batch)
            batch.removeAll(keepingCapacity: true)

            condition.lock()
            state.writeCalls += calls
            state.written = target
            wroteLast = true
            condition.broadcast()
        }
        state.written = state.appended
        condition.unlock()
        condition.broadcast()
    }

    /// Writes all of `octets`, waiting while a non-blocking descriptor is full; gives up on
    /// any other error (there is nowhere left to report it). Returns the calls it made.
    private func writeAll(_ octets: [UInt8]) -> Int {
        octets.withUnsafeBytes { buffer in
            var calls = 0
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                calls += 1
                if count > 0 {
                    offset += count
                } else if count < 0, errno == EINTR {
                    continue
                } else if count < 0, errno == EAGAIN {
                    var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&descriptor, 1, -1)
                } else {
                    break
                }
            }
            return calls
        }
    }
}
