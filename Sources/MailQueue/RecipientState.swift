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

    /// The states of recipients still to be delivered: a message with one of them is open.
    public static let unfinished = allCases.filter { !$0.isFinal }

    /// `'queued', 'in-flight', …`: ``unfinished`` as an SQL list, for the stores' queries.
    public static let unfinishedSQLList = unfinished.map { "'\($0.rawValue)'" }.joined(separator: ", ")
}

/// How a recipient is to be delivered, decided when the message is accepted.
public enum DeliveryRoute: String, Sendable, Hashable, Codable {
    /// A mailbox on this server (Maildir).
    case local
    /// Another server: the recipient domain's MX hosts or a configured transport.
    case remote
}
