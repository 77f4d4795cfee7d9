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
    /// The language of the explanation and the Subject:.
    var language: Language = .english

    /// How long messages may stay queued, for the `Will-Retry-Until` of delay notices.
    var lifetime: Duration = .seconds(5 * 24 * 3600)

    /// Reports recipients that failed for good (`Action: failed`).
    func issue(_ failures: [DeliveryFailure]) async {
        for (_, group) in Dictionary(grouping: failures, by: { $0.claim.messageID }) {
            await issue(forOneMessage: group, action: .failed)
        }
    }

    /// Reports recipients that are still being retried after a long time (`Action: delayed`).
    func issueDelay(_ failures: [DeliveryFailure]) async {
        for (_, group) in Dictionary(grouping: failures, by: { $0.claim.messageID }) {
            await issue(forOneMessage: group, action: .delayed)
        }
    }

    private func issue(forOneMessage failures: [DeliveryFailure], action: DeliveryStatusNotification.Action) async {
        let first = failures[0].claim
        let notified = failures.filter { DeliveryStatusNotification.shouldNotify($0.claim.recipient.parameters.notify, for: action) }
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
                    action: action,
                    status: action == .delayed
                        ? failure.reply.enhancedCode?.with(.persistentTransientFailure) ?? EnhancedStatusCode(.persistentTransientFailure, 0, 0)
                        : failure.reply.enhancedCode?.with(.permanentFailure) ?? EnhancedStatusCode(.permanentFailure, 0, 0),
                    remoteMTA: failure.isSynthesized ? nil : failure.remoteHost,
                    diagnostic: failure.isSynthesized ? nil : failure.reply,
                    lastAttempt: now,
                    willRetryUntil: action == .delayed
                        ? Date(timeIntervalSince1970: failure.claim.receivedAt + Double(lifetime.components.seconds)) : nil
                )
            },
            returnContent: DeliveryStatusNotification.ReturnContent(first.mailParameters.dsnReturn),
            language: language
        )
        let message = report.message(original: original ?? [], date: now, messageID: DeliveryStatusNotification.makeMessageID(reportingMTA: hostname))
        logger.notice(action == .delayed ? "delay notice queued" : "bounce queued", metadata: ["queue": "\(first.messageID)", "to": "\(recipient)", "recipients": "\(notified.count)"])
        await enqueue(recipient, message)
    }
}
