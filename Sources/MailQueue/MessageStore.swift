import SMTPCore

/// Durable storage of the queue. SQLite implements it for one machine; a PostgreSQL
/// implementation shares the queue between several.
public protocol MessageStore: Sendable {
    /// Stores `message` and everything needed to deliver it. When this returns, the message
    /// survives a crash or power loss; only then may the server answer 250.
    func store(_ message: IncomingMessage) async throws(StorageError)

    /// The same as ``store(_:)`` for a caller that is not in a task (an event loop):
    /// `completion` is called once, on any thread, when the message is durable or has
    /// failed. A store that can finish without a task of its own saves the caller two
    /// thread hand-offs per message.
    func store(_ message: IncomingMessage, completion: @escaping @Sendable (Result<Void, StorageError>) -> Void)

    /// Leases up to `limit` recipients on `route` that are due (queued, or deferred and due at
    /// `now`), marking them in flight until `now + leaseDuration`. Expired leases of a crashed
    /// process are due again.
    func claimDeliveries(route: DeliveryRoute, limit: Int, now: Double, leaseDuration: Double, owner: String) async throws(StorageError) -> [DeliveryClaim]

    /// Extends every lease `owner` holds to `until`, so that a delivery that takes long keeps
    /// its claim while the process that made it is alive. Returns how many were extended.
    func renewLeases(owner: String, until: Double) async throws(StorageError) -> Int

    /// Makes deliveries in flight due again at `now`: those leased by `owner`, or all of
    /// them when `owner` is nil (only right when no other process uses the queue).
    /// Returns how many.
    func releaseLeases(owner: String?, now: Double) async throws(StorageError) -> Int

    /// The content of a queued message.
    func content(of message: QueueID) async throws(StorageError) -> [UInt8]?

    /// Records the outcome of one claimed delivery.
    func finish(_ claim: DeliveryClaim, outcome: DeliveryOutcome, now: Double) async throws(StorageError)

    /// Records the attempts and outcomes of one delivery together. The default records them
    /// one by one; SQLite writes them in one transaction, so a message delivered to many
    /// recipients costs one commit and one wait. Once this returns the records are seen by
    /// every reader; they may reach the disk only with the store's next synced write (SQLite
    /// does so): a record lost in a crash means that delivery is made again.
    func record(_ records: [DeliveryRecord], now: Double) async throws(StorageError)

    /// Remembers that the senders of these recipients were told of the delay, so they are
    /// told once.
    func markDelayNotified(_ claims: [DeliveryClaim]) async throws(StorageError)

    /// Records an attempt for a claimed recipient (kept for operators, not for routing).
    func recordAttempt(_ attempt: DeliveryAttempt, for claim: DeliveryClaim) async throws(StorageError)

    /// The attempts made for a message, oldest first.
    func attempts(for message: QueueID) async throws(StorageError) -> [(mailbox: String, attempt: DeliveryAttempt)]

    /// How many recipients are in each state.
    func recipientCounts() async throws(StorageError) -> [RecipientState: Int]

    /// How many messages still have unfinished recipients.
    func messageCount() async throws(StorageError) -> Int

    /// Removes up to `limit` messages received before `cutoff` whose recipients are all
    /// delivered or bounced; returns how many were removed.
    func purgeFinished(receivedBefore cutoff: Double, limit: Int) async throws(StorageError) -> Int
}

extension MessageStore {
    public func record(_ records: [DeliveryRecord], now: Double) async throws(StorageError) {
        for record in records {
            if let attempt = record.attempt { try await recordAttempt(attempt, for: record.claim) }
            if let outcome = record.outcome { try await finish(record.claim, outcome: outcome, now: now) }
        }
    }

    public func store(_ message: IncomingMessage, completion: @escaping @Sendable (Result<Void, StorageError>) -> Void) {
        Task {
            do throws(StorageError) {
                try await store(message)
                completion(.success(()))
            } catch {
                completion(.failure(error))
            }
        }
    }
}

/// A leased recipient of a queued message.
public struct DeliveryClaim: Sendable, Hashable {
    public var recipientID: Int64
    public var messageID: QueueID
    public var reversePath: ReversePath
    /// The MAIL parameters (SIZE, BODY, SMTPUTF8, RET, ENVID) as received.
    public var mailParameters: MailParameters
    /// The envelope recipient this delivery came from, with its DSN parameters.
    public var recipient: Envelope.Recipient
    /// The mailbox to deliver to (an alias may have turned the recipient into others).
    public var mailbox: Mailbox
    /// Attempts including this one.
    public var attempts: Int
    public var receivedAt: Double
    /// What the previous attempt said, if there was one.
    public var lastResult: String?
    /// Whether the sender was already told the delivery is delayed (RFC 3464 `delayed`).
    public var delayNotified: Bool

    public init(
        recipientID: Int64,
        messageID: QueueID,
        reversePath: ReversePath,
        mailParameters: MailParameters = MailParameters(),
        recipient: Envelope.Recipient? = nil,
        mailbox: Mailbox,
        attempts: Int,
        receivedAt: Double,
        lastResult: String? = nil,
        delayNotified: Bool = false
    ) {
        self.recipientID = recipientID
        self.messageID = messageID
        self.reversePath = reversePath
        self.mailParameters = mailParameters
        self.recipient = recipient ?? Envelope.Recipient(forwardPath: .mailbox(mailbox))
        self.mailbox = mailbox
        self.attempts = attempts
        self.receivedAt = receivedAt
        self.lastResult = lastResult
        self.delayNotified = delayNotified
    }
}

extension DeliveryClaim {
    /// A claim from a stored row: the MAIL and RCPT command lines as the queue keeps them,
    /// parsed back. Nil for a row whose fields no longer parse.
    public init?(
        recipientID: Int64, messageID: String, mailbox: String, mailCommand: String, rcptCommand: String,
        attempts: Int, receivedAt: Double, lastResult: String?, delayNotified: Bool
    ) {
        guard let messageID = QueueID(rawValue: messageID), let mailbox = Mailbox(mailbox),
            case .success(.mail(let reversePath, let mailParameters)) = CommandParser.parse(Array(mailCommand.utf8)),
            case .success(.recipient(let forwardPath, let recipientParameters)) = CommandParser.parse(Array(rcptCommand.utf8))
        else { return nil }
        self.init(
            recipientID: recipientID, messageID: messageID, reversePath: reversePath, mailParameters: mailParameters,
            recipient: Envelope.Recipient(forwardPath: forwardPath, parameters: recipientParameters), mailbox: mailbox,
            attempts: attempts, receivedAt: receivedAt, lastResult: lastResult, delayNotified: delayNotified
        )
    }
}

/// One delivery attempt, as the queue records it for `postamt queue show` and the web admin.
public struct DeliveryAttempt: Sendable, Hashable {
    /// Seconds since 1970.
    public var time: Double
    /// The host name tried ("local" for Maildir delivery).
    public var host: String
    /// The address connected to, if any.
    public var address: String?
    public var usedTLS: Bool
    /// The reply or error that decided the attempt.
    public var result: String
    /// The SMTP dialogue, secrets redacted.
    public var transcript: String

    public init(time: Double, host: String, address: String?, usedTLS: Bool, result: String, transcript: String) {
        self.time = time
        self.host = host
        self.address = address
        self.usedTLS = usedTLS
        self.result = result
        self.transcript = transcript
    }
}

/// What happened to one delivery attempt.
public enum DeliveryOutcome: Sendable, Hashable {
    case delivered(detail: String)
    /// Try again at `retryAt` (seconds since 1970).
    case deferred(reason: String, retryAt: Double)
    case bounced(reason: String)

    /// What the outcome makes of the recipient: its new state, the result to keep, and when
    /// it is next due (now for a final state).
    public func recipientUpdate(now: Double) -> (state: RecipientState, result: String, nextAttemptAt: Double) {
        switch self {
        case .delivered(let detail): (.delivered, detail, now)
        case .deferred(let reason, let retryAt): (.deferred, reason, retryAt)
        case .bounced(let reason): (.bounced, reason, now)
        }
    }
}
