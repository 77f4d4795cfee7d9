import NIOCore

/// A session whose idle deadline ``IdleDeadlines`` watches.
protocol IdleDeadlineWatched: AnyObject {
    /// When the session counts as idle; `.distantFuture` while nothing is to be timed.
    var idleDeadline: NIODeadline { get }
    /// The session's place in its ``IdleDeadlines``; kept by that, nil outside it.
    var idleDeadlineSlot: Int? { get set }
    /// Called on the event loop once `idleDeadline` has passed. The session closes, or moves
    /// its deadline and tells ``IdleDeadlines/deadlineMoved(to:)``.
    func idleDeadlinePassed()
}

/// The idle deadlines of the sessions on one event loop, watched by one timer
/// (RFC 5321 §4.5.3.2).
///
/// A timer per session puts a task per connection into the event loop's schedule, and NIO
/// cancels a scheduled task by searching its whole schedule: every connection that closed
/// paid a search through the timers of all the others, thousands of them beside many idle
/// connections. Here a session only records its deadline. Joining and leaving take constant
/// time, and one timer looks at the deadlines when the earliest of them may have passed, at
/// most once per `resolution`: a session times out up to `resolution` late, never early.
///
/// Used only on its event loop.
final class IdleDeadlines: @unchecked Sendable {
    let eventLoop: any EventLoop
    /// How late a deadline may be noticed, which is how often the deadlines are looked at.
    let resolution: TimeAmount

    private var sessions: [any IdleDeadlineWatched] = []
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?

    init(eventLoop: any EventLoop, resolution: TimeAmount) {
        self.eventLoop = eventLoop
        self.resolution = resolution
    }

    /// One in ten of the shortest timeout, between 10 ms and a second.
    static func resolution(forShortestTimeout timeout: TimeAmount) -> TimeAmount {
        min(max(TimeAmount.nanoseconds(timeout.nanoseconds / 10), .milliseconds(10)), .seconds(1))
    }

    /// The sessions watched now.
    var count: Int { sessions.count }

    func add(_ session: any IdleDeadlineWatched) {
        eventLoop.assertInEventLoop()
        guard session.idleDeadlineSlot == nil else { return }
        session.idleDeadlineSlot = sessions.count
        sessions.append(session)
        deadlineMoved(to: session.idleDeadline)
    }

    func remove(_ session: any IdleDeadlineWatched) {
        eventLoop.assertInEventLoop()
        guard let slot = session.idleDeadlineSlot else { return }
        session.idleDeadlineSlot = nil
        let last = sessions.removeLast()
        if slot < sessions.count {
            sessions[slot] = last
            last.idleDeadlineSlot = slot
        }
        // The timer stays: cancelling it would search the loop's schedule, and firing with
        // nobody left costs one look at an empty list.
    }

    /// A watched session's deadline is now `deadline`. Cheap when the timer is due no later
    /// than that, which it is for every session but the one with the earliest deadline.
    func deadlineMoved(to deadline: NIODeadline) {
        eventLoop.assertInEventLoop()
        if let timerDeadline, timerDeadline <= deadline { return }
        guard deadline != .distantFuture else { return }
        schedule(at: max(deadline, .now() + resolution))
    }

    private func schedule(at deadline: NIODeadline) {
        if let timerDeadline, timerDeadline <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        timer = eventLoop.scheduleTask(deadline: deadline) {
            loopBound.value.check()
        }
    }

    private func check() {
        timer = nil
        timerDeadline = nil
        let now = NIODeadline.now()
        var passed: [any IdleDeadlineWatched] = []
        var earliest = NIODeadline.distantFuture
        for session in sessions {
            let deadline = session.idleDeadline
            if deadline <= now {
                passed.append(session)
            } else if deadline < earliest {
                earliest = deadline
            }
        }
        // Called after the look, since a session that closes leaves the list.
        for session in passed where session.idleDeadlineSlot != nil {
            session.idleDeadlinePassed()
        }
        if earliest != .distantFuture {
            schedule(at: max(earliest, now + resolution))
        }
    }
}
