import SMTPCore

/// Durable storage of the queue. SQLite implements it for one machine; a PostgreSQL
/// implementation shares the queue between several.
public protocol MessageStore: Sendable {
    /// Stores `message` and everything needed to deliver it. When this returns, the message
    /// survives a crash or power loss; only then may the server answer 250.
    func store(_ message: IncomingMessage) async throws(StorageError)

    /// Leases up to `limit` recipients on `route` that are due (queued, or deferred and due at
    /// `now`), marking them in flight until `now + leaseDuration`. Expired leases of a crashed
    /// process are due again.
    func claimDeliveries(route: DeliveryRoute, limit: Int, now: Double, leaseDuration: Double, owner: String) async throws(StorageError) -> [DeliveryClaim]

    /// The content of a queued message.
    func content(of message: QueueID) async throws(StorageError) -> [UInt8]?

    /// Records the outcome of one claimed delivery.
    func finish(_ claim: DeliveryClaim, outcome: DeliveryOutcome, now: Double) async throws(StorageError)

    /// How many recipients are in each state.
    func recipientCounts() async throws(StorageError) -> [RecipientState: Int]

    /// How many messages still have unfinished recipients.
    func messageCount() async throws(StorageError) -> Int
}

/// A leased recipient of a queued message.
public struct DeliveryClaim: Sendable, Hashable {
    public var recipientID: Int64
    public var messageID: QueueID
    public var reversePath: ReversePath
    public var mailbox: Mailbox
    public var attempts: Int
    public var receivedAt: Double

    public init(recipientID: Int64, messageID: QueueID, reversePath: ReversePath, mailbox: Mailbox, attempts: Int, receivedAt: Double) {
        self.recipientID = recipientID
        self.messageID = messageID
        self.reversePath = reversePath
        self.mailbox = mailbox
        self.attempts = attempts
        self.receivedAt = receivedAt
    }
}

/// What happened to one delivery attempt.
public enum DeliveryOutcome: Sendable, Hashable {
    case delivered(detail: String)
    /// Try again at `retryAt` (seconds since 1970).
    case deferred(reason: String, retryAt: Double)
    case bounced(reason: String)
}
