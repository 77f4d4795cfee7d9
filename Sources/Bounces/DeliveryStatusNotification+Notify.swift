import SMTPCore

extension DeliveryStatusNotification {
    /// Whether a DSN should be sent for a recipient with `notify` (its RCPT NOTIFY
    /// parameter, `nil` when absent) now that `action` happened to it.
    ///
    /// - `NOTIFY=NEVER`: never (RFC 3461 §4.1).
    /// - `NOTIFY=` a list: `failed` needs FAILURE, `delayed` needs DELAY, and `delivered`,
    ///   `relayed` and `expanded` need SUCCESS (RFC 3461 §4.1, and §6.2.1 for relayed and
    ///   expanded, which are kinds of "this is the last you will hear of it" successes).
    /// - No NOTIFY: RFC 3461 §4.1 lets the server choose, and says it should then behave as
    ///   `NOTIFY=FAILURE` or `NOTIFY=FAILURE,DELAY`; Postamt reports failures and delays,
    ///   as mail servers traditionally do, and never successes, which nobody asked for.
    ///
    /// - SeeAlso: RFC 3461 §4.1.
    public static func shouldNotify(_ notify: DSNNotify?, for action: Action) -> Bool {
        guard let notify else {
            return action == .failed || action == .delayed
        }
        switch action {
        case .failed: return notify.includes(.failure)
        case .delayed: return notify.includes(.delay)
        case .delivered, .relayed, .expanded: return notify.includes(.success)
        }
    }

    /// Whether a message with `reversePath` is itself a DSN (or another message that must
    /// not be answered automatically), so that no DSN may be sent for it: its reverse-path
    /// is the null path `<>`.
    ///
    /// DSNs are sent with the null reverse-path precisely so that a DSN that cannot be
    /// delivered ends there: answering it would send a DSN for a DSN, and two servers that
    /// both do that bounce mail between each other forever (RFC 5321 §4.5.5, RFC 3461
    /// §6.2, RFC 3834 §2). When such a message fails, the caller should not drop the
    /// failure silently but report it to the local postmaster instead (a "double bounce",
    /// RFC 5321 §6.1 and §4.5.1): build the DSN as usual, with
    /// ``originalSender`` `.null`, and ``message(original:date:messageID:)`` addresses it
    /// to `postmaster@reportingMTA`; deliver it locally, never to a remote server.
    ///
    /// - SeeAlso: RFC 5321 §4.5.5, §6.1; RFC 3461 §6.2.
    public static func isBounceOfBounce(_ reversePath: ReversePath) -> Bool {
        reversePath == .null
    }
}
