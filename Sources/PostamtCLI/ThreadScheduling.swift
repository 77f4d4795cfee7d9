import Foundation
import PostamtConfiguration

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

    /// Applies `scheduling` to every thread the process has now: `SCHED_BATCH` for
    /// ``CPUScheduling/batch``, nothing for ``CPUScheduling/inherit``. An unprivileged
    /// process may always do this (and undo it); a thread that ends while the list is read
    /// is skipped.
    static func apply(_ scheduling: CPUScheduling) throws(Failure) {
        guard scheduling == .batch else { return }
        for thread in threads() {
            var parameters = sched_param(sched_priority: 0)
            if sched_setscheduler(thread, batchPolicy, &parameters) != 0, errno != ESRCH {
                throw Failure(thread: thread, errorNumber: errno)
            }
        }
    }

    /// The IDs of this process's threads.
    static func threads() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return names.compactMap(Int32.init)
    }
}
