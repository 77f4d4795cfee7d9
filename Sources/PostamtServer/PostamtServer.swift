import AdminWeb
import DNS
import Delivery
import Foundation
import LocalDelivery
import Logging
import MailQueue
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostamtConfiguration
import SMTPCore
import SMTPServer
import ServiceLifecycle

/// The whole mail server of one process, assembled from the configuration: the queue, the
/// users, the SMTP listeners and the local delivery worker. A swift-service-lifecycle
/// `Service`: `run()` serves until graceful shutdown (SIGTERM/SIGINT), then stops listening,
/// lets sessions finish and finishes the delivery in progress.
public final class PostamtServer: Service, Sendable {
    /// The event loop of connections to other servers, apart from the listeners' (NIO's
    /// shared loops): a client's session and the relaying of earlier mail then do not wait
    /// on one another's loop. That accepted 5 to 19 % more messages for 5 to 14 % less CPU
    /// per message (BENCHMARKS.md). One loop: the remote delivery worker runs its tasks
    /// and its connections on it, so that a reply resumes its delivery on the thread that
    /// read it. Shared by every server in the process and never shut down, like NIO's own
    /// loops.
    static let outboundEventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    public let configuration: PostamtConfiguration
    private let logger: Logger
    private let parts: Parts

    private struct Parts: Sendable {
        var storage: QueueStorage
        var smtp: SMTPServer
        var deliveryStore: MonitoredMessageStore
        var localDelivery: LocalDeliveryWorker
        var remoteDelivery: RemoteDeliveryWorker
        var monitor: ServerMonitor
        var admin: AdminServer?
        var boundListeners: NIOLockedValueBox<[SMTPServer.BoundListener]>
    }

    /// Opens the data directory, the queue and users (connecting to and migrating the shared
    /// database with `storage = "postgres"`) and TLS; binds nothing yet.
    ///
    /// `implicitTLSSilenceLimit` is how long port 465 waits for a ClientHello before it tells a
    /// silent plaintext client that TLS is expected.
    ///
    /// `mxRoute` finds a domain's MX hosts for mail no transport covers; `deliveryPollInterval`
    /// is how often due retries are looked for.
    public init(
        configuration: PostamtConfiguration,
        logger: Logger,
        implicitTLSSilenceLimit: Duration = .seconds(3),
        deliveryPollInterval: Duration = .seconds(5),
        mxRoute: (@Sendable (String) async -> OutboundRoute)? = nil
    ) async throws {
        let mxRoute = mxRoute ?? Self.dnsRoute(configuration.dns, logger: logger)
        self.configuration = configuration
        self.logger = logger
        let dataDirectory = URL(fileURLWithPath: configuration.dataDirectory)
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let limits = configuration.limits
        let tlsContext = try TLSSetup.context(for: configuration, logger: logger)
        let storage = try await QueueStorage.open(configuration, logger: logger, serving: true)
        let store = storage.messages
        let users = storage.users
        // Unique among every process that may share the queue, so that no node renews or
        // releases another's leases.
        let node = "\(configuration.hostname)/\(ProcessInfo.processInfo.processIdentifier)/\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        let leaseTime = configuration.delivery.leaseTime

        let monitor = ServerMonitor()
        let deliveryStore = MonitoredMessageStore(base: store, monitor: monitor)
        let agent = LocalDeliveryAgent(
            locator: MailboxLocator(root: URL(fileURLWithPath: configuration.mailboxRoot)),
            hostname: configuration.hostname
        )
        let policyBox = NIOLockedValueBox<MailPolicy?>(nil)
        // The worker itself, not a closure: a closure read out of a generic box through an
        // inout access gains a reabstraction thunk at each access, and calling it costs
        // more every time (it was most of the CPU per message).
        let remoteWorker = NIOLockedValueBox<RemoteDeliveryWorker?>(nil)
        let bounceBox = NIOLockedValueBox<BounceIssuer?>(nil)
        let localDelivery = LocalDeliveryWorker(
            store: deliveryStore, agent: agent, logger: logger,
            leaseOwner: node + "/local", leaseDuration: leaseTime,
            mailboxExists: { mailbox in await policyBox.withLockedValue { $0 }?.isLocalMailbox(mailbox) ?? false },
            bounce: { failures in await bounceBox.withLockedValue { $0 }?.issue(failures) }
        )
        let policy = MailPolicy(
            settings: MailPolicy.Settings(
                hostname: configuration.hostname,
                trustedNetworks: configuration.trustedNetworks,
                allowsAnySender: configuration.submissionSenderPolicy == .any
            ),
            aliases: configuration.aliases,
            localDomains: configuration.localDomains,
            users: users,
            // Through the monitored store, which keeps the content for the delivery.
            store: deliveryStore,
            throttle: AuthenticationThrottle(policy: AuthenticationThrottle.Policy(
                failuresBeforeDelay: limits.authenticationFailuresBeforeDelay,
                failureLimit: limits.authenticationFailureLimit,
                window: limits.authenticationFailureWindow
            )),
            logger: logger,
            monitor: monitor,
            messageStored: { routes in
                // Only the workers with something to do: a claim that finds nothing still
                // costs a transaction.
                if routes.contains(.local) { localDelivery.wake() }
                if routes.contains(.remote) { remoteWorker.withLockedValue { $0 }?.wake() }
            }
        )
        policyBox.withLockedValue { $0 = policy }
        var bounces = BounceIssuer(
            hostname: configuration.hostname,
            postmaster: configuration.localDomains.first.flatMap { Mailbox("postmaster@\($0)") },
            store: store,
            enqueue: { recipient, content in await policy.enqueueGenerated(to: recipient, content: content) },
            logger: logger,
            language: configuration.delivery.bounceLanguage
        )
        let retry = configuration.retry
        bounces.lifetime = retry.lifetime
        let issuer = bounces
        bounceBox.withLockedValue { $0 = issuer }
        let remoteDelivery = RemoteDeliveryWorker(
            store: deliveryStore,
            router: ConfiguredRouter(transports: configuration.transports, mxRoute: mxRoute),
            settings: RemoteDeliveryWorker.Settings(
                clientName: configuration.hostname,
                retryInterval: { retry.interval(afterFailures: $0) },
                lifetime: retry.lifetime,
                delayNotice: retry.delayNotice,
                pollInterval: deliveryPollInterval,
                leaseDuration: leaseTime,
                leaseOwner: node + "/remote",
                connections: OutboundConnectionPool.Limits(
                    total: configuration.delivery.concurrency,
                    perDestination: configuration.delivery.destinationConcurrency,
                    messagesPerConnection: configuration.delivery.messagesPerConnection,
                    idleTime: configuration.delivery.connectionIdleTime,
                    messagesInFlight: configuration.delivery.messagesInFlight
                ),
                usesChunking: configuration.delivery.chunking,
                connectTimeout: configuration.delivery.connectTimeout,
                eventLoop: Self.outboundEventLoops.next()
            ),
            logger: logger,
            bounce: { await issuer.issue($0) },
            notifyDelay: { await issuer.issueDelay($0) }
        )
        remoteWorker.withLockedValue { $0 = remoteDelivery }
        let smtp = SMTPServer(
            settings: SMTPServer.Settings(
                listeners: configuration.listeners.map { Self.listener($0, configuration: configuration) },
                tlsContext: tlsContext,
                delegate: policy,
                limiter: ConnectionLimiter(maximumTotal: limits.maximumConnections, maximumPerClient: limits.maximumConnectionsPerClient),
                commandTimeout: TimeAmount(limits.commandTimeout),
                dataTimeout: TimeAmount(limits.dataTimeout),
                implicitTLSSilenceLimit: TimeAmount(implicitTLSSilenceLimit),
                metrics: monitor.smtpMetrics,
                steersConnectionsByCore: configuration.listenerSteering == .core,
                logger: logger
            )
        )
        var admin: AdminServer?
        let boundBox = NIOLockedValueBox<[SMTPServer.BoundListener]>([])
        if let (host, port) = configuration.admin.listener {
            admin = AdminServer(
                settings: AdminServer.Settings(
                    host: host,
                    port: port,
                    token: try configuration.admin.tokenFile.map(Self.readToken),
                    admins: Set(configuration.admin.admins),
                    publicEndpoints: configuration.admin.publicEndpoints,
                    hostname: configuration.hostname,
                    localDomains: configuration.localDomains,
                    autoconfig: configuration.autoconfig,
                    version: PostamtVersion.current
                ),
                services: AdminServices(
                    queue: store,
                    users: users,
                    metrics: monitor.registry,
                    activity: monitor.activity,
                    rejections: monitor.rejections,
                    listeners: {
                        boundBox.withLockedValue { $0 }.map { ListenerStatus(role: $0.role.rawValue, host: $0.host, port: $0.port) }
                    },
                    wakeDelivery: {
                        localDelivery.wake()
                        remoteDelivery.wake()
                    }
                ),
                logger: logger
            )
        }
        parts = Parts(
            storage: storage, smtp: smtp, deliveryStore: deliveryStore, localDelivery: localDelivery, remoteDelivery: remoteDelivery, monitor: monitor, admin: admin,
            boundListeners: boundBox
        )
    }

    /// The first line of the token file; an empty or unreadable file is a startup error,
    /// since a configured token that silently does not work would lock the operator out.
    static func readToken(_ path: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AdminTokenError(message: "cannot read admin.token_file \(path)")
        }
        let token = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard token.count >= 16 else {
            throw AdminTokenError(message: "admin.token_file \(path) must hold a token of at least 16 characters on its first line")
        }
        return token
    }

    struct AdminTokenError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// MX routing through libunbound, forwarding to the configured name servers or to those
    /// of /etc/resolv.conf.
    static func dnsRoute(_ dns: DNSSettings, port: Int = 25, logger: Logger) -> @Sendable (String) async -> OutboundRoute {
        let upstream: UnboundResolver.Configuration.Upstream = dns.servers.isEmpty
            ? .systemResolvConf
            : .forwarders(dns.servers.map { "\($0.address)@\($0.port)" })
        do {
            let resolver = try UnboundResolver(configuration: UnboundResolver.Configuration(upstream: upstream, queryTimeout: dns.timeout))
            let router = DNSRouter(resolver: resolver, port: port)
            return { await router.route(for: $0) }
        } catch {
            logger.error("no DNS resolver: mail to other domains stays queued", metadata: ["error": "\(error)"])
            let reason = "\(error)"
            return { _ in .temporaryFailure("no DNS resolver: \(reason)") }
        }
    }

    private static func listener(_ listener: Listener, configuration: PostamtConfiguration) -> SMTPServer.Listener {
        let hostname = configuration.hostname
        var session: ServerSession.Configuration
        let role: ListenerRole
        switch listener.role {
        case .mx:
            role = .mx
            session = .mx(hostname: hostname, isStartTLSAvailable: true)
        case .submission:
            role = .submission
            session = .submission(hostname: hostname)
        case .submissions:
            role = .submissions
            session = .submissions(hostname: hostname)
        }
        session.maximumMessageSize = configuration.limits.maximumMessageSize
        session.maximumRecipients = configuration.limits.maximumRecipients
        session.maximumErrors = configuration.limits.maximumErrors
        return SMTPServer.Listener(role: role, host: listener.host, port: listener.port, session: session)
    }

    /// Binds the listeners and starts delivering; returns the bound addresses (port 0 in the
    /// configuration gets a free port).
    public func start() async throws -> [SMTPServer.BoundListener] {
        if !parts.storage.isShared {
            let resumed = try await parts.storage.messages.releaseLeases(owner: nil, now: Date().timeIntervalSince1970)
            if resumed > 0 { logger.notice("resuming deliveries interrupted by a stop or crash", metadata: ["recipients": "\(resumed)"]) }
        }
        let bound = try await parts.smtp.start()
        parts.boundListeners.withLockedValue { $0 = bound }
        if let admin = parts.admin {
            do {
                let port = try await admin.start()
                adminPortBox.withLockedValue { $0 = port }
            } catch {
                await parts.smtp.shutdown(gracePeriod: .zero)
                throw error
            }
        }
        let worker = parts.localDelivery
        let remote = parts.remoteDelivery
        let store = parts.storage.messages
        let keep = configuration.delivery.keepFinished / .seconds(1)
        let logger = self.logger
        purgeTask.withLockedValue { task in
            task = Task {
                // Finished mail is kept for `keep_finished`, then removed in small batches so
                // that the removal never holds the writer for long.
                while !Task.isCancelled {
                    var removed = 0
                    while let count = try? await store.purgeFinished(receivedBefore: Date().timeIntervalSince1970 - keep, limit: 500), count > 0 {
                        removed += count
                        if Task.isCancelled || count < 500 { break }
                    }
                    if removed > 0 { logger.info("removed finished messages", metadata: ["count": "\(removed)"]) }
                    try? await Task.sleep(for: .seconds(min(60, max(1, keep / 2))))
                }
            }
        }
        let owners = [worker.owner, remote.leaseOwner]
        let leaseTime = configuration.delivery.leaseTime
        leaseTask.withLockedValue { task in
            task = Task {
                // Renewed three times per lease, so that one slow round trip to the database
                // does not let a delivery in progress expire and start again elsewhere.
                while !Task.isCancelled {
                    try? await Task.sleep(for: leaseTime / 3)
                    let until = Date().timeIntervalSince1970 + leaseTime / .seconds(1)
                    for owner in owners {
                        do {
                            _ = try await store.renewLeases(owner: owner, until: until)
                        } catch where !Task.isCancelled {
                            logger.warning("cannot renew delivery leases", metadata: ["error": "\(error)"])
                        } catch {}
                    }
                }
            }
        }
        deliveryTask.withLockedValue { task in
            task = Task {
                async let local: Void = worker.run()
                async let outbound: Void = remote.run()
                _ = await (local, outbound)
            }
        }
        return bound
    }

    private let deliveryTask = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let adminPortBox = NIOLockedValueBox<Int?>(nil)
    private let purgeTask = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let leaseTask = NIOLockedValueBox<Task<Void, Never>?>(nil)


    /// The port of the HTTP listener once started (nil when it is off).
    public var adminPort: Int? { adminPortBox.withLockedValue { $0 } }

    /// Stops listening, lets sessions finish within `gracePeriod`, and stops delivering.
    public func stop(gracePeriod: Duration = .seconds(10)) async {
        await parts.smtp.shutdown(gracePeriod: gracePeriod)
        await parts.admin?.stop()
        parts.localDelivery.stop()
        parts.remoteDelivery.stop()
        parts.deliveryStore.stop()
        purgeTask.withLockedValue { $0?.cancel() }
        let task = deliveryTask.withLockedValue { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        await task?.value
        leaseTask.withLockedValue { $0?.cancel() }
        // Deliveries this node stopped in the middle are due again now, for another node
        // or for this one's next start, instead of after their lease runs out.
        let now = Date().timeIntervalSince1970
        for owner in [parts.localDelivery.owner, parts.remoteDelivery.leaseOwner] {
            _ = try? await parts.storage.messages.releaseLeases(owner: owner, now: now)
        }
        await parts.storage.close()
    }

    public func run() async throws {
        let bound = try await start()
        for listener in bound {
            logger.notice("listening", metadata: ["role": "\(listener.role.rawValue)", "address": "\(listener.host):\(listener.port)"])
        }
        try? await gracefulShutdown()
        logger.notice("shutting down")
        await stop()
    }

    /// The user store, for tests and the CLI.
    public var userStore: any UserStore { parts.storage.users }
    /// The queue, for tests and the CLI.
    public var messageStore: any MessageStore & QueueInspection { parts.storage.messages }
    /// What the server counted, for tests and the admin pages.
    public var monitor: ServerMonitor { parts.monitor }
}
