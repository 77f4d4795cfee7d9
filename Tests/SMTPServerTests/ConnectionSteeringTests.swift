import Foundation
import Glibc
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import SMTPServer

@Suite("When new connections are steered by core")
struct ConnectionSteeringTests {
    @Test("a server starts steering by core")
    func startsByCore() {
        #expect(ConnectionSteering().mode == .byCore)
    }

    @Test("spreads by hash from three open connections, and steers by core again at one or none")
    func switchesWithHysteresis() {
        var steering = ConnectionSteering()
        #expect(steering.update(openConnections: 1) == nil)
        #expect(steering.update(openConnections: 2) == nil)
        #expect(steering.update(openConnections: 3) == .byHash)
        #expect(steering.mode == .byHash)
        #expect(steering.update(openConnections: 20) == nil)
        // Between the two thresholds the way last chosen stays.
        #expect(steering.update(openConnections: 2) == nil)
        #expect(steering.mode == .byHash)
        #expect(steering.update(openConnections: 1) == .byCore)
        #expect(steering.update(openConnections: 0) == nil)
        #expect(steering.update(openConnections: 2) == nil)
        #expect(steering.mode == .byCore)
    }
}

/// Cores 0 and 1, which the steering tests connect from, if this process may run on both.
private let hasTwoCores = ((try? CoreAffinity.currentThreadCores()) ?? []).starts(with: [0, 1])

@Suite("Connections steered by core on real sockets", .enabled(if: hasTwoCores, "needs cores 0 and 1"))
struct ConnectionSteeringSocketTests {
    private func server(group: any EventLoopGroup, steers: Bool = true, ports: [Int] = [0]) -> SMTPServer {
        SMTPServer(settings: SMTPServer.Settings(
            listeners: ports.map { .init(role: .mx, host: "127.0.0.1", port: $0, session: .mx(hostname: "mx.example.test", isStartTLSAvailable: false)) },
            tlsContext: nil,
            delegate: RecordingDelegate(),
            limiter: ConnectionLimiter(maximumTotal: 100, maximumPerClient: 100),
            steersConnectionsByCore: steers,
            logger: Logger(label: "test")
        ), group: group)
    }

    @Test("while at most one is open, a connection is served on the loop of the core it came from, each loop bound to its core")
    func steeredToTheClientsCore() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let server = server(group: group)
        let port = try #require(try await server.start().first?.port)
        #expect(try await loopCores(loops) == [[0], [1]])
        for round in 0..<4 {
            for core in [0, 1] {
                let client = try await BlockingClient.connect(port: port, fromCore: core)
                #expect(client.greeting.hasPrefix("220 "))
                #expect(server.openConnectionLoops == [ObjectIdentifier(loops[core])], "round \(round), core \(core)")
                client.close()
                try await waitUntil { server.openConnectionCount == 0 }
            }
        }
        await server.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("from three open connections new ones are spread by the hash on unbound loops, and steered again once they close")
    func spreadUnderLoad() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let allowed = try CoreAffinity.currentThreadCores()
        let server = server(group: group)
        let port = try #require(try await server.start().first?.port)
        // All from core 0: steered, every one would be served on the first loop.
        let clients = try await BlockingClient.connect(16, port: port, fromCore: 0)
        #expect(server.openConnectionCount == 16)
        // The first three went to the first loop; the hash spreads the other 13, which all
        // land there too once in 2^13 runs.
        #expect(server.openConnectionLoops.count == 2)
        #expect(try await loopCores(loops) == [allowed, allowed])
        for client in clients { client.close() }
        try await waitUntil { server.openConnectionCount == 0 }
        #expect(try await loopCores(loops) == [[0], [1]])
        let client = try await BlockingClient.connect(port: port, fromCore: 1)
        #expect(server.openConnectionLoops == [ObjectIdentifier(loops[1])])
        client.close()
        await server.shutdown()
        // Once the server stops listening its loops may run anywhere again.
        #expect(try await loopCores(loops) == [allowed, allowed])
        try await group.shutdownGracefully()
    }

    @Test("without the setting the loops stay unbound and connections go where the hash puts them")
    func offByDefault() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let allowed = try CoreAffinity.currentThreadCores()
        let server = server(group: group, steers: false)
        let port = try #require(try await server.start().first?.port)
        let clients = try await BlockingClient.connect(16, port: port, fromCore: 0)
        #expect(server.openConnectionLoops.count == 2)
        #expect(try await loopCores(loops) == [allowed, allowed])
        for client in clients { client.close() }
        await server.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("a server that fails to start leaves its loops unbound")
    func failedStart() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let allowed = try CoreAffinity.currentThreadCores()
        let taken = server(group: group, steers: false)
        let takenPort = try #require(try await taken.start().first?.port)
        // The second listener's port is taken: the first is bound and steered, then start fails.
        let server = server(group: group, ports: [0, takenPort])
        await #expect(throws: (any Error).self) { try await server.start() }
        #expect(try await loopCores(loops) == [allowed, allowed])
        await server.shutdown()
        await taken.shutdown()
        try await group.shutdownGracefully()
    }

    /// The cores each loop's thread may run on, asked on the loop after what it was given
    /// to do before.
    private func loopCores(_ loops: [any EventLoop]) async throws -> [[Int]] {
        var result = [[Int]]()
        for loop in loops {
            result.append(try await loop.submit { try CoreAffinity.currentThreadCores() }.get())
        }
        return result
    }

    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw SteeringTestError.timedOut }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

private enum SteeringTestError: Error {
    case timedOut
    case system(String, CInt)
}

/// A TCP client whose handshake is sent from a thread bound to one core: over loopback the
/// kernel processes it on that core.
private final class BlockingClient: Sendable {
    let descriptor: CInt
    let greeting: String

    private init(descriptor: CInt, greeting: String) {
        self.descriptor = descriptor
        self.greeting = greeting
    }

    static func connect(port: Int, fromCore core: Int) async throws -> BlockingClient {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try connectOnThisThread(port: port, core: core) })
            }
            thread.start()
        }
    }

    private static func connectOnThisThread(port: Int, core: Int) throws -> BlockingClient {
        try CoreAffinity.bindCurrentThread(to: [core])
        let descriptor = socket(AF_INET, CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SteeringTestError.system("socket", errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw SteeringTestError.system("connect", code)
        }
        // The greeting shows that the server has set the connection up.
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = read(descriptor, &buffer, buffer.count)
        guard count > 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw SteeringTestError.system("read", code)
        }
        return BlockingClient(descriptor: descriptor, greeting: String(decoding: buffer[..<count], as: UTF8.self))
    }

    /// `count` connections, one after the other, each once its greeting has come.
    static func connect(_ count: Int, port: Int, fromCore core: Int) async throws -> [BlockingClient] {
        var clients = [BlockingClient]()
        for _ in 0..<count {
            clients.append(try await connect(port: port, fromCore: core))
        }
        return clients
    }

    func close() {
        Glibc.close(descriptor)
    }
}
