/// What happened to a message, as the dashboard counts it.
public enum ActivityKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Stored in the queue and acknowledged with 250.
    case accepted
    /// Handed to a mailbox or to the next server.
    case delivered
    /// An attempt failed temporarily; it will be retried.
    case deferred
    /// Failed permanently; the sender gets a bounce.
    case bounced
    /// Refused during the SMTP dialogue: an unknown recipient, relaying denied, a refused
    /// sender or a message that could not be stored.
    case rejected
}
