import SMTPCore

/// The `Delivered-To:` field Postfix and others add at final delivery, naming the mailbox
/// the copy was delivered to.
///
/// It is not standardized, but widely used to detect forwarding loops: a message that
/// comes back to a mailbox it was already delivered to carries that mailbox's field.
public enum DeliveredTo {
    /// `Delivered-To: user@example.org` followed by CRLF (no angle brackets, as Postfix
    /// writes it).
    public static func field(_ mailbox: Mailbox) -> String {
        "Delivered-To: \(HeaderText.withoutControls(mailbox.description))\r\n"
    }
}
