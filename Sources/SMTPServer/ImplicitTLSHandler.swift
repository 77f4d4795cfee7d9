import Logging
import NIOCore
import NIOSSL
import SMTPCore

/// The first handler on an implicit-TLS listener (RFC 8314, port 465). A TLS client speaks
/// first with a ClientHello (a record starting with byte 22). A client set to plaintext or
/// STARTTLS instead sends `EHLO`, or waits silently for a greeting. Both are answered in
/// plaintext with a reply that says what to change, so the person sees the reason instead
/// of a timeout or a TLS error.
final class ImplicitTLSHandler: ChannelInboundHandler, RemovableChannelHandler, IdleDeadlineWatched {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let tlsContext: NIOSSLContext
    /// How long a silent client is given before it is taken for a plaintext client waiting
    /// for a greeting. TLS clients send their ClientHello at once.
    private let silenceLimit: TimeAmount
    private let role: ListenerRole
    private let metrics: ServerMetrics
    private let logger: Logger
    /// The event loop's watch over deadlines, which ends the silence (see ``IdleDeadlines``).
    private let idleDeadlines: IdleDeadlines
    private(set) var idleDeadline = NIODeadline.distantFuture
    var idleDeadlineSlot: Int?
    /// Kept while the silence is watched.
    private var context: ChannelHandlerContext?
    private var decided = false

    static let wrongModeReply = Reply(
        554, EnhancedStatusCode(.permanentFailure, 7, 0),
        "This port expects TLS from the first byte (RFC 8314); use port 587 with STARTTLS or enable SSL/TLS in your mail client"
    )

    init(
        tlsContext: NIOSSLContext, silenceLimit: TimeAmount, idleDeadlines: IdleDeadlines, role: ListenerRole,
        metrics: ServerMetrics, logger: Logger
    ) {
        self.tlsContext = tlsContext
        self.idleDeadlines = idleDeadlines
        self.silenceLimit = silenceLimit
        self.role = role
        self.metrics = metrics
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armTimer(context: context)
        context.fireChannelActive()
    }

    private func armTimer(context: ChannelHandlerContext) {
        guard self.context == nil, !decided else { return }
        self.context = context
        idleDeadline = .now() + silenceLimit
        idleDeadlines.add(self)
    }

    func idleDeadlinePassed() {
        guard let context else { return }
        stopWatching()
        refusePlaintext(context: context, reason: "client sent nothing, probably waiting for a plaintext greeting")
    }

    private func stopWatching() {
        idleDeadlines.remove(self)
        context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopWatching()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopWatching()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard !decided else { return }
        decided = true
        stopWatching()
        if buffer.readableBytesView.first == 0x16 {
            do {
                let sync = context.pipeline.syncOperations
                try sync.addHandler(NIOSSLServerHandler(context: tlsContext), position: .after(self))
                context.fireChannelRead(data)
                sync.removeHandler(self, promise: nil)
            } catch {
                context.close(promise: nil)
            }
        } else {
            refusePlaintext(context: context, reason: "client sent plaintext")
        }
    }

    private func refusePlaintext(context: ChannelHandlerContext, reason: String) {
        decided = true
        metrics.wrongPort(role, kind: "plaintext-on-tls", client: context.channel.remoteAddress?.ipAddress ?? "unknown")
        logger.warning(
            "wrong port: plaintext SMTP on the implicit-TLS port; the client should use SSL/TLS here, or port 587 with STARTTLS",
            metadata: ["client": "\(context.channel.remoteAddress?.ipAddress ?? "?")", "detail": "\(reason)"]
        )
        var buffer = context.channel.allocator.buffer(capacity: 160)
        buffer.writeBytes(Self.wrongModeReply.encoded)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in
            loopBound.value.close(promise: nil)
        }
    }
}
