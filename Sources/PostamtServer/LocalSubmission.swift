import Foundation
import LocalDelivery
import Logging
import MailMessage
import MailQueue
import PostamtConfiguration
import SMTPCore

/// Mail handed over on this machine (`postamt sendmail`), written straight into the queue
/// as Postfix's postdrop does: no listener, no login, and it works while the server is
/// stopped. A running server picks the message up at its next queue scan; a stopped one
/// when it starts.
///
/// Recipients are checked as the SMTP server checks them: a local address that does not
/// exist is refused before anything is queued, so the caller learns of it at once.
public enum LocalSubmission {
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case unknownRecipients([String])
        case tooLarge(limit: UInt64)
        case storage(String)

        public var description: String {
            switch self {
            case .unknownRecipients(let addresses): "no such local mailbox: \(addresses.joined(separator: ", "))"
            case .tooLarge(let limit): "the message is larger than the limit of \(limit) bytes (limits.max_message_size)"
            case .storage(let reason): "the queue cannot take the message now: \(reason)"
            }
        }
    }

    /// Queues `content` from `sender` to `recipients` and returns its queue ID. `origin`
    /// names the submitter in the Received: field (e.g. "uid 1000"); the DSN parameters
    /// (RET, ENVID, NOTIFY) apply as if given in MAIL and RCPT.
    public static func submit(
        configuration: PostamtConfiguration,
        sender: ReversePath,
        recipients: [Mailbox],
        content: [UInt8],
        origin: String,
        mailParameters: MailParameters = MailParameters(),
        recipientParameters: RecipientParameters = RecipientParameters(),
        now: Date = Date()
    ) async throws(Failure) -> QueueID {
        let limit = configuration.limits.maximumMessageSize
        if UInt64(content.count) > limit { throw .tooLarge(limit: limit) }
        let storage: QueueStorage
        do {
            storage = try await QueueStorage.open(configuration, logger: Logger(label: "postamt.sendmail"))
        } catch {
            throw .storage("\(error)")
        }
        let result: Result<QueueID, Failure>
        do throws(Failure) {
            result = .success(try await submit(
                into: storage, configuration: configuration, sender: sender, recipients: recipients, content: content,
                origin: origin, mailParameters: mailParameters, recipientParameters: recipientParameters, now: now
            ))
        } catch {
            result = .failure(error)
        }
        await storage.close()
        return try result.get()
    }

    private static func submit(
        into storage: QueueStorage,
        configuration: PostamtConfiguration,
        sender: ReversePath,
        recipients: [Mailbox],
        content: [UInt8],
        origin: String,
        mailParameters: MailParameters,
        recipientParameters: RecipientParameters,
        now: Date
    ) async throws(Failure) -> QueueID {
        let (store, users) = (storage.messages, storage.users)
        let known: Set<String>
        do {
            known = Set(try await users.allUsers().map(\.name))
        } catch {
            throw .storage("\(error)")
        }
        let aliases = AliasTable(aliases: configuration.aliases, localDomains: configuration.localDomains) { known.contains($0.lookupKey) }
        let envelopeRecipients = recipients.map { Envelope.Recipient(forwardPath: .mailbox($0), parameters: recipientParameters) }
        var deliveries: [PlannedDelivery] = []
        var unknown: [String] = []
        for recipient in envelopeRecipients {
            if let planned = aliases.deliveries(for: recipient) {
                deliveries += planned
            } else {
                unknown.append(recipient.forwardPath.mailbox?.description ?? "\(recipient.forwardPath)")
            }
        }
        guard unknown.isEmpty else { throw .unknownRecipients(unknown) }
        let envelope = Envelope(
            clientName: "localhost", usedExtendedHello: false, isTLS: false, authenticatedUser: nil,
            reversePath: sender, mailParameters: mailParameters, recipients: envelopeRecipients
        )
        var attempt = 0
        while true {
            attempt += 1
            let id = QueueID.make()
            let received = FieldFolding.field(
                "Received", "by \(configuration.hostname) (Postamt sendmail, \(origin)) id \(id.rawValue); \(RFC5322Date.format(now))"
            )
            do {
                try await store.store(IncomingMessage(
                    id: id, envelope: envelope, content: Array(received.utf8) + content,
                    receivedAt: now.timeIntervalSince1970, clientAddress: "local", deliveries: deliveries
                ))
                return id
            } catch where error.kind == .duplicateID && attempt < 5 {
                continue
            } catch {
                throw .storage("\(error)")
            }
        }
    }
}
