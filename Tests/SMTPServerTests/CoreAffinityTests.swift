import Testing

@testable import SMTPServer

@Suite("Cores for the event loops")
struct CoreAffinityTests {
    @Test("each loop gets the cores whose number leaves its index, as the steering program computes")
    func coresByRemainder() throws {
        #expect(try CoreAffinity.plan(loopCount: 2, allowed: [0, 1]) == [[0], [1]])
        #expect(try CoreAffinity.plan(loopCount: 2, allowed: [0, 1, 2, 3, 4]) == [[0, 2, 4], [1, 3]])
        #expect(try CoreAffinity.plan(loopCount: 3, allowed: [1, 2, 3]) == [[3], [1], [2]])
    }

    @Test("a set of cores that leaves a loop without one is refused")
    func uncoveredLoop() {
        #expect(throws: CoreAffinity.Unavailable.self) { try CoreAffinity.plan(loopCount: 2, allowed: [0, 2]) }
        #expect(throws: CoreAffinity.Unavailable.self) { try CoreAffinity.plan(loopCount: 4, allowed: [0, 1, 2]) }
    }

    @Test("a thread bound to cores runs only there, and can be let run anywhere again")
    func bindsTheCallingThread() async throws {
        let allowed = try CoreAffinity.currentThreadCores()
        #expect(!allowed.isEmpty)
        let result = try await Task.detached {
            // Bound and unbound again before the task's thread goes back to its pool.
            try CoreAffinity.bindCurrentThread(to: [allowed[0]])
            let bound = try CoreAffinity.currentThreadCores()
            try CoreAffinity.bindCurrentThread(to: allowed)
            return (bound, try CoreAffinity.currentThreadCores())
        }.value
        #expect(result.0 == [allowed[0]])
        #expect(result.1 == allowed)
    }
}
