/// One message for ``ClientSession/send(_:)``: the envelope a client gives with MAIL and
/// RCPT, and the content it sends after DATA.
///
/// The client adapts the envelope to what the server offers: see
/// ``ClientSession/send(_:)`` for which parameters are added, passed through or dropped.
///
/// - SeeAlso: RFC 5321 §3.3 (mail transactions), RFC 5322 (the message format).
public struct OutgoingMessage: Sendable, Hashable {
    public var reversePath: ReversePath
    public var mailParameters: MailParameters
    public var recipients: [Envelope.Recipient]
    /// The RFC 5322 message, header and body, with CRLF line endings and without
    /// dot-stuffing or the final "." line; the client adds both. Bare CR or LF is sent as
    /// CRLF, so the content can never end the data early or smuggle a command
    /// (CVE-2023-51764 and relatives).
    public var content: [UInt8]

    public init(
        reversePath: ReversePath,
        mailParameters: MailParameters = MailParameters(),
        recipients: [Envelope.Recipient],
        content: [UInt8]
    ) {
        self.reversePath = reversePath
        self.mailParameters = mailParameters
        self.recipients = recipients
        self.content = content
    }

    /// Whether the envelope holds an address outside ASCII, which only SMTPUTF8 can carry
    /// (RFC 6531 §3.2).
    public var hasNonASCIIAddress: Bool {
        if let mailbox = reversePath.mailbox, !mailbox.isASCII { return true }
        return recipients.contains { $0.forwardPath.mailbox.map { !$0.isASCII } ?? false }
    }

    /// Whether the message needs the SMTPUTF8 extension: its sender asked for it, or an
    /// address is not ASCII.
    public var needsSMTPUTF8: Bool { mailParameters.smtpUTF8 || hasNonASCIIAddress }

    /// Whether the content has octets above 127, which need 8BITMIME (RFC 6152) or
    /// SMTPUTF8 (RFC 6531) to be carried.
    public var hasEightBitContent: Bool {
        // Eight octets at a time: this runs over every message relayed.
        content.withUnsafeBytes { bytes in
            var index = 0
            while index + 8 <= bytes.count {
                if bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
                index += 8
            }
            return bytes[index...].contains { $0 >= 0x80 }
        }
    }
}
