/// What one delivery did for one claimed recipient, to be written with the others of the
/// same delivery at once (``MessageStore/record(_:now:)``).
public struct DeliveryRecord: Sendable, Hashable {
    public var claim: DeliveryClaim
    /// The attempt to keep for operators, if one was made.
    public var attempt: DeliveryAttempt?
    /// The outcome, when the recipient is done with for now; nil while another server is
    /// still to be tried.
    public var outcome: DeliveryOutcome?

    public init(claim: DeliveryClaim, attempt: DeliveryAttempt? = nil, outcome: DeliveryOutcome? = nil) {
        self.claim = claim
        self.attempt = attempt
        self.outcome = outcome
    }
}
