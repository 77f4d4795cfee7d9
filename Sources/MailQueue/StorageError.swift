/// Why a message could not be stored. The server turns each kind into the right 4xx reply;
/// none of them loses anything already acknowledged.
public struct StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The disk or the database is full (ENOSPC, SQLITE_FULL) or below the reserve.
        case insufficientSpace = "insufficient-space"
        /// The queue holds as many messages as it is configured to.
        case queueFull = "queue-full"
        /// The database is locked or unreachable right now.
        case unavailable
        /// Any other I/O or database failure.
        case failed
        /// A message with this queue ID is already stored: make a new ID and store again.
        case duplicateID = "duplicate-id"
    }

    public var kind: Kind
    /// What went wrong, for the log (never shown to the client).
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue): \(detail)" }
}
