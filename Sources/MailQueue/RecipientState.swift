/// Where one recipient of a queued message stands. A message is done when every recipient
/// is delivered or bounced.
public enum RecipientState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Waiting for its first attempt.
    case queued
    /// A delivery holds a lease on it.
    case inFlight = "in-flight"
    /// An attempt failed temporarily; the next one is scheduled.
    case deferred
    case delivered
    /// Failed permanently; a bounce is due or sent.
    case bounced
    /// Kept back by an operator.
    case held

    public var isFinal: Bool { self == .delivered || self == .bounced }
}

/// How a recipient is to be delivered, decided when the message is accepted.
public enum DeliveryRoute: String, Sendable, Hashable, Codable {
    /// A mailbox on this server (Maildir).
    case local
    /// Another server: the recipient domain's MX hosts or a configured transport.
    case remote
}
