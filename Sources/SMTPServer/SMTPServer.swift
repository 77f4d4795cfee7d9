import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import SMTPCore

/// The SMTP listeners of one process: binds every configured address, starts a
/// ``SMTPServerHandler`` per connection, enforces connection limits, and shuts down
/// gracefully.
public final class SMTPServer: Sendable {
    /// One address to listen on and what to do there.
    public struct Listener: Sendable {
        public var role: ListenerRole
        public var host: String
        /// 0 picks a free port (tests).
        public var port: Int
        public var session: ServerSession.Configuration

        public init(role: ListenerRole, host: String, port: Int, session: ServerSession.Configuration) {
            self.role = role
            self.host = host
            self.port = port
            self.session = session
        }
    }

    public struct Settings: Sendable {
        public var listeners: [Listener]
        public var tlsContext: NIOSSLContext?
        public var delegate: any SMTPSessionDelegate
        public var limiter: ConnectionLimiter
        public var commandTimeout: TimeAmount
        public var dataTimeout: TimeAmount
        /// How long an implicit-TLS listener waits for a ClientHello before it answers in
        /// plaintext that TLS is expected.
        public var implicitTLSSilenceLimit: TimeAmount
        /// Where counters and client events go.
        public var metrics: ServerMetrics
        /// Whether a new connection is served on the event loop of the core its packets
        /// arrive on while few are open (``ConnectionSteering``), rather than always on the
        /// loop the kernel's hash of its addresses picks.
        public var steersConnectionsByCore: Bool
        public var logger: Logger

        public init(
            listeners: [Listener],
            tlsContext: NIOSSLContext?,
            delegate: any SMTPSessionDelegate,
            limiter: ConnectionLimiter,
            commandTimeout: TimeAmount = .minutes(5),
            dataTimeout: TimeAmount = .minutes(10),
            implicitTLSSilenceLimit: TimeAmount = .seconds(3),
            metrics: ServerMetrics = ServerMetrics(),
            steersConnectionsByCore: Bool = false,
            logger: Logger
        ) {
            self.metrics = metrics
            self.steersConnectionsByCore = steersConnectionsByCore
            self.listeners = listeners
            self.tlsContext = tlsContext
            self.delegate = delegate
            self.limiter = limiter
            self.commandTimeout = commandTimeout
            self.dataTimeout = dataTimeout
            self.implicitTLSSilenceLimit = implicitTLSSilenceLimit
            self.logger = logger
        }
    }

    /// A listener that is bound, with the port it got.
    public struct BoundListener: Sendable, Hashable {
        public var role: ListenerRole
        public var host: String
        public var port: Int
    }

    private let settings: Settings
    private let group: any EventLoopGroup
    private let state = NIOLockedValueBox(State())
    /// One watch over the sessions' idle deadlines per event loop of the group.
    private let idleDeadlines: [ObjectIdentifier: IdleDeadlines]
    private let idleResolution: TimeAmount

    private struct State {
        var serverChannels: [any Channel] = []
        var connections: [ObjectIdentifier: any Channel] = [:]
        var nextSessionNumber: UInt64 = 0
        /// Set while connections are steered (``Settings/steersConnectionsByCore``).
        var steering: Steering?
    }

    /// How connections are steered now, and what that touches.
    private struct Steering {
        var policy = ConnectionSteering()
        let loops: [any EventLoop]
        /// Each loop's cores while connections are steered by core.
        let plan: [[Int]]
        /// The cores the process may run on, each loop's while connections are spread.
        let allowed: [Int]
        /// A socket of each listener's `SO_REUSEPORT` group; the group's channel owns it.
        var groupMembers: [CInt] = []

        /// Binds each loop's thread to its cores for `mode` (on the loop, in order with the
        /// bindings before).
        func bindLoops(for mode: ConnectionSteering.Mode) {
            for (loop, cores) in zip(loops, plan) {
                let target = mode == .byCore ? cores : allowed
                loop.execute { try? CoreAffinity.bindCurrentThread(to: target) }
            }
        }

        func program(_ mode: ConnectionSteering.Mode, on member: CInt) throws(CoreAffinity.Unavailable) {
            switch mode {
            case .byCore: try CoreAffinity.steerByCore(member, socketCount: loops.count)
            case .byHash: try CoreAffinity.steerByHash(member)
            }
        }
    }

    public init(settings: Settings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.settings = settings
        self.group = group
        let resolution = IdleDeadlines.resolution(
            forShortestTimeout: min(settings.commandTimeout, settings.dataTimeout, settings.implicitTLSSilenceLimit)
        )
        idleResolution = resolution
        var idleDeadlines: [ObjectIdentifier: IdleDeadlines] = [:]
        for eventLoop in group.makeIterator() {
            idleDeadlines[ObjectIdentifier(eventLoop)] = IdleDeadlines(eventLoop: eventLoop, resolution: resolution)
        }
        self.idleDeadlines = idleDeadlines
    }

    /// Binds every listener; throws if any address cannot be bound.
    @discardableResult
    public func start() async throws -> [BoundListener] {
        var bound = [BoundListener]()
        startSteering()
        do {
            for listener in settings.listeners {
                if listener.session.isStartTLSAvailable || listener.session.isImplicitTLS, settings.tlsContext == nil {
                    throw SMTPServerError.tlsRequired(listener.role)
                }
                let port = try await bind(listener)
                bound.append(BoundListener(role: listener.role, host: listener.host, port: port))
                settings.logger.info("listening", metadata: ["role": "\(listener.role.rawValue)", "address": "\(listener.host):\(port)"])
            }
        } catch {
            // The loops may be shared with others; a server that did not start leaves them unbound.
            state.withLockedValue { Self.stopSteering(&$0) }
            throw error
        }
        return bound
    }

    /// Binds `listener` once per event loop, each socket accepting for its own loop, and
    /// returns the port they share.
    ///
    /// With one listening socket, NIO accepts on one loop and hands every other connection
    /// to the other: the accepting loop asks the child's loop to set the channel up, that
    /// loop answers, and the accepting loop asks it once more to register it. Three thread
    /// wake-ups before the greeting. Sockets of one `SO_REUSEPORT` group, one per loop, let
    /// the kernel spread connections over the loops instead, and each is served where it
    /// was accepted. The address is first bound alone (``ListeningAddress``), so that a
    /// second server on a port in use fails as it would without the group.
    private func bind(_ listener: Listener) async throws -> Int {
        let loops: [any EventLoopGroup] = Array(group.makeIterator())
        let shareAddress = loops.count > 1
        if shareAddress, listener.port != 0 {
            try ListeningAddress.ensureFree(host: listener.host, port: listener.port)
        }
        var port = listener.port
        var groupMember: CInt?
        for acceptingLoop in shareAddress ? loops : [group] {
            let socket = try ListeningAddress.listen(host: listener.host, port: port, sharingAddress: shareAddress, backlog: 1024)
            // The channel owns the socket from here, and closes it if it cannot start.
            let channel = try await ServerBootstrap(group: acceptingLoop, childGroup: acceptingLoop)
                .childChannelOption(.maxMessagesPerRead, value: 4)
                .childChannelInitializer { [self] channel in
                    channel.eventLoop.makeCompletedFuture {
                        try self.initialize(channel, listener: listener)
                    }
                }
                .withBoundSocket(socket.descriptor)
                .get()
            state.withLockedValue { $0.serverChannels.append(channel) }
            // A listener on port 0 got one; the other loops' sockets join it there.
            port = socket.port
            groupMember = groupMember ?? socket.descriptor
        }
        if shareAddress, let groupMember {
            steer(groupMember)
        }
        return port
    }

    private func initialize(_ channel: any Channel, listener: Listener) throws {
        let client = channel.remoteAddress.flatMap { IPAddress(socketAddress: $0) }
        let sessionID = state.withLockedValue { state -> String in
            state.nextSessionNumber += 1
            return String(state.nextSessionNumber, radix: 36, uppercase: true)
        }
        let sync = channel.pipeline.syncOperations
        if let refusal = settings.limiter.acquire(for: client) {
            settings.metrics.refused(listener.role, reason: refusal == .tooManyConnections ? "total" : "per-client")
            settings.logger.notice("connection refused", metadata: ["client": "\(client?.description ?? "?")", "reason": "\(refusal)"])
            let reply = Reply(421, EnhancedStatusCode(.persistentTransientFailure, 7, 0), refusal == .tooManyConnections
                ? "\(listener.session.hostname) Too many connections, try again later"
                : "\(listener.session.hostname) Too many connections from your address, try again later")
            try sync.addHandler(RefusingHandler(reply: reply))
            return
        }
        let limiter = settings.limiter
        let identifier = ObjectIdentifier(channel)
        let logger = settings.logger
        state.withLockedValue {
            $0.connections[identifier] = channel
            Self.updateSteering(&$0, logger: logger)
        }
        channel.closeFuture.whenComplete { [state] _ in
            limiter.release(for: client)
            state.withLockedValue {
                _ = $0.connections.removeValue(forKey: identifier)
                Self.updateSteering(&$0, logger: logger)
            }
        }
        let connection = ConnectionInfo(
            sessionID: sessionID,
            listener: listener.role,
            localPort: channel.localAddress?.port ?? listener.port,
            clientAddress: client,
            clientPort: channel.remoteAddress?.port
        )
        let idleDeadlines = idleDeadlines[ObjectIdentifier(channel.eventLoop)]
            // A channel on a loop outside the group (none that NIO makes) is watched alone.
            ?? IdleDeadlines(eventLoop: channel.eventLoop, resolution: idleResolution)
        if listener.session.isImplicitTLS, let tlsContext = settings.tlsContext {
            try sync.addHandler(ImplicitTLSHandler(
                tlsContext: tlsContext, silenceLimit: settings.implicitTLSSilenceLimit, idleDeadlines: idleDeadlines, role: listener.role,
                metrics: settings.metrics, logger: settings.logger
            ))
        }
        try sync.addHandler(SMTPServerHandler(
            settings: SMTPServerHandler.Settings(
                role: listener.role,
                session: listener.session,
                tlsContext: settings.tlsContext,
                delegate: settings.delegate,
                commandTimeout: settings.commandTimeout,
                dataTimeout: settings.dataTimeout,
                metrics: settings.metrics,
                logger: settings.logger
            ),
            connection: connection,
            idleDeadlines: idleDeadlines
        ))
    }

    /// Stops accepting connections, lets open sessions finish their transaction (idle ones
    /// get 421 4.3.2 at once), and closes whatever is still open at `deadline`.
    public func shutdown(gracePeriod: Duration = .seconds(10)) async {
        await stopListening()
        let connections = state.withLockedValue { Array($0.connections.values) }
        for connection in connections {
            connection.pipeline.fireUserInboundEventTriggered(ServerShutdownEvent())
        }
        let deadline = ContinuousClock.now + gracePeriod
        while ContinuousClock.now < deadline, openConnectionCount > 0 {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for connection in state.withLockedValue({ Array($0.connections.values) }) {
            try? await connection.close()
        }
        settings.logger.info("stopped")
    }

    /// Closes the listeners: no new connection is accepted, and the open ones go on.
    public func stopListening() async {
        let servers = state.withLockedValue { state in
            // Before the channels close their sockets, whose numbers may then be reused.
            Self.stopSteering(&state)
            return state.serverChannels
        }
        for server in servers { try? await server.close() }
    }

    /// Starts steering connections by core, if the settings ask for it and there is more
    /// than one loop to steer to.
    private func startSteering() {
        let loops: [any EventLoop] = Array(group.makeIterator())
        guard settings.steersConnectionsByCore, loops.count > 1 else { return }
        do {
            let allowed = try CoreAffinity.currentThreadCores()
            let steering = Steering(loops: loops, plan: try CoreAffinity.plan(loopCount: loops.count, allowed: allowed), allowed: allowed)
            steering.bindLoops(for: steering.policy.mode)
            state.withLockedValue { $0.steering = steering }
        } catch {
            settings.logger.warning("connections not steered by core", metadata: ["reason": "\(error)"])
        }
    }

    /// Puts the program of the present way of steering on the group `member` belongs to.
    private func steer(_ member: CInt) {
        let logger = settings.logger
        state.withLockedValue { state in
            guard let steering = state.steering else { return }
            do {
                try steering.program(steering.policy.mode, on: member)
                state.steering?.groupMembers.append(member)
            } catch {
                logger.warning("connections not steered by core", metadata: ["reason": "\(error)"])
                Self.stopSteering(&state)
            }
        }
    }

    /// Switches the way of steering when the number of open connections asks for it.
    private static func updateSteering(_ state: inout State, logger: Logger) {
        guard var steering = state.steering, let mode = steering.policy.update(openConnections: state.connections.count) else { return }
        do {
            for member in steering.groupMembers { try steering.program(mode, on: member) }
            steering.bindLoops(for: mode)
            state.steering = steering
        } catch {
            logger.warning("connections not steered by core", metadata: ["reason": "\(error)"])
            stopSteering(&state)
        }
    }

    /// Hands new connections back to the kernel's hash and lets the loops run anywhere.
    private static func stopSteering(_ state: inout State) {
        guard let steering = state.steering else { return }
        state.steering = nil
        for member in steering.groupMembers { try? steering.program(.byHash, on: member) }
        steering.bindLoops(for: .byHash)
    }

    public var openConnectionCount: Int { state.withLockedValue { $0.connections.count } }

    /// The event loops the open connections are served on (for tests).
    var openConnectionLoops: Set<ObjectIdentifier> {
        state.withLockedValue { Set($0.connections.values.map { ObjectIdentifier($0.eventLoop) }) }
    }
}

public enum SMTPServerError: Error, Hashable, CustomStringConvertible {
    case tlsRequired(ListenerRole)

    public var description: String {
        switch self {
        case .tlsRequired(let role): "the \(role.rawValue) listener needs a TLS certificate and key"
        }
    }
}

/// Answers a connection that is over a limit with one reply, then closes it.
final class RefusingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private let reply: Reply

    init(reply: Reply) { self.reply = reply }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { refuse(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        refuse(context: context)
    }

    private func refuse(context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 128)
        buffer.writeBytes(reply.encoded)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in
            loopBound.value.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
