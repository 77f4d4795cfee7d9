import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP request with a deadline, for checking whether a domain publishes client
/// autoconfiguration. Not a general HTTP client: no redirects, no keep-alive, the body
/// read up to a limit.
public enum HTTPProbe {
    public struct Response: Sendable, Hashable {
        public var status: Int
        public var contentType: String?
        public var body: [UInt8]
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case connect(String)
        case tls(String)
        case timeout
        case protocolError(String)

        public var description: String {
            switch self {
            case .connect(let reason): "cannot connect: \(reason)"
            case .tls(let reason): "TLS failed: \(reason)"
            case .timeout: "no answer in time"
            case .protocolError(let reason): "not an HTTP answer: \(reason)"
            }
        }
    }

    /// Sends `method` for `path` to `host` (the Host header and SNI) at `address`:`port`.
    /// `trustRoots` nil: the system's store; an empty array: no TLS.
    public static func request(
        method: HTTPMethod = .GET, host: String, address: String? = nil, port: Int, path: String, body: [UInt8] = [],
        contentType: String? = nil, useTLS: Bool, trustedCertificates: [String]? = nil, timeout: Duration = .seconds(10),
        maximumBodySize: Int = 256 * 1024
    ) async throws(Failure) -> Response {
        let group = MultiThreadedEventLoopGroup.singleton
        let eventLoop = group.next()
        let promise = eventLoop.makePromise(of: Response.self)
        var tlsContext: NIOSSLContext?
        if useTLS {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.minimumTLSVersion = .tlsv12
            if let trustedCertificates {
                do {
                    configuration.trustRoots = .certificates(try trustedCertificates.flatMap { try NIOSSLCertificate.fromPEMBytes(Array($0.utf8)) })
                } catch {
                    throw .tls("\(error)")
                }
            }
            do { tlsContext = try NIOSSLContext(configuration: configuration) } catch { throw .tls("\(error)") }
        }
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(TimeAmount(timeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        if let tlsContext {
                            try sync.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: host))
                        }
                        try sync.addHTTPClientHandlers()
                        try sync.addHandler(ResponseCollector(promise: promise, limit: maximumBodySize))
                    }
                }
                .connect(host: address ?? host, port: port)
                .get()
        } catch {
            promise.fail(error)
            throw .connect("\(error)")
        }
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: host)
        head.headers.add(name: "User-Agent", value: "postamt-diagnose")
        head.headers.add(name: "Connection", value: "close")
        if let contentType { head.headers.add(name: "Content-Type", value: contentType) }
        if !body.isEmpty || method == .POST { head.headers.add(name: "Content-Length", value: "\(body.count)") }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if !body.isEmpty { channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil) }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let deadline = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            try? channel.pipeline.syncOperations.handler(type: ResponseCollector.self).fail(Failure.timeout)
            channel.close(promise: nil)
        }
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }
        do {
            return try await promise.futureResult.get()
        } catch let failure as Failure {
            throw failure
        } catch let error as NIOSSLError {
            throw .tls("\(error)")
        } catch let error as BoringSSLError {
            throw .tls("\(error)")
        } catch {
            throw .protocolError("\(error)")
        }
    }

    private final class ResponseCollector: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart

        private let promise: EventLoopPromise<Response>
        private let limit: Int
        private var head: HTTPResponseHead?
        private var body: [UInt8] = []
        private var completed = false

        init(promise: EventLoopPromise<Response>, limit: Int) {
            self.promise = promise
            self.limit = limit
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
            case .body(var buffer):
                let room = limit - body.count
                if room > 0, let bytes = buffer.readBytes(length: min(room, buffer.readableBytes)) { body += bytes }
            case .end:
                finish()
                context.close(promise: nil)
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            fail(error)
            context.close(promise: nil)
        }

        func fail(_ error: any Error) {
            guard !completed else { return }
            completed = true
            promise.fail(error)
        }

        func channelInactive(context: ChannelHandlerContext) {
            finish()
        }

        private func finish() {
            guard !completed else { return }
            completed = true
            if let head {
                promise.succeed(Response(status: Int(head.status.code), contentType: head.headers.first(name: "Content-Type"), body: body))
            } else {
                promise.fail(Failure.protocolError("the connection closed before a response"))
            }
        }
    }
}
