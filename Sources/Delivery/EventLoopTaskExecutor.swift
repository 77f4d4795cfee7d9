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
}
