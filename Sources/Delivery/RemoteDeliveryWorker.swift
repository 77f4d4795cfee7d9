import Foundation
import Logging
import MailQueue
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
        public var leaseDuration: Duration
        /// Messages delivered at once (concurrency across destinations).
        public var concurrency: Int

        public init(
            clientName: String,
            retryInterval: @escaping @Sendable (Int) -> Duration,
            lifetime: Duration,
            delayNotice: Duration? = nil,
            pollInterval: Duration = .seconds(5),
            leaseDuration: Duration = .seconds(600),
            concurrency: Int = 16
        ) {
            self.clientName = clientName
            self.retryInterval = retryInterval
            self.lifetime = lifetime
            self.delayNotice = delayNotice
            self.pollInterval = pollInterval
            self.leaseDuration = leaseDuration
            self.concurrency = concurrency
        }
    }

    private let store: any MessageStore
    private let router: any DeliveryRouter
    private let settings: Settings
    private let logger: Logger
    /// Called with the recipients of one message that bounced, to send the DSN.
    private let bounce: @Sendable ([DeliveryFailure]) async -> Void
    /// Called with recipients still waiting past the delay-notice time, to send a `delayed` DSN.
    private let notifyDelay: @Sendable ([DeliveryFailure]) async -> Void
    private let owner = "remote-\(ProcessInfo.processInfo.processIdentifier)"
    private let wakeups: AsyncStream<Void>
    private let wakeupContinuation: AsyncStream<Void>.Continuation

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
        self.router = router
        self.settings = settings
        self.logger = logger
        self.bounce = bounce
        (wakeups, wakeupContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    public func wake() { wakeupContinuation.yield() }

    public func stop() { wakeupContinuation.finish() }

    /// Runs until stopped; deliveries in progress finish first.
    public func run() async {
        let ticker = Task { [wakeupContinuation, settings] in
            while !Task.isCancelled {
                try? await Task.sleep(for: settings.pollInterval)
                wakeupContinuation.yield()
            }
        }
        defer { ticker.cancel() }
        wake()
        for await _ in wakeups {
            await deliverDue()
        }
    }

    /// Delivers everything that is due now.
    public func deliverDue() async {
        while true {
            let claims: [DeliveryClaim]
            do {
                claims = try await store.claimDeliveries(
                    route: MailQueue.DeliveryRoute.remote, limit: 256, now: Date().timeIntervalSince1970,
                    leaseDuration: Double(settings.leaseDuration.components.seconds), owner: owner
                )
            } catch {
                logger.error("claiming remote deliveries failed", metadata: ["error": "\(error)"])
                return
            }
            if claims.isEmpty { return }
            let groups = Dictionary(grouping: claims) { GroupKey(message: $0.messageID, domain: $0.mailbox.domain.normalized) }
            await withTaskGroup(of: Void.self) { group in
                var running = 0
                for (key, members) in groups {
                    if running >= settings.concurrency {
                        await group.next()
                        running -= 1
                    }
                    group.addTask { await self.deliver(members, domain: key.domain) }
                    running += 1
                }
            }
        }
    }

    private struct GroupKey: Hashable {
        var message: QueueID
        var domain: String
    }

    /// Delivers one message to the recipients it has at one domain.
    private func deliver(_ claims: [DeliveryClaim], domain: String) async {
        var logger = self.logger
        logger[metadataKey: "queue"] = "\(claims[0].messageID)"
        let content: [UInt8]
        do {
            guard let stored = try await store.content(of: claims[0].messageID) else { return }
            content = stored
        } catch {
            logger.error("reading the message failed", metadata: ["error": "\(error)"])
            return
        }
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
                let outcome = await attempt(pending, content: content, target: target, logger: logger)
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

    private func attempt(_ claims: [DeliveryClaim], content: [UInt8], target: DeliveryTarget, logger: Logger) async -> AttemptOutcome {
        let configuration = SMTPClientConnection.Configuration(
            session: ClientSession.Configuration(clientName: settings.clientName, tlsPolicy: target.tlsPolicy, credentials: target.credentials),
            verification: target.verification
        )
        let now = Date().timeIntervalSince1970
        let connection: SMTPClientConnection
        do {
            connection = try await SMTPClientConnection.connect(host: target.host, port: target.port, serverName: target.serverName, configuration: configuration)
        } catch {
            let reply = error.reply ?? Reply(451, EnhancedStatusCode(.persistentTransientFailure, 4, 1), "\(target.label): \(error)")
            let transcript: [TranscriptLine] = if case .session(_, let lines) = error { lines } else { [] }
            for claim in claims {
                try? await store.recordAttempt(DeliveryAttempt(time: now, host: target.label, address: target.host, usedTLS: false, result: reply.description, transcript: Self.text(transcript)), for: claim)
            }
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
        let result: ClientSession.MessageResult
        do {
            result = try await connection.send(message)
        } catch {
            await connection.quit()
            let reply = error.reply ?? Reply(451, EnhancedStatusCode(.persistentTransientFailure, 4, 2), "\(target.label): \(error)")
            return AttemptOutcome(remaining: claims, problem: (reply, target.label, error.reply == nil), tryNextHost: true)
        }
        let transcript = Self.text(await connection.transcript)
        await connection.quit()
        var remaining = [DeliveryClaim]()
        var failures = [(DeliveryClaim, Reply, Bool)]()
        var lastTransient: (reply: Reply, host: String?, synthesized: Bool)?
        for (claim, recipientResult) in zip(claims, result.recipientResults) {
            try? await store.recordAttempt(DeliveryAttempt(
                time: now, host: target.label, address: target.host, usedTLS: connection.isTLSActive,
                result: recipientResult.reply.description, transcript: transcript
            ), for: claim)
            if recipientResult.isAccepted {
                logger.info("delivered", metadata: ["to": "\(claim.mailbox)", "relay": "\(target.label)", "reply": "\(recipientResult.reply)"])
                try? await store.finish(claim, outcome: .delivered(detail: "\(target.label): \(recipientResult.reply)"), now: Date().timeIntervalSince1970)
            } else if recipientResult.isTransientFailure {
                remaining.append(claim)
                lastTransient = (recipientResult.reply, target.label, recipientResult.isSynthesized)
            } else {
                failures.append((claim, recipientResult.reply, recipientResult.isSynthesized))
            }
        }
        if !failures.isEmpty {
            for (claim, reply, _) in failures {
                logger.notice("bounced", metadata: ["to": "\(claim.mailbox)", "relay": "\(target.label)", "reply": "\(reply)"])
                try? await store.finish(claim, outcome: .bounced(reason: reply.description), now: Date().timeIntervalSince1970)
            }
            await bounce(failures.map { DeliveryFailure(claim: $0.0, reply: $0.1, remoteHost: target.label, isSynthesized: $0.2) })
        }
        // A whole transaction refused for now (4xx at MAIL or DATA): another MX may do better.
        let wholeTransactionDeferred = remaining.count == claims.count
        return AttemptOutcome(remaining: remaining, problem: lastTransient, tryNextHost: wholeTransactionDeferred)
    }

    private enum FinalOutcome {
        case deferred(Reply, host: String?, synthesized: Bool)
        case bounced(Reply, host: String?, synthesized: Bool)
    }

    private func finish(_ claims: [DeliveryClaim], as outcome: FinalOutcome, logger: Logger) async {
        let now = Date()
        var bounced = [DeliveryFailure]()
        var delayed = [DeliveryFailure]()
        for claim in claims {
            switch outcome {
            case .deferred(let reply, let host, let synthesized):
                let age = now.timeIntervalSince1970 - claim.receivedAt
                if age >= Double(settings.lifetime.components.seconds) {
                    logger.notice("bounced: lifetime exceeded", metadata: ["to": "\(claim.mailbox)", "reply": "\(reply)"])
                    try? await store.finish(claim, outcome: .bounced(reason: "lifetime exceeded; last reply: \(reply)"), now: now.timeIntervalSince1970)
                    bounced.append(DeliveryFailure(claim: claim, reply: reply, remoteHost: host, isSynthesized: synthesized))
                } else {
                    let wait = settings.retryInterval(claim.attempts)
                    let retryAt = now.timeIntervalSince1970 + Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
                    logger.info("deferred", metadata: ["to": "\(claim.mailbox)", "reply": "\(reply)", "retry_in": "\(wait)"])
                    try? await store.finish(claim, outcome: .deferred(reason: reply.description, retryAt: retryAt), now: now.timeIntervalSince1970)
                    if let notice = settings.delayNotice, !claim.delayNotified, age >= Double(notice.components.seconds) {
                        delayed.append(DeliveryFailure(claim: claim, reply: reply, remoteHost: host, isSynthesized: synthesized))
                    }
                }
            case .bounced(let reply, let host, let synthesized):
                logger.notice("bounced", metadata: ["to": "\(claim.mailbox)", "reply": "\(reply)"])
                try? await store.finish(claim, outcome: .bounced(reason: reply.description), now: now.timeIntervalSince1970)
                bounced.append(DeliveryFailure(claim: claim, reply: reply, remoteHost: host, isSynthesized: synthesized))
            }
        }
        if !bounced.isEmpty { await bounce(bounced) }
        if !delayed.isEmpty {
            try? await store.markDelayNotified(delayed.map(\.claim))
            await notifyDelay(delayed)
        }
    }

    private static func text(_ transcript: [TranscriptLine]) -> String {
        transcript.map(\.description).joined(separator: "\n")
    }
}
