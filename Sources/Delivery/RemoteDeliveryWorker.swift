import Foundation
import Logging
import MailQueue
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SMTPClient
import SMTPCore

/// Delivers queued recipients on other servers: groups due recipients by message and
/// domain, finds the route, tries its servers in order (the next one on a connection failure
/// or a temporary refusal of the whole transaction), records every attempt, defers temporary
/// failures on the retry schedule and bounces permanent ones and those past their lifetime.
public final class RemoteDeliveryWorker: Sendable {
    public struct Settings: Sendable {
        public var clientName: String
        /// The wait after the n-th failed attempt.
        public var retryInterval: @Sendable (_ failures: Int) -> Duration
        /// How long a message may stay queued before it is bounced.
        public var lifetime: Duration
        /// After how long in the queue the sender is told the delivery is delayed; nil: never.
        public var delayNotice: Duration?
        public var pollInterval: Duration
        /// How long the worker waits after a wake-up before it claims, so that one claim
        /// takes the messages stored meanwhile. With one client sending (a message about
        /// every millisecond), claiming at once took a claim and a wake-up per message.
        public var gatherDelay: Duration
        /// How long a claim lasts unless renewed (see ``MessageStore/renewLeases(owner:until:)``).
        public var leaseDuration: Duration
        /// The name this worker's leases carry; unique among the processes sharing a queue.
        public var leaseOwner: String
        /// Connections at once, in all and per server, and how connections are reused.
        public var connections: OutboundConnectionPool.Limits
        /// Whether content goes as a BDAT chunk to servers that offer CHUNKING (RFC 3030).
        public var usesChunking: Bool
        /// How long to wait for a TCP connection to a server.
        public var connectTimeout: Duration
        /// How long to wait for each kind of reply; RFC 5321 §4.5.3.2's values by default.
        public var replyTimeout: @Sendable (ClientSession.ReplyTimeout) -> Duration
        /// The event loop the connections to other servers run on, and the deliveries'
        /// tasks with them. A server gives it a loop of its own, apart from its listeners'.
        public var eventLoop: any EventLoop

        public init(
            clientName: String,
            retryInterval: @escaping @Sendable (Int) -> Duration,
            lifetime: Duration,
            delayNotice: Duration? = nil,
            pollInterval: Duration = .seconds(5),
            gatherDelay: Duration = .milliseconds(20),
            leaseDuration: Duration = .seconds(600),
            leaseOwner: String = "remote-\(ProcessInfo.processInfo.processIdentifier)",
            connections: OutboundConnectionPool.Limits = OutboundConnectionPool.Limits(),
            usesChunking: Bool = true,
            connectTimeout: Duration = .seconds(30),
            replyTimeout: @escaping @Sendable (ClientSession.ReplyTimeout) -> Duration = { .seconds($0.seconds) },
            eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()
        ) {
            self.clientName = clientName
            self.retryInterval = retryInterval
            self.lifetime = lifetime
            self.delayNotice = delayNotice
            self.pollInterval = pollInterval
            self.gatherDelay = gatherDelay
            self.leaseDuration = leaseDuration
            self.leaseOwner = leaseOwner
            self.connections = connections
            self.usesChunking = usesChunking
            self.connectTimeout = connectTimeout
            self.replyTimeout = replyTimeout
            self.eventLoop = eventLoop
        }
    }

    /// The open connections, shared by all deliveries of this worker.
    public let connections: OutboundConnectionPool
    private let store: any MessageStore
    /// Writes the records of deliveries that finish together at once.
    private let recorder: DeliveryRecorder
    private let router: any DeliveryRouter
    private let settings: Settings
    /// The name this worker's leases carry.
    public var leaseOwner: String { settings.leaseOwner }
    private let logger: Logger
    /// Called with the recipients of one message that bounced, to send the DSN.
    private let bounce: @Sendable ([DeliveryFailure]) async -> Void
    /// Called with recipients still waiting past the delay-notice time, to send a `delayed` DSN.
    private let notifyDelay: @Sendable ([DeliveryFailure]) async -> Void
    private let wakeups: AsyncStream<Void>
    private let wakeupContinuation: AsyncStream<Void>.Continuation
    /// The loop this worker's tasks and connections run on.
    private let executor: EventLoopTaskExecutor

    public init(
        store: any MessageStore,
        router: any DeliveryRouter,
        settings: Settings,
        logger: Logger,
        bounce: @escaping @Sendable ([DeliveryFailure]) async -> Void,
        notifyDelay: @escaping @Sendable ([DeliveryFailure]) async -> Void = { _ in }
    ) {
        self.notifyDelay = notifyDelay
        self.store = store
        let executor = EventLoopTaskExecutor(settings.eventLoop)
        recorder = DeliveryRecorder(store: store, logger: logger, executor: executor)
        self.router = router
        self.settings = settings
        self.logger = logger
        self.bounce = bounce
        connections = OutboundConnectionPool(limits: settings.connections)
        self.executor = executor
        (wakeups, wakeupContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    public func wake() { wakeupContinuation.yield() }

    /// Stops taking new work; deliveries in progress finish.
    public func stop() {
        stopping.withLockedValue { $0 = true }
        wakeupContinuation.finish()
    }

    /// Set by ``stop()``; a queue that always has due work must not keep the worker going.
    private let stopping = NIOLockedValueBox(false)

    /// Runs until stopped; deliveries in progress finish first, then idle connections are
    /// closed.
    public func run() async {
        let ticker = Task { [wakeupContinuation, settings] in
            while !Task.isCancelled {
                try? await Task.sleep(for: settings.pollInterval)
                wakeupContinuation.yield()
            }
        }
        defer { ticker.cancel() }
        wake()
        // On the worker's loop throughout: a wake-up, the wait for more messages and the
        // claim that follows run on the loop's thread, without a stop on Swift's shared pool
        // (a thread woken and switched to, twice a message when they came one at a time).
        await withTaskExecutorPreference(executor) {
            for await _ in wakeups {
                await executor.sleep(for: settings.gatherDelay)
                await deliverDueOnLoop()
            }
        }
        await connections.drain()
    }

    /// Delivers everything that is due now, on the loop of this worker's connections.
    public func deliverDue() async {
        await withTaskExecutorPreference(executor) { await deliverDueOnLoop() }
    }

    private func deliverDueOnLoop() async {
        while !stopping.withLockedValue({ $0 }) {
            let claims: [DeliveryClaim]
            do {
                claims = try await store.claimDeliveries(
                    route: MailQueue.DeliveryRoute.remote, limit: Self.claimLimit, now: Date().timeIntervalSince1970,
                    leaseDuration: Double(settings.leaseDuration.components.seconds), owner: settings.leaseOwner
                )
            } catch {
                logger.error("claiming remote deliveries failed", metadata: ["error": "\(error)"])
                return
            }
            if claims.isEmpty { return }
            // Every group starts at once and waits in the connection pool, which keeps the
            // limits per server and in all; a message is read only once it has a connection.
            let groups = Dictionary(grouping: claims) { GroupKey(message: $0.messageID, domain: $0.mailbox.domain.normalized) }
            await withTaskGroup(of: Void.self) { group in
                for (key, members) in groups {
                    group.addTask { await self.deliver(members, domain: key.domain) }
                }
            }
            // Fewer than asked for: nothing else was due. Mail stored meanwhile has woken the
            // worker, which then looks again.
            if claims.count < Self.claimLimit { return }
        }
    }

    private static let claimLimit = 256

    private struct GroupKey: Hashable {
        var message: QueueID
        var domain: String
    }

    /// Delivers one message to the recipients it has at one domain.
    private func deliver(_ claims: [DeliveryClaim], domain: String) async {
        var logger = self.logger
        logger[metadataKey: "queue"] = "\(claims[0].messageID)"
        var content: [UInt8]?
        var pending = claims
        var lastProblem: (reply: Reply, host: String?, synthesized: Bool)? = nil
        switch await router.route(for: domain) {
        case .nullMX:
            let reply = Reply(556, EnhancedStatusCode(.permanentFailure, 1, 10), "Recipient domain \(domain) has a null MX and accepts no mail (RFC 7505)")
            await finish(pending, as: .bounced(reply, host: nil, synthesized: true), logger: logger)
            return
        case .permanentFailure(let reason):
            let reply = Reply(550, EnhancedStatusCode(.permanentFailure, 1, 2), "Recipient domain \(domain) does not exist: \(reason)")
            await finish(pending, as: .bounced(reply, host: nil, synthesized: true), logger: logger)
            return
        case .temporaryFailure(let reason):
            lastProblem = (Reply(451, EnhancedStatusCode(.persistentTransientFailure, 4, 3), "Cannot look up \(domain) now: \(reason)"), nil, true)
        case .targets(let targets):
            for target in targets where !pending.isEmpty {
                let outcome = await attempt(pending, content: &content, target: target, logger: logger)
                pending = outcome.remaining
                if let problem = outcome.problem { lastProblem = problem }
                if !outcome.tryNextHost { break }
            }
        }
        if !pending.isEmpty {
            let problem = lastProblem ?? (Reply(451, EnhancedStatusCode(.persistentTransientFailure, 4, 4), "No server for \(domain) could be reached"), nil, true)
            await finish(pending, as: .deferred(problem.reply, host: problem.host, synthesized: problem.synthesized), logger: logger)
        }
    }

    private struct AttemptOutcome {
        var remaining: [DeliveryClaim]
        var problem: (reply: Reply, host: String?, synthesized: Bool)?
        var tryNextHost: Bool
    }

    private func attempt(_ claims: [DeliveryClaim], content: inout [UInt8]?, target: DeliveryTarget, logger: Logger) async -> AttemptOutcome {
        let now = Date().timeIntervalSince1970
        var pooled: OutboundConnectionPool.PooledConnection
        switch await connection(to: target) {
        case .success(let connection):
            pooled = connection
        case .failure(let error):
            let reply = error.reply ?? Reply(451, EnhancedStatusCode(.persistentTransientFailure, 4, 1), "\(target.label): \(error)")
            let transcript: [TranscriptLine] = if case .session(_, let lines) = error { lines } else { [] }
            let attempt = DeliveryAttempt(time: now, host: target.label, address: target.host, usedTLS: false, result: reply.description, transcript: Self.text(transcript))
            await recorder.record(claims.map { DeliveryRecord(claim: $0, attempt: attempt) })
            logger.notice("connection failed", metadata: ["relay": "\(target.label)", "error": "\(error)"])
            // A permanent refusal at greeting or login is final for this route only when it
            // is a login problem with our own smarthost; anything else: the next host.
            let permanent = reply.code.kind == .permanentNegative && target.credentials != nil
            if permanent {
                await finish(claims, as: .bounced(reply, host: target.label, synthesized: false), logger: logger)
                return AttemptOutcome(remaining: [], problem: nil, tryNextHost: false)
            }
            return AttemptOutcome(remaining: claims, problem: (reply, target.label, error.reply == nil), tryNextHost: true)
        }
        if content == nil {
            do {
                content = try await store.content(of: claims[0].messageID)
            } catch {
                logger.error("reading the message failed", metadata: ["error": "\(error)"])
            }
        }
        guard let content else {
            await connections.release(target, keeping: pooled)
            let reply = Reply(451, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "The queued message could not be read")
            return AttemptOutcome(remaining: claims, problem: (reply, nil, true), tryNextHost: false)
        }
        let message = OutgoingMessage(
            reversePath: claims[0].reversePath,
            mailParameters: claims[0].mailParameters,
            // Deliver to the final mailbox (an alias may have rewritten the recipient); the
            // original address travels as ORCPT when the server offers DSN.
            recipients: claims.map { claim in
                var recipient = claim.recipient
                recipient.forwardPath = .mailbox(claim.mailbox)
                return recipient
            },
            content: content
        )
        var sent = await pooled.connection.send(message, transcriptFromStart: pooled.messagesSent == 0)
        if Self.neverReachedServer(sent) {
            // A kept connection the server closed while it was idle, or a shared one that
            // failed while this message waited its turn: its content never went out and
            // the server said nothing about it, so it goes on a new connection, once.
            logger.debug("connection ended before the message was sent; reconnecting", metadata: ["relay": "\(target.label)"])
            await pooled.connection.close()
            await connections.release(target, discarding: pooled.connection)
            switch await connection(to: target, reuse: false) {
            case .success(let fresh):
                pooled = fresh
                sent = await pooled.connection.send(message, transcriptFromStart: true)
            case .failure(let error):
                let reply = error.reply ?? Reply(451, EnhancedStatusCode(.persistentTransientFailure, 4, 1), "\(target.label): \(error)")
                return AttemptOutcome(remaining: claims, problem: (reply, target.label, error.reply == nil), tryNextHost: true)
            }
        }
        let result: ClientSession.MessageResult
        switch sent.result {
        case .success(let value):
            result = value
        case .failure(let error):
            await pooled.connection.quit()
            await connections.release(target, discarding: pooled.connection)
            let reply = error.reply ?? Reply(451, EnhancedStatusCode(.persistentTransientFailure, 4, 2), "\(target.label): \(error)")
            return AttemptOutcome(remaining: claims, problem: (reply, target.label, error.reply == nil), tryNextHost: true)
        }
        let connection = pooled.connection
        let transcript = Self.text(sent.transcript)
        pooled.messagesSent += 1
        if sent.isReady {
            await connections.release(target, keeping: pooled)
        } else {
            await connection.close()
            await connections.release(target, discarding: connection)
        }
        var remaining = [DeliveryClaim]()
        var failures = [DeliveryFailure]()
        var lastTransient: (reply: Reply, host: String?, synthesized: Bool)?
        var records = [DeliveryRecord]()
        let usedTLS = connection.isTLSActive
        for (claim, recipientResult) in zip(claims, result.recipientResults) {
            var record = DeliveryRecord(claim: claim, attempt: DeliveryAttempt(
                time: now, host: target.label, address: target.host, usedTLS: usedTLS,
                result: recipientResult.reply.description, transcript: transcript
            ))
            if recipientResult.isAccepted {
                logger.info("delivered", metadata: ["to": "\(claim.mailbox)", "relay": "\(target.label)", "reply": "\(recipientResult.reply)"])
                record.outcome = .delivered(detail: "\(target.label): \(recipientResult.reply)")
            } else if recipientResult.isTransientFailure {
                remaining.append(claim)
                lastTransient = (recipientResult.reply, target.label, recipientResult.isSynthesized)
            } else {
                logger.notice("bounced", metadata: ["to": "\(claim.mailbox)", "relay": "\(target.label)", "reply": "\(recipientResult.reply)"])
                record.outcome = .bounced(reason: recipientResult.reply.description)
                failures.append(DeliveryFailure(claim: claim, reply: recipientResult.reply, remoteHost: target.label, isSynthesized: recipientResult.isSynthesized))
            }
            records.append(record)
        }
        // The attempts and outcomes of the transaction are written at once, with those of
        // the deliveries finishing beside it.
        await recorder.record(records)
        if !failures.isEmpty { await bounce(failures) }
        // A whole transaction refused for now (4xx at MAIL or DATA): another MX may do better.
        let wholeTransactionDeferred = remaining.count == claims.count
        return AttemptOutcome(remaining: remaining, problem: lastTransient, tryNextHost: wholeTransactionDeferred)
    }

    /// Whether the message certainly did not reach the server: the send failed, which
    /// happens only when the connection no longer took messages (a message it took always
    /// gets a result), or its content was never sent and every recipient got a transient
    /// reply the client made up (the connection ended first). A message whose content
    /// went out may have been taken even without a reply (RFC 1047), so it is not sent
    /// again at once.
    private static func neverReachedServer(_ sent: SMTPClientConnection.SentMessage) -> Bool {
        switch sent.result {
        case .failure:
            return true
        case .success(let result):
            return !result.isContentSent && !result.recipientResults.isEmpty
                && result.recipientResults.allSatisfy { $0.isSynthesized && $0.reply.code.kind == .transientNegative }
        }
    }

    /// A connection to `target`: a kept or shared one from the pool (unless `reuse` is
    /// false, after a kept one turned out closed), or a new one. Whether a kept one still
    /// works shows when a message is sent on it.
    private func connection(to target: DeliveryTarget, reuse: Bool = true) async -> Result<OutboundConnectionPool.PooledConnection, SMTPClientError> {
        switch await connections.acquire(target, reuse: reuse) {
        case .reuse(let pooled):
            return .success(pooled)
        case .open:
            let configuration = SMTPClientConnection.Configuration(
                session: ClientSession.Configuration(
                    clientName: settings.clientName, tlsPolicy: target.tlsPolicy, credentials: target.credentials, useChunking: settings.usesChunking
                ),
                verification: target.verification,
                connectTimeout: TimeAmount(settings.connectTimeout),
                replyTimeout: { [settings] in TimeAmount(settings.replyTimeout($0)) }
            )
            do {
                let connection = try await SMTPClientConnection.connect(host: target.host, port: target.port, serverName: target.serverName, configuration: configuration, group: executor.eventLoop)
                await connections.opened(target, connection)
                return .success(OutboundConnectionPool.PooledConnection(connection: connection, messagesSent: 0))
            } catch {
                await connections.release(target, discarding: nil)
                return .failure(error)
            }
        }
    }

    private enum FinalOutcome {
        case deferred(Reply, host: String?, synthesized: Bool)
        case bounced(Reply, host: String?, synthesized: Bool)
    }

    private func finish(_ claims: [DeliveryClaim], as outcome: FinalOutcome, logger: Logger) async {
        let now = Date()
        var records = [DeliveryRecord]()
        var bounced = [DeliveryFailure]()
        var delayed = [DeliveryFailure]()
        for claim in claims {
            switch outcome {
            case .deferred(let reply, let host, let synthesized):
                let age = now.timeIntervalSince1970 - claim.receivedAt
                if age >= Double(settings.lifetime.components.seconds) {
                    logger.notice("bounced: lifetime exceeded", metadata: ["to": "\(claim.mailbox)", "reply": "\(reply)"])
                    records.append(DeliveryRecord(claim: claim, outcome: .bounced(reason: "lifetime exceeded; last reply: \(reply)")))
                    bounced.append(DeliveryFailure(claim: claim, reply: reply, remoteHost: host, isSynthesized: synthesized))
                } else {
                    let wait = settings.retryInterval(claim.attempts)
                    let retryAt = now.timeIntervalSince1970 + Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
                    logger.info("deferred", metadata: ["to": "\(claim.mailbox)", "reply": "\(reply)", "retry_in": "\(wait)"])
                    records.append(DeliveryRecord(claim: claim, outcome: .deferred(reason: reply.description, retryAt: retryAt)))
                    if let notice = settings.delayNotice, !claim.delayNotified, age >= Double(notice.components.seconds) {
                        delayed.append(DeliveryFailure(claim: claim, reply: reply, remoteHost: host, isSynthesized: synthesized))
                    }
                }
            case .bounced(let reply, let host, let synthesized):
                logger.notice("bounced", metadata: ["to": "\(claim.mailbox)", "reply": "\(reply)"])
                records.append(DeliveryRecord(claim: claim, outcome: .bounced(reason: reply.description)))
                bounced.append(DeliveryFailure(claim: claim, reply: reply, remoteHost: host, isSynthesized: synthesized))
            }
        }
        await recorder.record(records)
        if !bounced.isEmpty { await bounce(bounced) }
        if !delayed.isEmpty {
            try? await store.markDelayNotified(delayed.map(\.claim))
            await notifyDelay(delayed)
        }
    }

    /// The lines as ``TranscriptLine/description`` writes them, one per line, built in one
    /// string: a relay writes one per delivery.
    private static func text(_ transcript: [TranscriptLine]) -> String {
        var text = ""
        text.reserveCapacity(transcript.reduce(0) { $0 + $1.text.utf8.count + 4 })
        for line in transcript {
            if !text.isEmpty { text += "\n" }
            line.append(to: &text)
        }
        return text
    }
}
