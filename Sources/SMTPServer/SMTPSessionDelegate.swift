import SMTPCore

/// The decisions a session asks the rest of the server for. The I/O layer calls these
/// off the event loop and hands the answers back to the session.
public protocol SMTPSessionDelegate: Sendable {
    /// May this sender start a transaction? (submission: does the address belong to the user?)
    func checkSender(_ path: ReversePath, parameters: MailParameters, connection: ConnectionInfo) async -> ServerSession.PolicyDecision

    /// May mail go to this recipient? (local mailbox exists, or relaying is allowed)
    func checkRecipient(_ path: ForwardPath, parameters: RecipientParameters, connection: ConnectionInfo) async -> ServerSession.PolicyDecision

    /// Are these credentials right? Slowing down repeated failures is the delegate's job.
    func authenticate(_ credentials: Credentials, connection: ConnectionInfo) async -> ServerSession.AuthenticationResult

    /// Store the message durably; only `.stored` lets the session answer 250.
    func store(_ envelope: Envelope, content: [UInt8], connection: ConnectionInfo) async -> ServerSession.StorageResult
}
