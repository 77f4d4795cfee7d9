#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a Maildir delivery failed: the step, and the `errno` it failed with.
///
/// The `errno` is kept so the caller can choose the reply or DSN status: a full file
/// system (``isOutOfSpace``, 452 4.3.1) or a full mailbox (``isOverQuota``, 452 4.2.2)
/// are temporary conditions to retry, unlike a permission problem.
public enum MaildirError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Creating the Maildir or one of `tmp`, `new`, `cur` (or a parent) failed.
    case createDirectory(Int32)
    /// Creating the file in `tmp/` failed (ENOENT: the Maildir does not exist yet).
    case create(Int32)
    case write(Int32)
    /// Setting the file's modification time (the received date IMAP servers show) failed.
    case setTimes(Int32)
    case fsync(Int32)
    case close(Int32)
    /// Moving the file from `tmp/` to `new/` failed.
    case rename(Int32)
    /// Syncing `new/` after the rename failed; the file was removed again.
    case syncDirectory(Int32)

    /// The `errno` value of the failed step.
    public var errorNumber: Int32 {
        switch self {
        case .createDirectory(let error), .create(let error), .write(let error), .setTimes(let error),
            .fsync(let error), .close(let error), .rename(let error), .syncDirectory(let error):
            error
        }
    }

    /// The file system is full (ENOSPC).
    public var isOutOfSpace: Bool { errorNumber == ENOSPC }

    /// The user's disk quota is exhausted (EDQUOT): the mailbox is full.
    public var isOverQuota: Bool { errorNumber == EDQUOT }

    public var description: String {
        let step =
            switch self {
            case .createDirectory: "creating the Maildir"
            case .create: "creating the message file"
            case .write: "writing the message"
            case .setTimes: "setting the message file's time"
            case .fsync: "syncing the message file"
            case .close: "closing the message file"
            case .rename: "moving the message into new/"
            case .syncDirectory: "syncing the new/ directory"
            }
        return "Maildir delivery failed \(step): \(POSIX.message(errorNumber)) (errno \(errorNumber))"
    }
}
