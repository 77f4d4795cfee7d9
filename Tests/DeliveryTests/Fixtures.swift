import Delivery
import Foundation
import Logging
import MailQueue
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostamtTestSupport
import SMTPClient
import SMTPCore

/// Every domain goes to the same servers.
struct FixedRouter: DeliveryRouter {
    var targets: [DeliveryTarget]

    func route(for domain: String) async -> OutboundRoute { .targets(targets) }
}

/// A ``FixedRouter`` that notes, for every call, whether it ran on `loop`.
struct LoopRecordingRouter: DeliveryRouter {
    var targets: [DeliveryTarget]
    var loop: any EventLoop
    let calls = NIOLockedValueBox<[Bool]>([])

    func route(for domain: String) async -> OutboundRoute {
        calls.withLockedValue { $0.append(loop.inEventLoop) }
        return .targets(targets)
    }
}

/// A queue in a fresh directory, removed at the end of the test process's run by the OS's
/// temporary-directory cleaning; each test gets its own file.
func makeStore() throws -> SQLiteMessageStore {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("postamt-delivery-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try SQLiteMessageStore(path: directory.appendingPathComponent("queue.sqlite").path)
}

/// Queues a message from alice@example.test to `recipients` for remote delivery.
@discardableResult
func enqueue(_ store: SQLiteMessageStore, to recipients: [String], subject: String = "Test") async throws -> QueueID {
    let envelopeRecipients = recipients.map { Envelope.Recipient(forwardPath: .mailbox(Mailbox($0)!)) }
    let envelope = Envelope(
        clientName: "client.example.test", usedExtendedHello: true, isTLS: false, authenticatedUser: nil,
        reversePath: .mailbox(Mailbox("alice@example.test")!), mailParameters: MailParameters(), recipients: envelopeRecipients
    )
    let id = QueueID.make()
    try await store.store(IncomingMessage(
        id: id, envelope: envelope,
        content: Array("From: alice@example.test\r\nSubject: \(subject)\r\n\r\nHello.\r\n".utf8),
        receivedAt: Date().timeIntervalSince1970, clientAddress: "192.0.2.1",
        deliveries: envelopeRecipients.map { PlannedDelivery(recipient: $0, mailbox: $0.forwardPath.mailbox!, route: .remote) }
    ))
    return id
}

/// A worker that delivers to `targets` and remembers what it bounced.
func makeWorker(
    store: SQLiteMessageStore,
    targets: [DeliveryTarget],
    connections: OutboundConnectionPool.Limits = OutboundConnectionPool.Limits(),
    replyTimeout: @escaping @Sendable (ClientSession.ReplyTimeout) -> Duration = { .seconds($0.seconds) },
    connectTimeout: Duration = .seconds(30),
    gatherDelay: Duration = .milliseconds(20),
    router: (any DeliveryRouter)? = nil,
    chunking: Bool = true,
    eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()
) -> RemoteDeliveryWorker {
    RemoteDeliveryWorker(
        store: store,
        router: router ?? FixedRouter(targets: targets),
        settings: RemoteDeliveryWorker.Settings(
            clientName: "postamt.example.test",
            retryInterval: { _ in .seconds(3600) },
            lifetime: .seconds(86400),
            gatherDelay: gatherDelay,
            connections: connections,
            usesChunking: chunking,
            connectTimeout: connectTimeout,
            replyTimeout: replyTimeout,
            eventLoop: eventLoop
        ),
        logger: Logger(label: "delivery-test"),
        bounce: { _ in }
    )
}

/// The sink as a plaintext target on loopback.
func target(_ sink: TestSMTPSink, tls: ClientSession.TLSPolicy = .none) -> DeliveryTarget {
    DeliveryTarget(host: "127.0.0.1", port: sink.port, serverName: "sink.example.test", tlsPolicy: tls)
}
