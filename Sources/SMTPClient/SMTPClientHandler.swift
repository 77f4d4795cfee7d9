import NIOCore
import NIOSSL
import NIOTLS
import SMTPCore

/// Runs one ``ClientSession`` on a channel: bytes from the server go in, its actions are
/// carried out, and its results complete the promises the async API waits on.
final class SMTPClientHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private(set) var session: ClientSession
    private let tlsContext: NIOSSLContext?
    private let serverName: String?
    private let replyTimeout: @Sendable (ClientSession.ReplyTimeout) -> TimeAmount
    private let certificates: PeerCertificates?
    private var greeting: EventLoopPromise<ServerExtensions>?
    /// The promises of the messages in progress, in the order they were sent (their
    /// results come in that order).
    private var results = CircularBuffer<EventLoopPromise<ClientSession.MessageResult>>()
    private var closed: EventLoopPromise<Void>?
    private var failure: SMTPClientError?
    private var timeout: Scheduled<Void>?
    /// When the reply waited for is late (nil: waiting for nothing), and when the scheduled
    /// check for it runs.
    private var replyDeadline: NIODeadline?
    private var timeoutCheckAt: NIODeadline?

    init(
        session: ClientSession,
        tlsContext: NIOSSLContext?,
        serverName: String?,
        certificates: PeerCertificates?,
        replyTimeout: @escaping @Sendable (ClientSession.ReplyTimeout) -> TimeAmount,
        greeting: EventLoopPromise<ServerExtensions>
    ) {
        self.certificates = certificates
        self.session = session
        self.tlsContext = tlsContext
        self.serverName = serverName
        self.replyTimeout = replyTimeout
        self.greeting = greeting
    }

    var transcript: [TranscriptLine] { session.transcript }
    var transcriptPosition: Int { session.transcriptPosition }
    var handshakeTranscriptEnd: Int? { session.handshakeTranscriptEnd }
    func transcript(since position: Int) -> [TranscriptLine] { session.transcript(since: position) }
    func transcript(in positions: Range<Int>) -> [TranscriptLine] { session.transcript(in: positions) }
    var acceptsMessages: Bool { session.acceptsMessages }
    var isTLSActive: Bool { session.isTLSActive }

    func channelActive(context: ChannelHandlerContext) {
        armTimeout(context: context)
        context.fireChannelActive()
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armTimeout(context: context) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let actions = buffer.withUnsafeReadableBytes { session.receive($0) }
        perform(actions, context: context)
        armTimeout(context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event, !session.isTLSActive {
            perform(session.tlsEstablished(), context: context)
            armTimeout(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is BoringSSLError {
            failure = .tlsFailed("\(error)")
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timeout?.cancel()
        timeoutCheckAt = nil
        replyDeadline = nil
        perform(session.connectionClosed(), context: context)
        let error = failure ?? .session(.connectionClosed, transcript: session.transcript)
        greeting?.fail(error)
        greeting = nil
        failResults(error)
        closed?.succeed()
        closed = nil
        context.fireChannelInactive()
    }

    /// Sends a message on the event loop, at once or after the messages before it; the
    /// promise completes with its result.
    func send(_ message: OutgoingMessage, context: ChannelHandlerContext, promise: EventLoopPromise<ClientSession.MessageResult>) {
        guard session.acceptsMessages else {
            promise.fail(failure ?? .session(.connectionClosed, transcript: session.transcript))
            return
        }
        results.append(promise)
        perform(session.send(message), context: context)
        armTimeout(context: context)
    }

    private func failResults(_ error: SMTPClientError) {
        while let promise = results.popFirst() { promise.fail(error) }
    }

    func quit(context: ChannelHandlerContext, promise: EventLoopPromise<Void>) {
        closed = promise
        perform(session.quit(), context: context)
        armTimeout(context: context)
    }

    /// Carries out the session's actions. A run of writes leaves as one buffer, flushed
    /// once, so a message's content, the line that ends it and the commands of the next
    /// one pipelined behind it go out in one system call, with one copy of the content.
    private func perform(_ actions: [ClientSession.Action], context: ChannelHandlerContext) {
        var index = actions.startIndex
        while index < actions.endIndex {
            if case .send = actions[index] {
                var end = index
                var size = 0
                while end < actions.endIndex, case .send(let bytes) = actions[end] {
                    size += bytes.count
                    end += 1
                }
                var buffer = context.channel.allocator.buffer(capacity: size)
                for case .send(let bytes) in actions[index..<end] { buffer.writeBytes(bytes) }
                context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
                index = end
                continue
            }
            switch actions[index] {
            case .send:
                break
            case .startTLS:
                startTLS(context: context)
            case .close:
                context.close(promise: nil)
            case .greeted(let extensions):
                greeting?.succeed(extensions)
                greeting = nil
            case .messageResult(let outcome):
                results.popFirst()?.succeed(outcome)
            case .sessionFailed(let reason):
                let error = SMTPClientError.session(reason, transcript: session.transcript)
                failure = failure ?? error
                greeting?.fail(error)
                greeting = nil
                failResults(error)
            }
            index += 1
        }
    }

    private func startTLS(context: ChannelHandlerContext) {
        guard let tlsContext else {
            failure = .tlsFailed("no TLS configuration")
            context.close(promise: nil)
            return
        }
        do {
            let handler = try certificates?.recordingHandler(context: tlsContext, serverName: serverName)
                ?? NIOSSLClientHandler(context: tlsContext, serverHostname: serverName)
            try context.pipeline.syncOperations.addHandler(handler, position: .first)
        } catch {
            failure = .tlsFailed("\(error)")
            context.close(promise: nil)
        }
    }

    /// RFC 5321 §4.5.3.2: the timeout depends on what the client waits for. The scheduled
    /// check is only replaced when the new deadline comes sooner; otherwise it finds the
    /// later deadline and waits again, so each reply does not cost a timer.
    private func armTimeout(context: ChannelHandlerContext) {
        guard let waiting = session.replyTimeout else {
            replyDeadline = nil
            return
        }
        let deadline = NIODeadline.now() + replyTimeout(waiting)
        replyDeadline = deadline
        if let checkAt = timeoutCheckAt, checkAt <= deadline { return }
        scheduleTimeoutCheck(at: deadline, context: context)
    }

    private func scheduleTimeoutCheck(at deadline: NIODeadline, context: ChannelHandlerContext) {
        timeout?.cancel()
        timeoutCheckAt = deadline
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.timeoutCheckAt = nil
            guard let deadline = handler.replyDeadline else { return }
            if NIODeadline.now() < deadline {
                handler.scheduleTimeoutCheck(at: deadline, context: context)
            } else {
                handler.perform(handler.session.timedOut(), context: context)
            }
        }
    }
}
