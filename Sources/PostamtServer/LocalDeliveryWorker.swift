import Delivery
import Foundation
import LocalDelivery
import Logging
import MailQueue
import NIOConcurrencyHelpers
import NIOPosix
import SMTPCore

/// Delivers queued local recipients into their Maildirs. It wakes when a message is stored
/// and also polls, so deliveries deferred earlier, or left in flight by a crash (their lease
/// expires), are picked up again.
final class LocalDeliveryWorker: Sendable {
    private let store: any MessageStore
    private let agent: LocalDeliveryAgent
    private let logger: Logger
    /// The name this worker's leases carry.
    let owner: String
    private let leaseDuration: Double
    private let wakeups: AsyncStream<Void>
    private let wakeupContinuation: AsyncStream<Void>.Continuation
    private let retryDelay: Double
    private let pollInterval: Duration
    /// How long to wait after a wake-up before claiming, so that one claim takes the
    /// messages stored meanwhile (``RemoteDeliveryWorker/Settings/gatherDelay``).
    private let gatherDelay: Duration
    /// Whether a local mailbox (still) exists; a user removed after the message was
    /// accepted must not get a Maildir created for them.
    private let mailboxExists: @Sendable (Mailbox) async -> Bool
    /// Sends the DSN for recipients that failed for good.
    private let bounce: @Sendable ([DeliveryFailure]) async -> Void
    /// Writes the outcomes of deliveries that finish together at once.
    private let recorder: DeliveryRecorder

    init(
        store: any MessageStore,
        agent: LocalDeliveryAgent,
        logger: Logger,
        retryDelay: Double = 300,
        pollInterval: Duration = .seconds(5),
        gatherDelay: Duration = .milliseconds(20),
        leaseOwner: String = "local-\(ProcessInfo.processInfo.processIdentifier)",
        leaseDuration: Duration = .seconds(300),
        mailboxExists: @escaping @Sendable (Mailbox) async -> Bool,
        bounce: @escaping @Sendable ([DeliveryFailure]) async -> Void = { _ in }
    ) {
        self.bounce = bounce
        self.store = store
        recorder = DeliveryRecorder(store: store, logger: logger)
        self.agent = agent
        self.mailboxExists = mailboxExists
        self.logger = logger
        self.owner = leaseOwner
        self.leaseDuration = leaseDuration / .seconds(1)
        (wakeups, wakeupContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.retryDelay = retryDelay
        self.pollInterval = pollInterval
        self.gatherDelay = gatherDelay
    }

    /// Asks the worker to look at the queue now.
    func wake() {
        wakeupContinuation.yield()
    }

    /// Runs until the task is cancelled; deliveries in progress finish first.
    func run() async {
        let ticker = Task { [wakeupContinuation, pollInterval] in
            while !Task.isCancelled {
                try? await Task.sleep(for: pollInterval)
                wakeupContinuation.yield()
            }
        }
        defer { ticker.cancel() }
        // Threads of its own for the writes and syncs of the Maildirs, so that several
        // deliveries wait for the disk at once (the shared blocking pool has one per core).
        let fileSystem = NIOThreadPool(numberOfThreads: Self.concurrency)
        fileSystem.start()
        wake()
        for await _ in wakeups {
            try? await Task.sleep(for: gatherDelay)
            if Task.isCancelled { break }
            await deliverDue(using: fileSystem)
        }
        try? await fileSystem.shutdownGracefully()
    }

    /// Stops taking new work; deliveries in progress finish.
    func stop() {
        stopping.withLockedValue { $0 = true }
        wakeupContinuation.finish()
    }

    /// Set by ``stop()``; a queue that always has due work must not keep the worker going.
    private let stopping = NIOLockedValueBox(false)

    private static let claimLimit = 128
    /// Maildir deliveries writing at once. Each waits for two syncs; one after the other,
    /// local delivery took a fifth of the rate the server accepts at.
    private static let concurrency = 8

    /// Delivers everything that is due now, at most `concurrency` writing at a time.
    func deliverDue(using fileSystem: NIOThreadPool) async {
        while !Task.isCancelled, !stopping.withLockedValue({ $0 }) {
            let claims: [DeliveryClaim]
            do {
                claims = try await store.claimDeliveries(route: .local, limit: Self.claimLimit, now: Date().timeIntervalSince1970, leaseDuration: leaseDuration, owner: owner)
            } catch {
                logger.error("claiming local deliveries failed", metadata: ["error": "\(error)"])
                return
            }
            // All start at once; the file system's threads bound how many write at a time, so
            // a delivery waiting for its record to be written holds no thread.
            await withTaskGroup(of: Void.self) { group in
                for claim in claims {
                    group.addTask { await self.deliver(claim, using: fileSystem) }
                }
            }
            // Fewer than asked for: nothing else was due. Mail stored meanwhile has woken the
            // worker, which then looks again.
            if claims.count < Self.claimLimit { return }
        }
    }

    private func deliver(_ claim: DeliveryClaim, using fileSystem: NIOThreadPool) async {
        var logger = self.logger
        logger[metadataKey: "queue"] = "\(claim.messageID)"
        let outcome: DeliveryOutcome
        do {
            guard await mailboxExists(claim.mailbox) else {
                logger.warning("local delivery failed: no such mailbox", metadata: ["to": "\(claim.mailbox)"])
                let reply = Reply(550, EnhancedStatusCode(.permanentFailure, 1, 1), "Mailbox \(claim.mailbox) does not exist")
                await recorder.record([DeliveryRecord(claim: claim, outcome: .bounced(reason: reply.description))])
                await bounce([DeliveryFailure(claim: claim, reply: reply, remoteHost: nil, isSynthesized: true)])
                return
            }
            guard let content = try await store.content(of: claim.messageID) else {
                logger.error("message content missing")
                return
            }
            let agent = self.agent
            let date = Date(timeIntervalSince1970: claim.receivedAt)
            // File system work (write, fsync, rename) runs on the thread pool, not a loop.
            let path = try await fileSystem.runIfActive {
                try agent.deliver(content: content, reversePath: claim.reversePath, to: claim.mailbox, date: date)
            }
            outcome = .delivered(detail: "maildir \(path.lastPathComponent)")
            logger.info("delivered", metadata: ["to": "\(claim.mailbox)", "relay": "local", "file": "\(path.lastPathComponent)"])
        } catch let error as LocalDeliveryError {
            outcome = outcomeFor(error, claim: claim, logger: logger)
        } catch {
            outcome = .deferred(reason: "\(error)", retryAt: Date().timeIntervalSince1970 + retryDelay)
            logger.warning("local delivery deferred", metadata: ["to": "\(claim.mailbox)", "error": "\(error)"])
        }
        if case .bounced(let reason) = outcome {
            let reply = Reply(550, EnhancedStatusCode(.permanentFailure, 2, 0), reason)
            await bounce([DeliveryFailure(claim: claim, reply: reply, remoteHost: nil, isSynthesized: true)])
        }
        await recorder.record([DeliveryRecord(claim: claim, outcome: outcome)])
    }

    private func outcomeFor(_ error: LocalDeliveryError, claim: DeliveryClaim, logger: Logger) -> DeliveryOutcome {
        let isPermanent = switch error {
        case .unsafeMailbox, .forwardingLoop: true
        case .maildir: false
        }
        if isPermanent {
            logger.warning("local delivery failed", metadata: ["to": "\(claim.mailbox)", "error": "\(error)"])
            return .bounced(reason: "\(error)")
        }
        logger.warning("local delivery deferred", metadata: ["to": "\(claim.mailbox)", "error": "\(error)"])
        return .deferred(reason: "\(error)", retryAt: Date().timeIntervalSince1970 + retryDelay)
    }
}
