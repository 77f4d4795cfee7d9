import Bounces
import Delivery
import Foundation
import Logging
import MailQueue
import SMTPCore

/// Turns recipients that failed for good into a delivery status notification (RFC 3464) to
/// the sender, queued like any other message. A bounce of a bounce (null sender) goes to the
/// postmaster instead, and is never bounced again.
struct BounceIssuer: Sendable {
    let hostname: String
    let postmaster: Mailbox?
    let store: any MessageStore
    let enqueue: @Sendable (_ recipient: Mailbox, _ content: [UInt8]) async -> Void
    let logger: Logger

    func issue(_ failures: [DeliveryFailure]) async {
        for (_, group) in Dictionary(grouping: failures, by: { $0.claim.messageID }) {
            await issue(forOneMessage: group)
        }
    }

    private func issue(forOneMessage failures: [DeliveryFailure]) async {
        let first = failures[0].claim
        let notified = failures.filter { DeliveryStatusNotification.shouldNotify($0.claim.recipient.parameters.notify, for: .failed) }
        guard !notified.isEmpty else { return }
        let recipient: Mailbox
        if let sender = first.reversePath.mailbox {
            recipient = sender
        } else if let postmaster {
            recipient = postmaster
        } else {
            return
        }
        let original = (try? await store.content(of: first.messageID)) ?? nil
        let now = Date()
        let report = DeliveryStatusNotification(
            reportingMTA: hostname,
            envelopeID: first.mailParameters.envelopeID,
            arrivalDate: Date(timeIntervalSince1970: first.receivedAt),
            originalSender: first.reversePath,
            recipients: notified.map { failure in
                DeliveryStatusNotification.Recipient(
                    finalRecipient: failure.claim.mailbox,
                    originalRecipient: failure.claim.recipient.parameters.originalRecipient,
                    action: .failed,
                    status: failure.reply.enhancedCode?.with(.permanentFailure) ?? EnhancedStatusCode(.permanentFailure, 0, 0),
                    remoteMTA: failure.isSynthesized ? nil : failure.remoteHost,
                    diagnostic: failure.isSynthesized ? nil : failure.reply,
                    lastAttempt: now
                )
            },
            returnContent: DeliveryStatusNotification.ReturnContent(first.mailParameters.dsnReturn)
        )
        let message = report.message(original: original ?? [], date: now, messageID: DeliveryStatusNotification.makeMessageID(reportingMTA: hostname))
        logger.notice("bounce queued", metadata: ["queue": "\(first.messageID)", "to": "\(recipient)", "recipients": "\(notified.count)"])
        await enqueue(recipient, message)
    }
}
