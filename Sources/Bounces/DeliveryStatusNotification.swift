import Foundation
import SMTPCore

/// A delivery status notification (a "bounce"): the report a mail system sends to the
/// sender of a message about what happened to it at one or more recipients.
///
/// The message it produces (``message(original:date:messageID:)``) is a
/// `multipart/report; report-type=delivery-status` with three parts:
///
/// 1. `text/plain`: an explanation written for the person who sent the message, in English
///    or German, built with `Explain`'s ``Explain/ReplyExplainer`` from the remote reply:
///    what happened, whether it is temporary or permanent, whose side it is on and what the
///    sender can do;
/// 2. `message/delivery-status`: the same facts for programs (RFC 3464 §2);
/// 3. the original message's header section (`text/rfc822-headers`) or the whole message
///    (`message/rfc822`), or their RFC 6532 forms `message/global-headers` and
///    `message/global` when the original has UTF-8 in its header.
///
/// The DSN itself must be sent with the null reverse-path `<>` (RFC 3461 §6.2, RFC 5321
/// §4.5.5), so that a failure to deliver it can never produce another DSN; see
/// ``isBounceOfBounce(_:)``.
///
/// - SeeAlso: RFC 3464 (the delivery-status format), RFC 6522 (multipart/report),
///   RFC 3461 (the SMTP DSN extension: NOTIFY, RET, ENVID, ORCPT), RFC 3463 (enhanced status
///   codes), RFC 6533 (internationalized DSNs), RFC 3834 (Auto-Submitted).
public struct DeliveryStatusNotification: Sendable, Hashable {
    /// The `Action` field of a recipient (RFC 3464 §2.3.3).
    public enum Action: String, Sendable, Hashable, CaseIterable {
        /// The message could not be delivered to the recipient and will not be retried.
        case failed
        /// The message has not been delivered yet and is still being retried.
        case delayed
        /// The message was delivered to the recipient's mailbox.
        case delivered
        /// The message was passed on to a system that does not send DSNs; no further
        /// reports will come.
        case relayed
        /// The recipient was an alias or list; the message was delivered to it and passed
        /// on to the members.
        case expanded
    }

    /// What part 3 returns of the original message (RFC 3461 §4.3, RFC 3464 §2).
    public enum ReturnContent: Sendable, Hashable {
        /// Only the header section (`RET=HDRS`).
        case headers
        /// The whole message (`RET=FULL`).
        case full
        /// No `RET` was given: the whole message when it is at most this many octets,
        /// otherwise only the header section. RFC 3461 §4.3 leaves the choice to the MTA;
        /// a limit keeps a bounce of a large message from filling the sender's mailbox a
        /// second time.
        case fullUpTo(Int)

        /// Postfix's `bounce_size_limit` default: messages up to 50,000 octets come back
        /// whole when the sender did not say.
        public static let defaultSizeLimit = 50_000

        /// The choice for a message sent with `RET=requested` (or without RET: `nil`).
        public init(_ requested: MailParameters.DSNReturn?, sizeLimit: Int = defaultSizeLimit) {
            switch requested {
            case .full: self = .full
            case .headers: self = .headers
            case nil: self = .fullUpTo(sizeLimit)
            }
        }
    }

    /// One recipient's group of fields (RFC 3464 §2.3).
    public struct Recipient: Sendable, Hashable {
        /// The recipient the delivery was attempted to (`Final-Recipient`, §2.3.2).
        public var finalRecipient: Mailbox
        /// The recipient as the sender gave it, from the ORCPT parameter
        /// (`Original-Recipient`, §2.3.1); written only when ORCPT was given.
        public var originalRecipient: OriginalRecipient?
        public var action: Action
        /// `Status` (§2.3.4). For `failed` it should be a 5.x.x code, for `delayed` 4.x.x,
        /// for the others 2.x.x (RFC 3463 §3.1).
        public var status: EnhancedStatusCode
        /// The host name of the server that gave ``diagnostic`` (`Remote-MTA: dns; host`,
        /// §2.3.5), as DNS names it (A-labels).
        public var remoteMTA: String?
        /// The remote server's reply, written as `Diagnostic-Code: smtp; 550 5.1.1 …`
        /// (§2.3.6) and explained to the sender in part 1.
        public var diagnostic: Reply?
        /// When delivery was last attempted (`Last-Attempt-Date`, §2.3.7).
        public var lastAttempt: Date?
        /// For `delayed`: until when the queue keeps trying (`Will-Retry-Until`, §2.3.9).
        public var willRetryUntil: Date?

        public init(
            finalRecipient: Mailbox,
            originalRecipient: OriginalRecipient? = nil,
            action: Action,
            status: EnhancedStatusCode,
            remoteMTA: String? = nil,
            diagnostic: Reply? = nil,
            lastAttempt: Date? = nil,
            willRetryUntil: Date? = nil
        ) {
            self.finalRecipient = finalRecipient
            self.originalRecipient = originalRecipient
            self.action = action
            self.status = status
            self.remoteMTA = remoteMTA
            self.diagnostic = diagnostic
            self.lastAttempt = lastAttempt
            self.willRetryUntil = willRetryUntil
        }
    }

    /// This server's host name: `Reporting-MTA: dns; host` (RFC 3464 §2.2.2) and the
    /// domain of the `MAILER-DAEMON@` From: address.
    public var reportingMTA: String
    /// The ENVID parameter of the original transaction, decoded from xtext
    /// (`Original-Envelope-Id`, RFC 3464 §2.2.1, RFC 3461 §4.4).
    public var envelopeID: String?
    /// When the original message arrived here (`Arrival-Date`, RFC 3464 §2.2.5).
    public var arrivalDate: Date
    /// The reverse-path of the original message: the DSN goes there. For the null path the
    /// DSN is addressed to `postmaster@reportingMTA` instead (see ``isBounceOfBounce(_:)``).
    public var originalSender: ReversePath
    /// The recipients reported on, in order; normally those of one action each time
    /// (failures at once, delays after a while), but any mix is allowed.
    public var recipients: [Recipient]
    public var returnContent: ReturnContent
    /// The language of the explanation in part 1 and of the Subject:. The machine-readable
    /// part is always the same.
    public var language: Language
    /// The zone dates are written in, in the fields and in the explanation.
    public var timeZone: TimeZone

    public init(
        reportingMTA: String,
        envelopeID: String? = nil,
        arrivalDate: Date,
        originalSender: ReversePath,
        recipients: [Recipient],
        returnContent: ReturnContent = ReturnContent(nil),
        language: Language = .english,
        timeZone: TimeZone = .current
    ) {
        self.reportingMTA = reportingMTA
        self.envelopeID = envelopeID
        self.arrivalDate = arrivalDate
        self.originalSender = originalSender
        self.recipients = recipients
        self.returnContent = returnContent
        self.language = language
        self.timeZone = timeZone
    }

    /// The reverse-path to send every DSN with: the null path, so that a DSN that cannot be
    /// delivered is dropped (or reported to the postmaster) instead of bouncing again
    /// (RFC 3461 §6.2, RFC 5321 §4.5.5).
    public static let envelopeSender = ReversePath.null

    /// A new Message-ID for a DSN, `<random@reportingMTA>`: a UUID is unique without any
    /// state to keep (RFC 5322 §3.6.4).
    public static func makeMessageID(reportingMTA: String) -> String {
        "<\(UUID().uuidString.lowercased()).dsn@\(Sanitize.word(reportingMTA, fallback: "localhost"))>"
    }
}
