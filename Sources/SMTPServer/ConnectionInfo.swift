import SMTPCore

/// What a policy decision may need to know about the connection it is made for.
public struct ConnectionInfo: Sendable, Hashable {
    /// A short ID for this connection in the log.
    public var sessionID: String
    public var listener: ListenerRole
    public var localPort: Int
    public var clientAddress: IPAddress?
    public var clientPort: Int?
    /// "TLSv1.3" etc. once TLS is up.
    public var tlsVersion: String?
    /// The user the client authenticated as, if any.
    public var authenticatedUser: String?

    public init(
        sessionID: String,
        listener: ListenerRole,
        localPort: Int,
        clientAddress: IPAddress?,
        clientPort: Int?,
        tlsVersion: String? = nil,
        authenticatedUser: String? = nil
    ) {
        self.sessionID = sessionID
        self.listener = listener
        self.localPort = localPort
        self.clientAddress = clientAddress
        self.clientPort = clientPort
        self.tlsVersion = tlsVersion
        self.authenticatedUser = authenticatedUser
    }

    /// The client's address as the log and trace headers write it.
    public var clientAddressText: String { clientAddress?.description ?? "unknown" }
}
