import NIOCore
import SMTPClient

/// The connections delivery has open to other servers: at most ``Limits/perDestination``
/// to one server and ``Limits/total`` in all, and connections kept open after a message so
/// the next message to the same server skips the greeting, EHLO, TLS handshake and login
/// (as Postfix's connection cache does).
///
/// A delivery asks for a connection with ``acquire(_:)``, which waits while the limits are
/// reached, and gives it back with ``release(_:keeping:)`` or ``release(_:discarding:)``.
/// The pool never connects itself: ``Grant/open`` is a permission to connect, so that a
/// slow connect holds no lock; the new connection is announced with ``opened(_:_:)``.
///
/// When no connection can be opened to a server, a connection to it already lent out is
/// lent to another delivery as well (up to ``Limits/messagesInFlight``), if the server
/// offers PIPELINING: that delivery's message goes out behind the content of the one
/// before, with no round trip between them (RFC 2920 §3.1).
public actor OutboundConnectionPool {
    public struct Limits: Sendable, Hashable {
        /// Connections open at once, to all servers together.
        public var total: Int
        /// Connections open at once to one server (one address and port).
        public var perDestination: Int
        /// Messages sent over one connection before it is closed; 1 turns reuse off.
        public var messagesPerConnection: Int
        /// How long an unused connection is kept open for the next message.
        public var idleTime: Duration
        /// Deliveries that may share one connection at once, their messages pipelined one
        /// behind another; 1 lends a connection to one delivery at a time.
        public var messagesInFlight: Int

        public init(
            total: Int = 20, perDestination: Int = 10, messagesPerConnection: Int = 100, idleTime: Duration = .seconds(5),
            messagesInFlight: Int = 4
        ) {
            self.total = max(1, total)
            self.perDestination = max(1, perDestination)
            self.messagesPerConnection = max(1, messagesPerConnection)
            self.idleTime = idleTime
            self.messagesInFlight = max(1, messagesInFlight)
        }
    }

    /// A connection lent out, with how many messages were given to it before this one.
    public struct PooledConnection: Sendable {
        public let connection: SMTPClientConnection
        public var messagesSent: Int

        public init(connection: SMTPClientConnection, messagesSent: Int) {
            self.connection = connection
            self.messagesSent = messagesSent
        }
    }

    /// What ``acquire(_:)`` hands out.
    public enum Grant: Sendable {
        /// An open connection to the same server with the same settings, idle or shared
        /// with other deliveries.
        case reuse(PooledConnection)
        /// A slot for a new connection; the caller connects, announces the connection with
        /// ``opened(_:_:)``, and gives it back with ``release(_:keeping:)``, or
        /// ``release(_:discarding:)`` (with nil if the connect failed).
        case open
    }

    /// One server, whatever the settings used to talk to it.
    private struct Destination: Hashable {
        var host: String
        var port: Int

        init(_ target: DeliveryTarget) {
            host = target.host
            port = target.port
        }
    }

    private struct IdleConnection {
        var id: Int
        var target: DeliveryTarget
        var pooled: PooledConnection
        /// Closes the connection after the idle time; cancelled when it is lent again.
        var expiry: Scheduled<Void>
    }

    /// A connection lent to one or more deliveries.
    private struct LentConnection {
        var target: DeliveryTarget
        var connection: SMTPClientConnection
        /// Messages given to the connection, including those of its borrowers.
        var messagesLent: Int
        var borrowers: Int
        /// A borrower found it unusable: it is lent to no one else and not kept.
        var isBroken = false

        init(target: DeliveryTarget, connection: SMTPClientConnection, messagesLent: Int) {
            self.target = target
            self.connection = connection
            self.messagesLent = messagesLent
            borrowers = 1
        }
    }

    /// Whether `entry` can take one more delivery: the server pipelines, no borrower found
    /// it broken, and it is under both limits.
    private func hasRoom(_ entry: LentConnection) -> Bool {
        !entry.isBroken && entry.connection.extensions.pipelining
            && entry.borrowers < limits.messagesInFlight && entry.messagesLent < limits.messagesPerConnection
    }

    private struct Waiter {
        var id: Int
        var target: DeliveryTarget
        var reuse: Bool
        var continuation: CheckedContinuation<Grant, Never>
    }

    public let limits: Limits
    private var inUse: [Destination: Int] = [:]
    private var inUseTotal = 0
    /// Oldest first.
    private var idle: [IdleConnection] = []
    private var lent: [ObjectIdentifier: LentConnection] = [:]
    private var waiters: [Waiter] = []
    private var nextID = 0
    private var isDraining = false

    public init(limits: Limits) {
        self.limits = limits
    }

    /// Connections lent out or kept idle now, to `target`'s server and in all.
    public func openConnections(to target: DeliveryTarget) -> (destination: Int, total: Int) {
        (open(Destination(target)), inUseTotal + idle.count)
    }

    /// Requests waiting for a limit to make room.
    public var waitingRequests: Int { waiters.count }

    /// Deliveries holding a connection now, those sharing one included.
    public var activeDeliveries: Int { lent.values.reduce(0) { $0 + $1.borrowers } }

    /// An idle connection to `target`, a slot to open one, or a connection lent out that
    /// can take one more message; waits while none of these is possible. With `reuse`
    /// false only a slot for a new connection is granted.
    public func acquire(_ target: DeliveryTarget, reuse: Bool = true) async -> Grant {
        // Requests wait only while nothing can be granted to them: every release serves the
        // waiters at once, so a new request never overtakes one that could have gone.
        if let grant = grant(target, reuse: reuse) { return grant }
        nextID += 1
        let id = nextID
        return await withCheckedContinuation { continuation in
            waiters.append(Waiter(id: id, target: target, reuse: reuse, continuation: continuation))
        }
    }

    /// A connection opened after ``Grant/open``: from now on it may be shared with other
    /// deliveries to the same server while its first one uses it.
    public func opened(_ target: DeliveryTarget, _ connection: SMTPClientConnection) {
        lent[ObjectIdentifier(connection)] = LentConnection(target: target, connection: connection, messagesLent: 1)
        serveWaiters()
    }

    /// Gives back what ``acquire(_:)`` lent. The connection is kept for the next message
    /// when the last delivery using it is done, it is still under its message limit, and
    /// the pool is not draining; otherwise it is closed with QUIT.
    public func release(_ target: DeliveryTarget, keeping connection: PooledConnection) {
        let id = ObjectIdentifier(connection.connection)
        guard var entry = lent[id] else {
            // Never announced with opened(_:_:): this delivery is its only user.
            freeSlot(for: target)
            keepOrQuit(connection, target: target)
            serveWaiters()
            return
        }
        entry.borrowers -= 1
        if entry.borrowers > 0 {
            lent[id] = entry
        } else {
            lent[id] = nil
            freeSlot(for: target)
            if entry.isBroken {
                Self.quit(entry.connection)
            } else {
                keepOrQuit(PooledConnection(connection: entry.connection, messagesSent: entry.messagesLent), target: target)
            }
        }
        serveWaiters()
    }

    /// Gives back what ``acquire(_:)`` lent, without the connection: the connect failed
    /// (nil), or the connection is unusable and the caller closes it. Other deliveries
    /// sharing it finish with what it does, and it is lent to no one else.
    public func release(_ target: DeliveryTarget, discarding connection: SMTPClientConnection?) {
        if let connection, var entry = lent[ObjectIdentifier(connection)] {
            entry.borrowers -= 1
            entry.isBroken = true
            if entry.borrowers > 0 {
                lent[ObjectIdentifier(connection)] = entry
                serveWaiters()
                return
            }
            lent[ObjectIdentifier(connection)] = nil
        }
        freeSlot(for: target)
        serveWaiters()
    }

    private func freeSlot(for target: DeliveryTarget) {
        let destination = Destination(target)
        inUse[destination, default: 1] -= 1
        inUseTotal -= 1
        if inUse[destination] == 0 { inUse[destination] = nil }
    }

    private func keepOrQuit(_ connection: PooledConnection, target: DeliveryTarget) {
        if connection.messagesSent < limits.messagesPerConnection, !isDraining {
            nextID += 1
            let expiry = scheduleExpiry(of: nextID, on: connection.connection)
            idle.append(IdleConnection(id: nextID, target: target, pooled: connection, expiry: expiry))
        } else {
            Self.quit(connection.connection)
        }
    }

    /// Closes every idle connection with QUIT and keeps no more; for shutdown.
    public func drain() async {
        isDraining = true
        let closing = idle
        idle.removeAll()
        for entry in closing { entry.expiry.cancel() }
        serveWaiters()
        await withTaskGroup(of: Void.self) { group in
            for entry in closing {
                group.addTask { await entry.pooled.connection.quit() }
            }
        }
    }

    private func open(_ destination: Destination) -> Int {
        inUse[destination, default: 0] + idle.count { Destination($0.target) == destination }
    }

    /// A grant for `target` if the limits allow one now, counted as in use.
    private func grant(_ target: DeliveryTarget, reuse: Bool) -> Grant? {
        let destination = Destination(target)
        let shareIfReusing = { reuse ? self.share(target) : nil }
        if reuse, let index = idle.lastIndex(where: { $0.target == target }) {
            let entry = idle.remove(at: index)
            entry.expiry.cancel()
            take(destination)
            lent[ObjectIdentifier(entry.pooled.connection)] = LentConnection(
                target: target, connection: entry.pooled.connection, messagesLent: entry.pooled.messagesSent + 1
            )
            return .reuse(entry.pooled)
        }
        guard inUse[destination, default: 0] < limits.perDestination, inUseTotal < limits.total else { return shareIfReusing() }
        // Idle connections hold places too; close the oldest that stands in the way (one
        // to the same server first, since it was opened with other settings).
        if open(destination) >= limits.perDestination {
            guard let index = idle.firstIndex(where: { Destination($0.target) == destination }) else { return shareIfReusing() }
            Self.close(idle.remove(at: index))
        }
        if inUseTotal + idle.count >= limits.total {
            guard !idle.isEmpty else { return shareIfReusing() }
            Self.close(idle.removeFirst())
        }
        take(destination)
        return .open
    }

    /// A connection lent out to `target` that can take one more delivery: the one with the
    /// fewest borrowers, so the load spreads over the connections.
    private func share(_ target: DeliveryTarget) -> Grant? {
        var chosen: ObjectIdentifier?
        var fewest = Int.max
        for (id, entry) in lent where entry.target == target && hasRoom(entry) && entry.borrowers < fewest {
            chosen = id
            fewest = entry.borrowers
        }
        guard let chosen, var entry = lent[chosen] else { return nil }
        let pooled = PooledConnection(connection: entry.connection, messagesSent: entry.messagesLent)
        entry.borrowers += 1
        entry.messagesLent += 1
        lent[chosen] = entry
        return .reuse(pooled)
    }

    private func take(_ destination: Destination) {
        inUse[destination, default: 0] += 1
        inUseTotal += 1
    }

    /// Hands grants to waiters in arrival order, skipping those whose server is at its
    /// limit, so one busy server does not hold up mail for the others.
    ///
    /// A server found at its limit, with no idle connection to it, stays so for the rest of
    /// the pass, and its other waiters are passed over without asking again: a claim puts
    /// hundreds of deliveries in line for a few connections, and every release went through
    /// all of them.
    private func serveWaiters() {
        var blocked = Set<Destination>()
        var index = 0
        while index < waiters.count {
            if idle.isEmpty, inUseTotal >= limits.total, !lent.values.contains(where: hasRoom) { return }
            let destination = Destination(waiters[index].target)
            if blocked.contains(destination) {
                index += 1
            } else if let grant = grant(waiters[index].target, reuse: waiters[index].reuse) {
                waiters.remove(at: index).continuation.resume(returning: grant)
            } else {
                if !idle.contains(where: { Destination($0.target) == destination }) { blocked.insert(destination) }
                index += 1
            }
        }
    }

    /// A timer on the connection's own event loop, not a task per kept connection: every
    /// message released its connection, and a sleeping task each took a thread of Swift's
    /// shared pool to start, to wake and to end.
    private func scheduleExpiry(of id: Int, on connection: SMTPClientConnection) -> Scheduled<Void> {
        connection.eventLoop.scheduleTask(in: TimeAmount(limits.idleTime)) { [weak self] in
            Task { await self?.expire(id) }
        }
    }

    private func expire(_ id: Int) {
        guard let index = idle.firstIndex(where: { $0.id == id }) else { return }
        Self.close(idle.remove(at: index))
        serveWaiters()
    }

    private static func close(_ entry: IdleConnection) {
        entry.expiry.cancel()
        quit(entry.pooled.connection)
    }

    private static func quit(_ connection: SMTPClientConnection) {
        Task { await connection.quit() }
    }
}
