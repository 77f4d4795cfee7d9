import Foundation
import Logging
import NIOCore
import NIOPosix
import PostamtTestSupport
import SMTPCore
import Testing

@testable import SMTPServer

@Suite("Listening sockets, one per event loop")
struct ListeningAddressTests {
    private func server(port: Int, group: any EventLoopGroup, hostname: String = "mx.example.test") -> SMTPServer {
        SMTPServer(settings: SMTPServer.Settings(
            listeners: [.init(role: .mx, host: "127.0.0.1", port: port, session: .mx(hostname: hostname, isStartTLSAvailable: false))],
            tlsContext: nil,
            delegate: RecordingDelegate(),
            limiter: ConnectionLimiter(maximumTotal: 100, maximumPerClient: 100),
            logger: Logger(label: "test")
        ), group: group)
    }

    @Test("a listener has a close-on-exec socket on each event loop, and the connections are served on both")
    func socketPerLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let server = server(port: 0, group: group)
        let port = try #require(try await server.start().first?.port)
        let listening = ownSockets(onPort: port).listening
        #expect(listening.count == 2)
        // A process started meanwhile by another thread does not inherit them.
        for descriptor in listening {
            #expect(fcntl(descriptor, F_GETFD) & FD_CLOEXEC != 0)
        }
        var clients = [TestSMTPClient]()
        for _ in 0..<16 {
            let client = try await TestSMTPClient.connect(port: port)
            #expect(try await client.readReply().code == 220)
            clients.append(client)
        }
        // The kernel spreads connections by their addresses: all 16 on one socket would
        // happen once in 2^15 runs.
        #expect(server.openConnectionLoops.count == 2)
        for client in clients {
            try await client.send("EHLO client.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<x@example.test>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n")
            #expect(try await client.readReplies(6).map(\.code.rawValue) == [250, 250, 250, 354, 250, 221])
        }
        await server.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("with one event loop a listener has one socket")
    func oneLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = server(port: 0, group: group)
        let port = try #require(try await server.start().first?.port)
        #expect(ownSockets(onPort: port).listening.count == 1)
        let client = try await TestSMTPClient.connect(port: port)
        #expect(try await client.readReply().code == 220)
        await server.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("a second server on a port in use fails to start and takes none of the first one's connections")
    func portInUse() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let first = server(port: 0, group: group, hostname: "first.example.test")
        let port = try #require(try await first.start().first?.port)
        let second = server(port: port, group: group, hostname: "second.example.test")
        let error = await #expect(throws: IOError.self) { try await second.start() }
        #expect(error?.errnoCode == EADDRINUSE)
        #expect(ownSockets(onPort: port).listening.count == 2)
        for _ in 0..<16 {
            let client = try await TestSMTPClient.connect(port: port)
            #expect(try await client.readReply().text.hasPrefix("first.example.test"))
            await client.close()
        }
        await second.shutdown()
        await first.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("a server restarted on its port binds it while the last run's connections linger in TIME_WAIT")
    func restartOnSamePort() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let port = try freeLoopbackPort()
        let first = server(port: port, group: group)
        try await first.start()
        let client = try await TestSMTPClient.connect(port: port)
        #expect(try await client.readReply().code == 220)
        // The server closes first after QUIT, so its side of the connection waits in TIME_WAIT.
        try await client.send("QUIT\r\n")
        #expect(try await client.readReply().code == 221)
        #expect(await client.waitForClose())
        await first.shutdown()
        // TIME_WAIT lasts a minute: a second of tries tells a listener that cannot get past it
        // from a moment in which something else in a busy test run held the port.
        var second = server(port: port, group: group)
        var started = false
        for _ in 0..<20 where !started {
            do {
                started = try await second.start().first?.port == port
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                await second.shutdown()
                second = server(port: port, group: group)
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        try #require(started, "port \(port) stayed in use after the first server stopped")
        let again = try await TestSMTPClient.connect(port: port)
        #expect(try await again.readReply().code == 220)
        await second.shutdown()
        try await group.shutdownGracefully()
    }
}
