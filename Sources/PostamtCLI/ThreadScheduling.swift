import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Puts the threads of this process under `SCHED_BATCH` (Linux `sched(7)`), for
/// ``PostamtConfiguration/cpuScheduling``.
///
/// The policy is a property of each thread. Setting it on every thread the process has
/// covers those started later too: a new thread takes the policy of the thread that starts
/// it (`PTHREAD_INHERIT_SCHED`, the default). `serve` sets it before the server makes its
/// threads and once more after it has started, for any thread started in between by one
/// not yet changed.
enum ThreadScheduling {
    /// Linux's `SCHED_BATCH`; Glibc declares it only for `_GNU_SOURCE`.
    static let batchPolicy: Int32 = 3

    /// A thread whose policy could not be changed.
    struct Failure: Error, CustomStringConvertible {
        var thread: Int32
        var errorNumber: Int32
        var description: String { "thread \(thread): \(String(cString: strerror(errorNumber)))" }
    }

    /// Sets `SCHED_BATCH` on every thread of the process; returns how many it changed.
    /// An unprivileged process may always do this (and undo it); a thread that ends while
    /// the list is read is skipped.
    @discardableResult
    static func applyBatch() throws(Failure) -> Int {
        var changed = 0
        for thread in threads() {
            var parameters = sched_param(sched_priority: 0)
            if sched_setscheduler(thread, batchPolicy, &parameters) == 0 {
                changed += 1
            } else if errno != ESRCH {
                throw Failure(thread: thread, errorNumber: errno)
            }
        }
        return changed
    }

    /// The IDs of this process's threads.
    static func threads() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return names.compactMap(Int32.init)
    }
}
