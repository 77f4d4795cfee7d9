import LocalDelivery
import MailQueue
import SMTPCore

extension AliasTable {
    /// The deliveries one envelope recipient becomes: its local mailboxes (after aliases) on
    /// the local route and everything else on the remote route; nil for a local address
    /// that does not exist.
    func deliveries(for recipient: Envelope.Recipient) -> [PlannedDelivery]? {
        switch resolve(recipient.forwardPath) {
        case .local(let locals, let remote):
            return locals.map { PlannedDelivery(recipient: recipient, mailbox: $0, route: .local) }
                + remote.map { PlannedDelivery(recipient: recipient, mailbox: $0, route: .remote) }
        case .notLocal:
            return recipient.forwardPath.mailbox.map { [PlannedDelivery(recipient: recipient, mailbox: $0, route: .remote)] } ?? []
        case .unknown:
            return nil
        }
    }
}
