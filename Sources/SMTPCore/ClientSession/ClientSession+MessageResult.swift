extension ClientSession {
    /// What became of one message: per recipient, the reply that decided its fate.
    public struct MessageResult: Sendable, Hashable {
        /// One result per recipient of the message, in the message's order.
        public var recipientResults: [RecipientResult]
        /// The reply after the final "." (RFC 5321 §4.1.1.4), or `nil` when the content
        /// was not sent.
        public var finalReply: Reply?
        /// Whether the content went to the server. Until then the server cannot have
        /// taken the message, so sending it again elsewhere delivers it only once; after,
        /// without a final reply, it may have (RFC 1047).
        public var isContentSent: Bool
        /// This message's part of the dialogue, from its MAIL command (or from where its
        /// result was decided, when it was never sent) to its result, as far as the
        /// session keeps lines (``ClientSession/maximumTranscriptLines``).
        public var transcript: [TranscriptLine]

        public init(recipientResults: [RecipientResult], finalReply: Reply?, isContentSent: Bool = false, transcript: [TranscriptLine] = []) {
            self.recipientResults = recipientResults
            self.finalReply = finalReply
            self.isContentSent = isContentSent
            self.transcript = transcript
        }

        /// The recipients the server took responsibility for.
        public var acceptedRecipients: [Envelope.Recipient] {
            recipientResults.filter(\.isAccepted).map(\.recipient)
        }
    }

    /// The outcome for one recipient.
    public struct RecipientResult: Sendable, Hashable {
        public var recipient: Envelope.Recipient
        /// The deciding reply: the final reply when the recipient was accepted; otherwise
        /// the first negative reply that concerned it (to MAIL, its RCPT, DATA or the
        /// final "."), or a reply the client synthesised (``Stage/local``).
        public var reply: Reply
        public var stage: Stage

        public init(recipient: Envelope.Recipient, reply: Reply, stage: Stage) {
            self.recipient = recipient
            self.reply = reply
            self.stage = stage
        }

        /// Whether the server accepted the message for this recipient: 2xx to its RCPT and
        /// to the final ".".
        public var isAccepted: Bool { stage == .endOfData && reply.code.kind == .positiveCompletion }

        /// Whether sending again later may succeed (a 4xx reply); `false` for accepted
        /// recipients and permanent (5xx) failures.
        public var isTransientFailure: Bool { reply.code.kind == .transientNegative }

        /// Whether the client made the reply up rather than receiving it. A bounce built
        /// from it must not name the server as the one that refused (RFC 3464 §2.3.6
        /// Diagnostic-Code, §2.3.5 Remote-MTA).
        public var isSynthesized: Bool { stage == .local }
    }

    /// Where in the transaction a recipient's fate was decided.
    public enum Stage: String, Sendable, Hashable, CaseIterable {
        /// By the client, without the server's reply: the message could not be sent as the
        /// server announced itself (SIZE, SMTPUTF8, 8BITMIME), or the connection was lost
        /// or timed out before the server answered.
        case local
        /// The reply to MAIL FROM.
        case mail
        /// The reply to this recipient's RCPT TO.
        case recipient
        /// The reply to DATA.
        case data
        /// The reply after the final ".".
        case endOfData
    }
}
