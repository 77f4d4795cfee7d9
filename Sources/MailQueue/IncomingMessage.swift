import SMTPCore

/// A message the SMTP server has received in full and wants stored durably before it
/// answers 250.
public struct IncomingMessage: Sendable {
    public var id: QueueID
    public var envelope: Envelope
    /// The content as it will be delivered: the Received: header this server added, then the
    /// message exactly as received.
    public var content: [UInt8]
    /// Seconds since 1970.
    public var receivedAt: Double
    /// The client's IP address, as text.
    public var clientAddress: String
    /// One entry per final destination; aliases may turn one envelope recipient into several.
    public var deliveries: [PlannedDelivery]

    public init(id: QueueID, envelope: Envelope, content: [UInt8], receivedAt: Double, clientAddress: String, deliveries: [PlannedDelivery]) {
        self.id = id
        self.envelope = envelope
        self.content = content
        self.receivedAt = receivedAt
        self.clientAddress = clientAddress
        self.deliveries = deliveries
    }
}

/// One destination of a message: the mailbox to deliver to, the envelope recipient it came
/// from (for DSNs, RFC 3461 ORCPT), and the route.
public struct PlannedDelivery: Sendable, Hashable {
    public var recipient: Envelope.Recipient
    public var mailbox: Mailbox
    public var route: DeliveryRoute

    public init(recipient: Envelope.Recipient, mailbox: Mailbox, route: DeliveryRoute) {
        self.recipient = recipient
        self.mailbox = mailbox
        self.route = route
    }
}
