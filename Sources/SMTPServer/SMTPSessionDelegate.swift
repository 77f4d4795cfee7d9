import SMTPCore

/// The decisions a session asks the rest of the server for. The I/O layer calls these
/// off the event loop and hands the answers back to the session.
public protocol SMTPSessionDelegate: Sendable {
    /// May this sender start a transaction? (submission: does the address belong to the user?)
    func checkSender(_ path: ReversePath, parameters: MailParameters, connection: ConnectionInfo) async -> ServerSession.PolicyDecision

    /// May mail go to this recipient? (local mailbox exists, or relaying is allowed)
    func checkRecipient(_ path: ForwardPath, parameters: RecipientParameters, connection: ConnectionInfo) async -> ServerSession.PolicyDecision

    /// The answer of ``checkSender(_:parameters:connection:)`` when the delegate has it at
    /// hand (nil: it has to look something up). Asked first, on the event loop, so the
    /// common case costs no task.
    func immediateSenderDecision(_ path: ReversePath, parameters: MailParameters, connection: ConnectionInfo) -> ServerSession.PolicyDecision?

    /// The answer of ``checkRecipient(_:parameters:connection:)`` when the delegate has it at
    /// hand (nil: it has to look something up), asked first on the event loop.
    func immediateRecipientDecision(_ path: ForwardPath, parameters: RecipientParameters, connection: ConnectionInfo) -> ServerSession.PolicyDecision?

    /// Are these credentials right? Slowing down repeated failures is the delegate's job.
    func authenticate(_ credentials: Credentials, connection: ConnectionInfo) async -> ServerSession.AuthenticationResult

    /// Store the message durably; only `.stored` lets the session answer 250.
    func store(_ envelope: Envelope, content: [UInt8], connection: ConnectionInfo) async -> ServerSession.StorageResult

    /// The same as ``store(_:content:connection:)`` with a completion called once, on any
    /// thread. The I/O layer uses this one: a delegate whose store finishes on a thread of
    /// its own answers without a task in between.
    func store(_ envelope: Envelope, content: [UInt8], connection: ConnectionInfo, completion: @escaping @Sendable (ServerSession.StorageResult) -> Void)
}

extension SMTPSessionDelegate {
    public func immediateSenderDecision(_ path: ReversePath, parameters: MailParameters, connection: ConnectionInfo) -> ServerSession.PolicyDecision? {
        nil
    }

    public func immediateRecipientDecision(_ path: ForwardPath, parameters: RecipientParameters, connection: ConnectionInfo) -> ServerSession.PolicyDecision? {
        nil
    }

    public func store(_ envelope: Envelope, content: [UInt8], connection: ConnectionInfo, completion: @escaping @Sendable (ServerSession.StorageResult) -> Void) {
        Task { completion(await store(envelope, content: content, connection: connection)) }
    }
}
