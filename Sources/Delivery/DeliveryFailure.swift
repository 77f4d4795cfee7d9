import MailQueue
import SMTPCore

/// A recipient that failed for good, for the bounce (local or remote delivery).
public struct DeliveryFailure: Sendable {
    public var claim: DeliveryClaim
    public var reply: Reply
    /// The server that refused it, if one did.
    public var remoteHost: String?
    /// The reply was made up locally (no server said it).
    public var isSynthesized: Bool

    public init(claim: DeliveryClaim, reply: Reply, remoteHost: String?, isSynthesized: Bool) {
        self.claim = claim
        self.reply = reply
        self.remoteHost = remoteHost
        self.isSynthesized = isSynthesized
    }
}
