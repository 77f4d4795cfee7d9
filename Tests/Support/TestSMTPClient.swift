import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import SMTPCore

/// A minimal SMTP client over a real loopback socket for exercising the server's I/O
/// layer: it writes raw bytes (so tests can pipeline, smuggle or misbehave on purpose),
/// reads replies with SMTPCore's parser, and can switch to TLS mid-connection.
public final class TestSMTPClient: Sendable {
    public let channel: any Channel
    private let inbox: Inbox

    final class Inbox: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let bytes = NIOLockedValueBox<[UInt8]>([])
        let closed = NIOLockedValueBox(false)
        let handshake = NIOLockedValueBox(false)

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            bytes.withLockedValue { $0.append(contentsOf: buffer.readableBytesView) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            closed.withLockedValue { $0 = true }
            context.fireChannelInactive()
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
                handshake.withLockedValue { $0 = true }
            }
            context.fireUserInboundEventTriggered(event)
        }

        let lastError = NIOLockedValueBox<String?>(nil)

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            lastError.withLockedValue { $0 = "\(error)" }
            context.close(promise: nil)
        }
    }

    private init(channel: any Channel, inbox: Inbox) {
        self.channel = channel
        self.inbox = inbox
    }

    /// Connects; with `tls` the connection is TLS from the first byte.
    public static func connect(port: Int, host: String = "127.0.0.1", tls: NIOSSLContext? = nil, serverName: String? = nil) async throws -> TestSMTPClient {
        let inbox = Inbox()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(inbox)
                }
            }
            .connect(host: host, port: port).get()
        return TestSMTPClient(channel: channel, inbox: inbox)
    }

    public func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    public func send(_ bytes: [UInt8]) async throws {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        try await channel.writeAndFlush(buffer)
    }

    /// The next complete reply; throws after `timeout` or when the connection closes first.
    public func readReply(timeout: Duration = .seconds(10)) async throws -> Reply {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let reply = takeReply() { return reply }
            if inbox.closed.withLockedValue({ $0 }) {
                throw TestClientError.closed(String(decoding: pending, as: UTF8.self) + (inbox.lastError.withLockedValue { $0 } ?? ""))
            }
            if ContinuousClock.now > deadline { throw TestClientError.timeout(String(decoding: pending, as: UTF8.self)) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Reads `count` replies.
    public func readReplies(_ count: Int) async throws -> [Reply] {
        var replies = [Reply]()
        for _ in 0..<count { replies.append(try await readReply()) }
        return replies
    }

    public var pending: [UInt8] { inbox.bytes.withLockedValue { $0 } }

    /// Takes one complete reply off the front of the received bytes.
    private func takeReply() -> Reply? {
        inbox.bytes.withLockedValue { bytes -> Reply? in
            var parser = ReplyParser()
            var decoder = LineDecoder(maximumLineLength: 65536)
            var input = bytes[...]
            while let line = decoder.decodeLine(&input) {
                guard case .line(let text) = line, let reply = try? parser.parse(line: text) else { continue }
                bytes.removeFirst(bytes.count - input.count)
                return reply
            }
            return nil
        }
    }

    /// Whether the server has closed the connection (waiting up to `timeout`).
    public func waitForClose(timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if inbox.closed.withLockedValue({ $0 }) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    /// Puts TLS in front of the connection (after a 220 to STARTTLS) and waits for the handshake.
    public func startTLS(_ context: NIOSSLContext, serverName: String? = nil) async throws {
        try await channel.eventLoop.submit {
            try self.channel.pipeline.syncOperations.addHandler(
                NIOSSLClientHandler(context: context, serverHostname: serverName), position: .first
            )
        }.get()
        let deadline = ContinuousClock.now + .seconds(10)
        while !inbox.handshake.withLockedValue({ $0 }) {
            if inbox.closed.withLockedValue({ $0 }) {
                throw TestClientError.closed("during TLS handshake: \(inbox.lastError.withLockedValue { $0 } ?? "")")
            }
            if ContinuousClock.now > deadline { throw TestClientError.timeout("TLS handshake") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    public var tlsHandshakeCompleted: Bool { inbox.handshake.withLockedValue { $0 } }

    public func close() async {
        try? await channel.close()
    }
}

public enum TestClientError: Error {
    case timeout(String)
    case closed(String)
}
