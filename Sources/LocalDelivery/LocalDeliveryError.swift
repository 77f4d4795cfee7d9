import SMTPCore

/// Why a local delivery failed.
public enum LocalDeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The mailbox's address cannot safely be turned into a path (see ``MailboxLocator``):
    /// a permanent failure (5.1.3).
    case unsafeMailbox(Mailbox)
    /// The message already carries a `Delivered-To:` field for this mailbox: it has come
    /// back through a forwarding loop, and delivering it again would repeat the loop
    /// (Postfix bounces it with 5.4.6).
    case forwardingLoop(Mailbox)
    /// Writing into the Maildir failed; usually temporary (see ``MaildirError/isOutOfSpace``
    /// and ``MaildirError/isOverQuota``).
    case maildir(MaildirError)

    /// The file system is full (ENOSPC).
    public var isOutOfSpace: Bool {
        if case .maildir(let error) = self { return error.isOutOfSpace }
        return false
    }

    public var description: String {
        switch self {
        case .unsafeMailbox(let mailbox): "mailbox name \(mailbox) cannot be used as a Maildir path"
        case .forwardingLoop(let mailbox): "mail forwarding loop for \(mailbox)"
        case .maildir(let error): error.description
        }
    }
}
