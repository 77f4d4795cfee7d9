import NIOCore
import NIOPosix
import Testing

@testable import Delivery

@Suite("Tasks on an event loop")
struct EventLoopTaskExecutorTests {
    @Test("a task that prefers the executor runs on its loop, child tasks and resumptions from other threads too")
    func runsOnTheLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let executor = EventLoopTaskExecutor(loop)
        #expect(!loop.inEventLoop)
        let observed = await withTaskExecutorPreference(executor) {
            var observed = [loop.inEventLoop]
            // Resumed by a thread of the shared pool, the task comes back to the loop.
            await withCheckedContinuation { continuation in
                MultiThreadedEventLoopGroup.singleton.next().execute { continuation.resume() }
            }
            observed.append(loop.inEventLoop)
            let children = await withTaskGroup(of: Bool.self) { tasks in
                for _ in 0..<8 { tasks.addTask { loop.inEventLoop } }
                return await tasks.reduce(into: []) { $0.append($1) }
            }
            return observed + children
        }
        #expect(observed.count == 10)
        #expect(observed.allSatisfy { $0 })
        try await group.shutdownGracefully()
    }

    @Test("a sleep on the executor waits on the loop's timer and goes on on the loop")
    func sleepsOnTheLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let executor = EventLoopTaskExecutor(loop)
        let clock = ContinuousClock()
        let (slept, onLoop) = await withTaskExecutorPreference(executor) {
            let start = clock.now
            await executor.sleep(for: .milliseconds(50))
            return (clock.now - start, loop.inEventLoop)
        }
        #expect(slept >= .milliseconds(50))
        #expect(onLoop)
        try await group.shutdownGracefully()
    }
}
