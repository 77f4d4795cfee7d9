import Explain
import MailMessage
import MailQueue

/// A queued message as the API and the message page show it: envelope, header fields,
/// each recipient's state and every attempt, each reply explained.
struct MessageDetail: Encodable, Sendable {
    struct Header: Encodable, Sendable {
        var name: String
        var value: String
    }

    struct Recipient: Encodable, Sendable {
        var mailbox: String
        var rcptCommand: String
        var route: String
        var state: String
        var attempts: Int
        var nextAttemptAt: Double?
        var lastResult: String?
        var explanation: Explanation?
    }

    struct Attempt: Encodable, Sendable {
        var mailbox: String
        var time: Double
        var host: String
        var address: String?
        var tls: Bool
        var result: String
        var transcript: String
        var explanation: Explanation?
    }

    var id: String
    var receivedAt: Double
    var mailCommand: String
    var sender: String
    var clientName: String
    var clientAddress: String
    var authenticatedUser: String?
    var size: Int
    var headers: [Header]
    var recipients: [Recipient]
    var attempts: [Attempt]

    /// At most this many header fields are shown; a message may have thousands.
    static let headerLimit = 200

    init(message: QueuedMessage, content: [UInt8]?, attempts: [(mailbox: String, attempt: DeliveryAttempt)], explainer: ReplyExplainer) {
        id = message.id.rawValue
        receivedAt = message.receivedAt
        mailCommand = message.mailCommand
        sender = message.sender
        clientName = message.clientName
        clientAddress = message.clientAddress
        authenticatedUser = message.authenticatedUser
        size = message.size
        let header = content.map { bytes in bytes.prefix(MessageHeaders.endOfHeader(in: bytes) ?? bytes.count) } ?? []
        headers = MessageHeaders.fields(header).prefix(Self.headerLimit).map { Header(name: $0.name, value: $0.value) }
        recipients = message.recipients.map { recipient in
            Recipient(
                mailbox: recipient.mailbox, rcptCommand: recipient.rcptCommand, route: recipient.route.rawValue,
                state: recipient.state.rawValue, attempts: recipient.attempts,
                nextAttemptAt: recipient.state.isFinal ? nil : recipient.nextAttemptAt,
                lastResult: recipient.lastResult,
                explanation: recipient.lastResult.flatMap { Explanation($0, explainer: explainer) }
            )
        }
        self.attempts = attempts.map { mailbox, attempt in
            Attempt(
                mailbox: mailbox, time: attempt.time, host: attempt.host, address: attempt.address, tls: attempt.usedTLS,
                result: attempt.result, transcript: attempt.transcript, explanation: Explanation(attempt.result, explainer: explainer)
            )
        }
    }
}

/// A reply explained as `postamt explain` does, in a few fields.
struct Explanation: Encodable, Sendable, Hashable {
    /// `success`, `temporary-failure`, `permanent-failure`.
    var outcome: String
    var summary: String
    var consequence: String
    /// Whose side the problem is on: `sender`, `recipient`, `sending-server`, …
    var fault: String
    var faultSummary: String
    var cause: String?
    var advice: [String]

    /// Nil for text that holds no SMTP reply (a connection error without a code).
    init?(_ reply: String, explainer: ReplyExplainer) {
        guard let explanation = try? explainer.explain(reply).first, explanation.basicCode != nil else { return nil }
        outcome = explanation.outcome.kind.rawValue
        summary = explanation.outcome.summary
        consequence = explanation.outcome.consequence
        fault = explanation.fault.party.rawValue
        faultSummary = explanation.fault.summary
        cause = explanation.cause
        advice = explanation.advice
    }
}
