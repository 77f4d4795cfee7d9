/// How the kernel schedules the server's threads (Linux `sched(7)`).
public enum CPUScheduling: String, Sendable, Hashable, CaseIterable {
    /// `SCHED_BATCH` for every thread of `serve`: the same share of the CPU as before, but a
    /// thread that wakes up (a reply's next command has arrived, a commit has finished) does
    /// not preempt the thread running on its CPU; it runs when that one sleeps or its time
    /// slice ends. A server's threads wake each other many times per message, and each
    /// preemption is a context switch more.
    case batch
    /// The policy the process was started with (`SCHED_OTHER`, or whatever a service
    /// manager such as systemd's `CPUSchedulingPolicy=` set).
    case inherit
}
