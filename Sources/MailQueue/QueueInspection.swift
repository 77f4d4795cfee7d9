/// What `postamt queue` and the admin pages read and change: the queue as operators see it.
public protocol QueueInspection: Sendable {
    /// Messages with recipients in any of `states` (all states when empty), newest first.
    func messages(inStates states: Set<RecipientState>, limit: Int) async throws(StorageError) -> [QueuedMessage]
    func message(_ id: QueueID) async throws(StorageError) -> QueuedMessage?
    /// Makes the message's waiting recipients (or every waiting recipient when `id` is nil)
    /// due now. Returns how many recipients were changed.
    func retry(_ id: QueueID?, now: Double) async throws(StorageError) -> Int
    /// Keeps the message's unfinished recipients back until released.
    func hold(_ id: QueueID, now: Double) async throws(StorageError) -> Int
    func release(_ id: QueueID, now: Double) async throws(StorageError) -> Int
    /// Removes the message and everything about it. Returns whether it existed.
    func delete(_ id: QueueID) async throws(StorageError) -> Bool
}

/// A message in the queue with the state of each recipient.
public struct QueuedMessage: Sendable, Hashable, Codable {
    public var id: QueueID
    /// Seconds since 1970.
    public var receivedAt: Double
    /// The MAIL command as received, e.g. `MAIL FROM:<a@b> SIZE=123`.
    public var mailCommand: String
    public var sender: String
    public var clientName: String
    public var clientAddress: String
    public var authenticatedUser: String?
    public var size: Int
    public var recipients: [QueuedRecipient]

    public init(
        id: QueueID, receivedAt: Double, mailCommand: String, sender: String, clientName: String, clientAddress: String,
        authenticatedUser: String?, size: Int, recipients: [QueuedRecipient]
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.mailCommand = mailCommand
        self.sender = sender
        self.clientName = clientName
        self.clientAddress = clientAddress
        self.authenticatedUser = authenticatedUser
        self.size = size
        self.recipients = recipients
    }
}

extension QueuedMessage {
    /// The reverse path of a stored MAIL command: `<alice@example.org>` from
    /// `MAIL FROM:<alice@example.org> SIZE=123`.
    public static func sender(ofMailCommand command: String) -> String {
        command.dropFirst("MAIL FROM:".count).split(separator: " ").first.map(String.init) ?? ""
    }
}

/// One destination of a queued message.
public struct QueuedRecipient: Sendable, Hashable, Codable {
    public var mailbox: String
    /// The RCPT command as received (original recipient and DSN parameters).
    public var rcptCommand: String
    public var route: DeliveryRoute
    public var state: RecipientState
    public var attempts: Int
    /// Seconds since 1970; for deferred recipients, when the next attempt is due.
    public var nextAttemptAt: Double
    /// The last reply or error.
    public var lastResult: String?

    public init(mailbox: String, rcptCommand: String, route: DeliveryRoute, state: RecipientState, attempts: Int, nextAttemptAt: Double, lastResult: String?) {
        self.mailbox = mailbox
        self.rcptCommand = rcptCommand
        self.route = route
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastResult = lastResult
    }
}
