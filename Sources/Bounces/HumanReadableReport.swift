import MailMessage
import Explain
import Foundation
import SMTPCore

/// Part 1 of a DSN: the explanation for the person who sent the message (RFC 3464 §1:
/// "a human-readable explanation").
///
/// For every failed or delayed recipient the remote reply (or, without one, the status
/// code) goes through `Explain`'s ``Explain/ReplyExplainer``, so the bounce says the same
/// as `postamt explain` would: whether the failure is temporary or permanent, what most
/// likely happened, whose side has to act, and, for failures, what the sender can do.
/// The explainer's advice is left out for delays on purpose: it is written for someone
/// whose send just failed ("send again later"), while a delayed message is still queued
/// and sending it again would only deliver it twice.
enum HumanReadableReport {
    /// Lines are wrapped at 72 characters, which reads well in any mail program and in a
    /// raw message view.
    static let width = 72

    static func text(
        _ notification: DeliveryStatusNotification,
        original: ReturnedMessage,
        returnsFullMessage: Bool
    ) -> String {
        let language = notification.language
        let kind = BounceStrings.Kind(notification.recipients.map(\.action))
        let host = DeliveryStatusFields.hostValue(notification.reportingMTA)
        var out = ""
        out += wrap(BounceStrings.greeting(host: host)[language]) + "\n\n"
        out += wrap(BounceStrings.summary(kind)[language]) + "\n\n"
        if let subject = original.field("Subject") {
            let decoded = Sanitize.line(EncodedWord.decode(subject))
            out += labelled(BounceStrings.subjectLabel[language], BounceStrings.quoted(decoded)[language], indent: "  ")
        }
        out += labelled(
            BounceStrings.arrivedLabel[language],
            HumanDate.format(notification.arrivalDate, timeZone: notification.timeZone, language: language),
            indent: "  "
        )
        for recipient in notification.recipients {
            out += "\n" + String(repeating: "-", count: width) + "\n\n"
            out += self.recipient(recipient, in: notification)
        }
        out += "\n" + String(repeating: "-", count: width) + "\n\n"
        out += wrap((returnsFullMessage ? BounceStrings.returnedFull : BounceStrings.returnedHeader)[language]) + "\n\n"
        out += wrap(BounceStrings.help[language])
        return out
    }

    private static func recipient(
        _ recipient: DeliveryStatusNotification.Recipient,
        in notification: DeliveryStatusNotification
    ) -> String {
        let language = notification.language
        let zone = notification.timeZone
        let remote = recipient.remoteMTA.map { DeliveryStatusFields.hostValue($0) }
        var out = Sanitize.line(recipient.finalRecipient.description) + "\n"
        out += wrap(statusSentence(recipient, in: notification), indent: "  ") + "\n"

        if let original = recipient.originalRecipient {
            let shown = Sanitize.line(decodedEmbeddedCharacters(original.address))
            if shown.lowercased() != recipient.finalRecipient.description.lowercased() {
                out += labelled(BounceStrings.originallyAddressedTo[language], shown, indent: "  ")
            }
        }
        if let lastAttempt = recipient.lastAttempt {
            out += labelled(BounceStrings.lastAttempt[language], HumanDate.format(lastAttempt, timeZone: zone, language: language), indent: "  ")
        }
        if let reply = recipient.diagnostic {
            out += "\n" + wrap(BounceStrings.serverReplied(host: remote)[language], indent: "  ") + "\n"
            for line in replyLines(reply) {
                out += wrap(line, indent: "      ", continuation: "        ") + "\n"
            }
        } else {
            out += labelled(BounceStrings.statusCode[language], recipient.status.description, indent: "  ")
        }

        // Successes need no explanation, only failures and delays do.
        guard recipient.action == .failed || recipient.action == .delayed else { return out }
        let explainer = ReplyExplainer(language: language)
        let explanation =
            recipient.diagnostic.map { explainer.explain($0) }
            ?? explainer.explain(.enhancedCode(recipient.status, text: ""))
        out += "\n"
        out += labelled(BounceStrings.whatThisMeans[language], explanation.outcome.summary, indent: "  ")
        if let cause = explanation.cause ?? explanation.enhancedCode?.explanation {
            out += labelled(BounceStrings.whatHappened[language], cause, indent: "  ")
        }
        out += labelled(BounceStrings.whoHasToAct[language], explanation.fault.summary, indent: "  ")
        if recipient.action == .failed && !explanation.advice.isEmpty {
            out += "  " + BounceStrings.whatYouCanDo[language] + ":\n"
            for (index, step) in explanation.advice.enumerated() {
                out += wrap(step, indent: "    \(index + 1). ", continuation: "       ") + "\n"
            }
        }
        return out
    }

    private static func statusSentence(
        _ recipient: DeliveryStatusNotification.Recipient,
        in notification: DeliveryStatusNotification
    ) -> String {
        let language = notification.language
        switch recipient.action {
        case .failed:
            let wasTemporary = recipient.diagnostic?.code.kind == .transientNegative
            return (wasTemporary ? BounceStrings.failedAfterRetries : BounceStrings.failed)[language]
        case .delayed:
            let until = recipient.willRetryUntil.map {
                HumanDate.format($0, timeZone: notification.timeZone, language: language)
            }
            return BounceStrings.delayed(host: DeliveryStatusFields.hostValue(notification.reportingMTA), until: until)[language]
        case .delivered:
            return BounceStrings.delivered[language]
        case .relayed:
            return BounceStrings.relayed(to: recipient.remoteMTA.map { DeliveryStatusFields.hostValue($0) })[language]
        case .expanded:
            return BounceStrings.expanded[language]
        }
    }

    /// Every line of the reply as the server sent it, `550-5.1.1 text`, so the sender can
    /// quote it exactly to whoever helps them.
    private static func replyLines(_ reply: Reply) -> [String] {
        let wire = String(decoding: reply.encoded, as: UTF8.self)
        return wire.split(separator: "\r\n", omittingEmptySubsequences: true).map { Sanitize.line(String($0)) }
    }

    /// `\x{HEX}` sequences (RFC 6533 §3) turned back into characters, for showing an
    /// ORCPT address of the utf-8 type to a person.
    static func decodedEmbeddedCharacters(_ text: String) -> String {
        guard text.contains("\\x{") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "\\x{") {
            result += rest[..<start.lowerBound]
            let afterBrace = rest[start.upperBound...]
            if let close = afterBrace.firstIndex(of: "}"),
                let value = UInt32(afterBrace[..<close], radix: 16),
                let scalar = Unicode.Scalar(value)
            {
                result.unicodeScalars.append(scalar)
                rest = afterBrace[afterBrace.index(after: close)...]
            } else {
                result += "\\x{"
                rest = afterBrace
            }
        }
        return result + rest
    }

    private static func labelled(_ label: String, _ value: String, indent: String) -> String {
        let prefix = indent + label + ": "
        return wrap(value, indent: prefix, continuation: indent + "  ") + "\n"
    }

    /// Wraps to the report's width; continuation lines start with `continuation`, or the
    /// indent. A word longer than a line stays whole (quoted-printable keeps encoded lines short).
    static func wrap(_ text: String, indent: String = "", continuation: String? = nil) -> String {
        TextWrapping.wrap(text, width: width, indent: indent, continuation: continuation ?? indent)
    }
}
