import NIOCore

/// Runs the jobs of the tasks that prefer it on one event loop.
///
/// The remote delivery worker's tasks prefer the loop its connections run on: a reply
/// that resumes a delivery then continues on the thread that read it, where on Swift's
/// shared pool every reply and every send was a hand-off between two threads.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }

    /// Waits `duration` on the loop's own timer, for a task that prefers this executor.
    ///
    /// `Task.sleep` waits on a timer of Swift's shared pool: its end wakes a thread of that
    /// pool, which hands the task back to the loop. Here the loop's wait for I/O ends with the
    /// timer and the task goes on on the loop's thread.
    func sleep(for duration: Duration) async {
        try? await eventLoop.scheduleTask(in: TimeAmount(duration)) {}.futureResult.get()
    }
}
