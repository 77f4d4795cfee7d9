import Logging
import NIOCore
import NIOSSL
import NIOTLS
import SMTPCore

/// Runs one ``ServerSession`` on a channel: feeds it the bytes that arrive, carries out the
/// actions it returns, and hands its questions to the ``SMTPSessionDelegate``.
///
/// All protocol decisions are the session's; this handler only does I/O, timers, TLS and
/// backpressure (while the session waits for a decision it stops reading once the session
/// holds a quarter of what it may, so a pipelining client cannot make it buffer without
/// bound).
final class SMTPServerHandler: ChannelDuplexHandler, RemovableChannelHandler, IdleDeadlineWatched {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Settings shared by every connection of one listener.
    struct Settings: Sendable {
        var role: ListenerRole
        var session: ServerSession.Configuration
        var tlsContext: NIOSSLContext?
        var delegate: any SMTPSessionDelegate
        var commandTimeout: TimeAmount
        var dataTimeout: TimeAmount
        var metrics: ServerMetrics
        var logger: Logger
    }

    /// Sessions on one event loop share one watch over their idle deadlines.
    private let idleDeadlines: IdleDeadlines

    private let settings: Settings
    private var session: ServerSession
    private var connection: ConnectionInfo
    private var logger: Logger
    private var output: ByteBuffer?
    /// The wire form of the reply being written, kept to be reused by the next.
    private var encodedReply: [UInt8] = []
    private var readPending = false
    /// Answers the delegate gave while actions were being carried out (at once, or a store
    /// committed on this thread), applied in order as soon as those actions are done.
    private var answersDue: [(inout ServerSession) -> [ServerSession.Action]] = []
    /// Set while ``perform(_:context:)`` carries out actions and the answers due after them.
    private var isPerforming = false
    /// Set once a store's answer is among those due in the current ``perform(_:context:)``.
    /// The answer of a second store committed on this thread waits for a task: a client that
    /// pipelines message after message must not keep the loop from its other sessions for
    /// one commit after another.
    private var storeAnswerDue = false
    /// When the session counts as idle (see ``IdleDeadlines``).
    private(set) var idleDeadline = NIODeadline.distantFuture
    var idleDeadlineSlot: Int?
    /// Kept from the start of the session until it ends, for the idle timeout.
    private var context: ChannelHandlerContext?
    private var isActive = false
    /// Set while waiting for a TLS handshake, so the greeting and the session wait for it.
    private var awaitsImplicitTLS: Bool

    init(settings: Settings, connection: ConnectionInfo, idleDeadlines: IdleDeadlines) {
        self.settings = settings
        self.idleDeadlines = idleDeadlines
        self.session = ServerSession(configuration: settings.session)
        self.connection = connection
        self.awaitsImplicitTLS = settings.session.isImplicitTLS
        var logger = settings.logger
        logger[metadataKey: "session"] = "\(connection.sessionID)"
        self.logger = logger
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    private func start(context: ChannelHandlerContext) {
        guard !isActive else { return }
        isActive = true
        self.context = context
        logger.info("connect", metadata: ["client": "\(connection.clientAddressText)", "listener": "\(settings.role.rawValue)"])
        settings.metrics.connection(settings.role)
        if !awaitsImplicitTLS {
            perform(session.start(), context: context)
            flushReplies(context: context)
        }
        armTimeout()
        idleDeadlines.add(self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let actions = buffer.withUnsafeReadableBytes { session.receive($0) }
        perform(actions, context: context)
        // Armed after the bytes are processed: the session may have entered DATA, whose
        // timeout differs from the one between commands.
        armTimeout()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushReplies(context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            let version = (try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self))?.tlsVersion
            connection.tlsVersion = version.map(Self.describe)
            settings.metrics.tlsHandshake(settings.role, succeeded: true, client: connection.clientAddressText)
            logger.info("tls established", metadata: ["version": "\(connection.tlsVersion ?? "?")"])
            if awaitsImplicitTLS {
                awaitsImplicitTLS = false
                perform(session.start(), context: context)
            } else {
                perform(session.tlsEstablished(), context: context)
            }
            flushReplies(context: context)
        } else if event is ServerShutdownEvent {
            perform(session.shutdown(), context: context)
            flushReplies(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopWatching()
        logger.info("disconnect")
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopWatching()
    }

    private func stopWatching() {
        idleDeadlines.remove(self)
        self.context = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is BoringSSLError, connection.tlsVersion != nil {
            // After the handshake: a client closing without close_notify, not a TLS failure.
            logger.info("tls connection error", metadata: ["error": "\(error)"])
        } else if error is NIOSSLError || error is BoringSSLError {
            settings.metrics.tlsHandshake(settings.role, succeeded: false, client: connection.clientAddressText, error: "\(error)")
            logger.notice("tls failed", metadata: ["error": "\(error)"])
        } else {
            logger.notice("connection error", metadata: ["error": "\(error)"])
        }
        context.close(promise: nil)
    }

    // MARK: Backpressure

    func read(context: ChannelHandlerContext) {
        // While the session awaits a decision it holds what a pipelining client sends. Reading
        // goes on until a quarter of the session's limit is held, which one more read cannot
        // take past the limit: turning the socket's read interest off and on again cost two
        // system calls for every message stored and every decision asked for.
        if session.isAwaitingDecision,
           session.pendingInputCount >= settings.session.maximumPendingInput / 4 {
            readPending = true
        } else {
            context.read()
        }
    }

    private func resumeReading(context: ChannelHandlerContext) {
        guard readPending, !session.isAwaitingDecision else { return }
        readPending = false
        context.read()
    }

    // MARK: Actions

    /// Carries out `actions`, then the answers that came in meanwhile, and those that came in
    /// while they were applied, in order: a session waiting for an answer the delegate has at
    /// hand goes on without a turn of the event loop in between.
    private func perform(_ actions: [ServerSession.Action], context: ChannelHandlerContext) {
        guard !isPerforming else {
            carryOut(actions, context: context)
            return
        }
        isPerforming = true
        defer {
            isPerforming = false
            storeAnswerDue = false
        }
        carryOut(actions, context: context)
        var applied = false
        while !answersDue.isEmpty {
            let apply = answersDue.removeFirst()
            guard context.channel.isActive else {
                answersDue.removeAll()
                return
            }
            carryOut(apply(&session), context: context)
            applied = true
        }
        if applied { resumeReading(context: context) }
    }

    private func carryOut(_ actions: [ServerSession.Action], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case .send(let reply):
                write(reply, context: context)
            case .startTLS:
                startTLS(context: context)
            case .close:
                flushReplies(context: context)
                context.close(promise: nil)
            case .checkSender(let path, let parameters):
                logger.info("mail from", metadata: ["from": "\(path)"])
                decide(
                    context: context,
                    immediately: settings.delegate.immediateSenderDecision(path, parameters: parameters, connection: currentConnection),
                    ask: { delegate, connection in await delegate.checkSender(path, parameters: parameters, connection: connection) },
                    apply: { session, decision in session.senderChecked(decision) }
                )
            case .checkRecipient(let path, let parameters):
                decide(
                    context: context,
                    immediately: settings.delegate.immediateRecipientDecision(path, parameters: parameters, connection: currentConnection),
                    ask: { delegate, connection in await delegate.checkRecipient(path, parameters: parameters, connection: connection) },
                    apply: { [logger] session, decision in
                        if case .reject(let reply) = decision {
                            logger.info("rcpt refused", metadata: ["to": "\(path)", "reply": "\(reply)"])
                        }
                        return session.recipientChecked(decision)
                    }
                )
            case .authenticate(let credentials):
                decide(context: context) { delegate, connection in
                    await delegate.authenticate(credentials, connection: connection)
                } apply: { [logger] session, result in
                    switch result {
                    case .success(let user): logger.info("auth", metadata: ["user": "\(user)"])
                    default: logger.notice("auth failed", metadata: ["user": "\(credentials.username)", "result": "\(result)"])
                    }
                    return session.authenticationFinished(result)
                }
            case .storeMessage(let envelope, let message):
                flushReplies(context: context)
                let finished = answerOnEventLoop(context: context, isStore: true) { [logger] (session: inout ServerSession, result: ServerSession.StorageResult) in
                    switch result {
                    case .stored(let queueID):
                        logger.info("queued", metadata: ["queue": "\(queueID)", "size": "\(message.count)", "recipients": "\(envelope.recipients.count)"])
                    case .failed(let reply):
                        logger.warning("not stored", metadata: ["reply": "\(reply)"])
                    }
                    return session.messageStored(result)
                }
                settings.delegate.store(envelope, content: message, connection: currentConnection, completion: finished)
            case .foreignProtocol(let kind):
                switch kind {
                case .tlsHandshake:
                    settings.metrics.wrongPort(settings.role, kind: "tls-on-plaintext", client: connection.clientAddressText)
                    logger.warning(
                        "wrong port: TLS handshake on a plaintext port; the client is set to SSL/TLS but this port uses STARTTLS or plaintext",
                        metadata: ["client": "\(connection.clientAddressText)", "port": "\(connection.localPort)"]
                    )
                case .http:
                    logger.notice("HTTP request on an SMTP port", metadata: ["client": "\(connection.clientAddressText)"])
                }
            }
        }
    }

    private func write(_ reply: Reply, context: ChannelHandlerContext) {
        settings.metrics.reply(settings.role, code: reply.code.rawValue)
        if reply.code.rawValue >= 400 {
            logger.info("reply", metadata: ["reply": "\(reply)"])
        }
        // Taken out, so that the buffer is not shared while it grows (which would copy it).
        var buffer = output.take() ?? context.channel.allocator.buffer(capacity: 256)
        encodedReply.removeAll(keepingCapacity: true)
        reply.write(into: &encodedReply)
        buffer.writeBytes(encodedReply)
        output = buffer
    }

    private func flushReplies(context: ChannelHandlerContext) {
        guard let buffer = output else { return }
        output = nil
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    /// Takes the delegate's immediate answer when it has one; otherwise asks it off the
    /// event loop.
    private func decide<Answer: Sendable>(
        context: ChannelHandlerContext,
        immediately answer: Answer?,
        ask: @escaping @Sendable (any SMTPSessionDelegate, ConnectionInfo) async -> Answer,
        apply: @escaping (inout ServerSession, Answer) -> [ServerSession.Action]
    ) {
        if let answer {
            answerImmediately(answer, apply: apply)
        } else {
            decide(context: context, ask: ask, apply: apply)
        }
    }

    /// Asks the delegate off the event loop, then hands the answer to the session on it.
    private func decide<Answer: Sendable>(
        context: ChannelHandlerContext,
        ask: @escaping @Sendable (any SMTPSessionDelegate, ConnectionInfo) async -> Answer,
        apply: @escaping (inout ServerSession, Answer) -> [ServerSession.Action]
    ) {
        flushReplies(context: context)
        let connection = currentConnection
        let delegate = settings.delegate
        let answer = answerOnEventLoop(context: context, apply: apply)
        Task { answer(await ask(delegate, connection)) }
    }

    /// The connection as the delegate sees it now.
    private var currentConnection: ConnectionInfo {
        var connection = self.connection
        connection.authenticatedUser = session.authenticatedUserName
        return connection
    }

    /// Hands an answer the delegate had at hand to the session once the actions being
    /// carried out now are done (not inside them).
    private func answerImmediately<Answer: Sendable>(
        _ answer: Answer,
        apply: @escaping (inout ServerSession, Answer) -> [ServerSession.Action]
    ) {
        answersDue.append { session in apply(&session, answer) }
    }

    /// A function, callable on any thread, that hands an answer of the delegate to the
    /// session on the event loop and carries out what follows from it. Called on the event
    /// loop while this handler carries out actions (a store committed on this thread), it
    /// leaves the answer to be applied once they are done, without a task of its own; for
    /// the first store of those actions only (see ``storeAnswerDue``).
    private func answerOnEventLoop<Answer: Sendable>(
        context: ChannelHandlerContext,
        isStore: Bool = false,
        apply: @escaping (inout ServerSession, Answer) -> [ServerSession.Action]
    ) -> @Sendable (Answer) -> Void {
        let loopBound = NIOLoopBound((self, context, apply), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        return { answer in
            if eventLoop.inEventLoop {
                let (handler, _, apply) = loopBound.value
                if handler.isPerforming, !(isStore && handler.storeAnswerDue) {
                    if isStore { handler.storeAnswerDue = true }
                    handler.answersDue.append { session in apply(&session, answer) }
                    return
                }
            }
            eventLoop.execute {
                let (handler, context, apply) = loopBound.value
                guard context.channel.isActive else { return }
                let actions = apply(&handler.session, answer)
                handler.perform(actions, context: context)
                handler.flushReplies(context: context)
                handler.armTimeout()
                handler.resumeReading(context: context)
            }
        }
    }

    private func startTLS(context: ChannelHandlerContext) {
        guard let tlsContext = settings.tlsContext else {
            context.close(promise: nil)
            return
        }
        // The 220 goes out in plaintext first; then TLS sits in front of everything.
        flushReplies(context: context)
        do {
            try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext), position: .first)
        } catch {
            logger.error("could not start TLS", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    // MARK: Timeouts (RFC 5321 §4.5.3.2)

    func idleDeadlinePassed() {
        guard let context, context.channel.isActive else { return }
        // A session waiting for our own decision is not idle on the client's side; the
        // answer moves the deadline again.
        guard !session.isAwaitingDecision else {
            idleDeadline = .distantFuture
            return
        }
        logger.notice("timeout")
        perform(session.timedOut(), context: context)
        flushReplies(context: context)
    }

    /// Moves the idle deadline; the loop's ``IdleDeadlines`` notices it.
    private func armTimeout() {
        let amount = session.isReceivingContent ? settings.dataTimeout : settings.commandTimeout
        idleDeadline = .now() + amount
        if idleDeadlineSlot != nil { idleDeadlines.deadlineMoved(to: idleDeadline) }
    }

    private static func describe(_ version: TLSVersion) -> String {
        switch version {
        case .tlsv1: "TLSv1"
        case .tlsv11: "TLSv1.1"
        case .tlsv12: "TLSv1.2"
        case .tlsv13: "TLSv1.3"
        }
    }
}

/// Sent down every connection's pipeline when the server stops, so each session can finish
/// its transaction or close with 421 4.3.2.
struct ServerShutdownEvent: Sendable {}
