import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import SMTPServer

@Suite("Idle deadlines of the sessions on one event loop")
struct IdleDeadlinesTests {
    /// A session as the watch sees it: it records when it was told, and then either leaves
    /// (as a session that closes does) or stays with no deadline (as one awaiting a decision).
    final class Session: IdleDeadlineWatched, @unchecked Sendable {
        var idleDeadline: NIODeadline
        var idleDeadlineSlot: Int?
        let leavesWhenTold: Bool
        weak var watch: IdleDeadlines?
        let told = NIOLockedValueBox<[NIODeadline]>([])

        init(deadline: NIODeadline, leavesWhenTold: Bool = true) {
            idleDeadline = deadline
            self.leavesWhenTold = leavesWhenTold
        }

        func idleDeadlinePassed() {
            told.withLockedValue { $0.append(.now()) }
            if leavesWhenTold {
                watch?.remove(self)
            } else {
                idleDeadline = .distantFuture
            }
        }

        var timesTold: Int { told.withLockedValue { $0.count } }
    }

    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    private func onLoop<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        try await group.next().submit(body).get()
    }

    private func makeWatch(resolution: TimeAmount = .milliseconds(10)) -> IdleDeadlines {
        IdleDeadlines(eventLoop: group.next(), resolution: resolution)
    }

    private func waitUntil(_ condition: @escaping @Sendable () -> Bool) async throws {
        let giveUp = ContinuousClock.now + .seconds(10)
        while !condition(), ContinuousClock.now < giveUp {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test("a session is told once its deadline has passed, never before it")
    func toldAfterDeadline() async throws {
        let watch = makeWatch()
        // The timer runs at the first deadline; the second, a little later, must wait for
        // its own.
        let deadlines: [NIODeadline] = [.now() + .milliseconds(150), .now() + .milliseconds(200)]
        let sessions = deadlines.map { Session(deadline: $0) }
        try await onLoop {
            for session in sessions {
                session.watch = watch
                watch.add(session)
            }
        }
        try await waitUntil { sessions.allSatisfy { $0.timesTold > 0 } }
        for (session, deadline) in zip(sessions, deadlines) {
            let told = session.told.withLockedValue { $0 }
            #expect(told.count == 1)
            #expect(told.allSatisfy { $0 >= deadline })
        }
        #expect(try await onLoop { watch.count } == 0)
    }

    @Test("leaving moves the last session into the free place; a session that left is never told")
    func leavingKeepsTheOthers() async throws {
        let watch = makeWatch()
        let deadline = NIODeadline.now() + .milliseconds(100)
        let sessions = (0..<3).map { _ in Session(deadline: deadline) }
        let slots = try await onLoop { () -> [Int?] in
            for session in sessions {
                session.watch = watch
                watch.add(session)
            }
            watch.remove(sessions[1])
            return sessions.map(\.idleDeadlineSlot)
        }
        #expect(slots == [0, nil, 1])
        try await waitUntil { sessions[0].timesTold > 0 && sessions[2].timesTold > 0 }
        try await Task.sleep(for: .milliseconds(100))
        #expect(sessions.map(\.timesTold) == [1, 0, 1])
    }

    @Test("a deadline moved later is kept; a session is told only after the later one")
    func movedDeadline() async throws {
        let watch = makeWatch()
        let session = Session(deadline: .now() + .milliseconds(50))
        let later = NIODeadline.now() + .milliseconds(400)
        try await onLoop {
            session.watch = watch
            watch.add(session)
            session.idleDeadline = later
            watch.deadlineMoved(to: later)
        }
        try await waitUntil { session.timesTold > 0 }
        #expect(session.told.withLockedValue { $0 }.allSatisfy { $0 >= later })
    }

    @Test("a deadline moved sooner than the watch's timer is noticed at the sooner time")
    func soonerDeadline() async throws {
        let watch = makeWatch()
        let late = Session(deadline: .now() + .seconds(600))
        let soon = Session(deadline: .distantFuture)
        try await onLoop {
            for session in [late, soon] {
                session.watch = watch
                watch.add(session)
            }
            soon.idleDeadline = .now() + .milliseconds(100)
            watch.deadlineMoved(to: soon.idleDeadline)
        }
        try await waitUntil { soon.timesTold > 0 }
        #expect(soon.timesTold == 1)
        #expect(late.timesTold == 0)
    }

    @Test("a session that stays without a deadline is told once, and again only after a new deadline")
    func staysWithoutDeadline() async throws {
        let watch = makeWatch()
        let session = Session(deadline: .now() + .milliseconds(50), leavesWhenTold: false)
        try await onLoop {
            session.watch = watch
            watch.add(session)
        }
        try await waitUntil { session.timesTold > 0 }
        // Several resolutions later it has not been told again: no deadline, no timer.
        try await Task.sleep(for: .milliseconds(200))
        #expect(session.timesTold == 1)
        let next = try await onLoop { () -> NIODeadline in
            session.idleDeadline = .now() + .milliseconds(50)
            watch.deadlineMoved(to: session.idleDeadline)
            return session.idleDeadline
        }
        try await waitUntil { session.timesTold > 1 }
        #expect(session.timesTold == 2)
        #expect(session.told.withLockedValue { $0[1] } >= next)
    }

    @Test("thousands of sessions join and leave; those still there when their deadline passes are told")
    func manySessions() async throws {
        let watch = makeWatch()
        let sessions = (0..<5000).map { _ in Session(deadline: .distantFuture) }
        let count = try await onLoop { () -> Int in
            for session in sessions {
                session.watch = watch
                watch.add(session)
            }
            // Every other one leaves, in an order that moves many into freed places.
            for session in sessions.enumerated().reversed().filter({ $0.offset % 2 == 0 }).map(\.element) {
                watch.remove(session)
            }
            let count = watch.count
            let deadline = NIODeadline.now() + .milliseconds(50)
            for session in sessions where session.idleDeadlineSlot != nil {
                session.idleDeadline = deadline
                watch.deadlineMoved(to: deadline)
            }
            return count
        }
        #expect(count == 2500)
        try await waitUntil { sessions.enumerated().allSatisfy { $0.offset % 2 == 0 || $0.element.timesTold == 1 } }
        #expect(sessions.enumerated().allSatisfy { $0.element.timesTold == ($0.offset % 2 == 0 ? 0 : 1) })
        #expect(try await onLoop { watch.count } == 0)
    }

    @Test("the resolution is a tenth of the shortest timeout, between 10 ms and a second")
    func resolution() {
        #expect(IdleDeadlines.resolution(forShortestTimeout: .minutes(5)) == .seconds(1))
        #expect(IdleDeadlines.resolution(forShortestTimeout: .seconds(3)) == .milliseconds(300))
        #expect(IdleDeadlines.resolution(forShortestTimeout: .milliseconds(50)) == .milliseconds(10))
    }
}
