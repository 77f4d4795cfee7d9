import MailQueue
import SMTPCore

extension StorageError {
    /// The reply for a client whose message could not be stored: always temporary, so the
    /// sender keeps the message and retries; the reference lets the operator find the log line.
    func reply(reference: String) -> Reply {
        switch kind {
        case .insufficientSpace, .queueFull:
            Reply(452, EnhancedStatusCode(.persistentTransientFailure, 3, 1), "Insufficient system storage, try again later (ref \(reference))")
        case .unavailable, .failed, .duplicateID:
            Reply(451, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "Temporary failure storing the message, try again later (ref \(reference))")
        }
    }
}
