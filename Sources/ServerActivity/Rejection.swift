/// One client turned away or failing in a way an operator may need to act on: most often a
/// mail program set to the wrong port or TLS mode, or with a wrong password.
public struct Rejection: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// TLS on a plaintext port, or plaintext on the implicit-TLS port.
        case wrongPort = "wrong-port"
        /// A TLS handshake that failed.
        case tlsFailure = "tls-failure"
        /// A wrong user name or password, or too many failures.
        case authentication
        /// A recipient on another domain without a login or trusted network.
        case relayDenied = "relay-denied"
        /// A local address that does not exist.
        case unknownRecipient = "unknown-recipient"
        /// A sender address the logged-in user may not use.
        case senderRefused = "sender-refused"
        /// The message could not be stored (disk full, queue full, database failure).
        case storage
    }

    /// Seconds since 1970.
    public var time: Double
    public var clientAddress: String
    /// The listener role: `mx`, `submission` or `submissions`.
    public var listener: String
    public var kind: Kind
    /// The reply the client got, or what was wrong.
    public var detail: String

    public init(time: Double, clientAddress: String, listener: String, kind: Kind, detail: String) {
        self.time = time
        self.clientAddress = clientAddress
        self.listener = listener
        self.kind = kind
        self.detail = detail
    }
}
