import Foundation
import MailMessage
import SMTPCore

/// Final delivery of a queued message into a local mailbox's Maildir.
///
/// The stored content already begins with the `Received:` field added when the message was
/// accepted; at delivery `Return-Path:` (RFC 5321 §4.4: added by the final delivery
/// server, never earlier) and `Delivered-To:` (as Postfix does, for loop detection) are
/// put in front of it. The Maildir is created on first use.
public struct LocalDeliveryAgent: Sendable {
    public let locator: MailboxLocator
    /// The host name used in Maildir file names.
    public let hostname: String

    public init(locator: MailboxLocator, hostname: String) {
        self.locator = locator
        self.hostname = hostname
    }

    /// Delivers one copy of `content` to `mailbox` and returns the file's path.
    ///
    /// - Parameters:
    ///   - content: the message as stored in the queue (CRLF line ends), kept byte for byte.
    ///   - reversePath: the transaction's MAIL FROM, for `Return-Path:`.
    ///   - mailbox: a local mailbox, as ``AliasTable`` resolved it.
    ///   - date: when the message was accepted; it becomes the file's modification time,
    ///     which IMAP servers show as the received date.
    /// - Throws: ``LocalDeliveryError``; the message is in the Maildir if and only if this
    ///   returns.
    public func deliver(
        content: [UInt8],
        reversePath: ReversePath,
        to mailbox: Mailbox,
        date: Date
    ) throws(LocalDeliveryError) -> URL {
        guard let directory = locator.directory(for: mailbox) else { throw .unsafeMailbox(mailbox) }
        let recipient = mailbox.canonical
        if Self.wasDelivered(content, to: recipient) { throw .forwardingLoop(recipient) }

        let maildir = Maildir(directory: directory, hostname: hostname)
        let parts = [
            Array(ReturnPath.field(reversePath).utf8),
            Array(DeliveredTo.field(recipient).utf8),
            content,
        ]
        do {
            return try maildir.deliver(parts, receivedAt: date)
        } catch .create(ENOENT), .rename(ENOENT) {
            // The first delivery to this mailbox: create the Maildir and try once more.
            // Creating it lazily saves four system calls on every other delivery. The
            // rename finds new/ missing when another first delivery created tmp/ and has
            // not created new/ yet; the file in tmp/ was removed, so trying again is safe.
        } catch {
            throw .maildir(error)
        }
        do throws(MaildirError) {
            try maildir.prepare()
            return try maildir.deliver(parts, receivedAt: date)
        } catch {
            throw .maildir(error)
        }
    }

    /// Whether the header already has `Delivered-To:` for `mailbox` (compared as Postamt
    /// compares local addresses).
    static func wasDelivered(_ content: [UInt8], to mailbox: Mailbox) -> Bool {
        let key = MailboxKey(mailbox)
        return MessageHeaders.fields(content).contains { field in
            field.name.lowercased() == "delivered-to" && Mailbox(field.value).map(MailboxKey.init) == key
        }
    }
}
