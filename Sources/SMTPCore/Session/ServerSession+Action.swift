extension ServerSession {
    /// What the I/O layer must do. Actions are carried out in order.
    public enum Action: Sendable, Hashable {
        /// Write this reply.
        case send(Reply)
        /// Start the TLS handshake now (after writing the 220 that precedes it), then call
        /// ``ServerSession/tlsEstablished()`` or close.
        case startTLS
        /// Close the connection (after writing what came before).
        case close
        /// Decide whether this sender is acceptable; answer with
        /// ``ServerSession/senderChecked(_:)``.
        case checkSender(ReversePath, MailParameters)
        /// Decide whether this recipient is acceptable; answer with
        /// ``ServerSession/recipientChecked(_:)``.
        case checkRecipient(ForwardPath, RecipientParameters)
        /// Verify these credentials; answer with ``ServerSession/authenticationFinished(_:)``.
        case authenticate(Credentials)
        /// All content is in: store the message durably, then answer with
        /// ``ServerSession/messageStored(_:)``. Nothing has been acknowledged yet.
        /// `content` is the message as received, dot-stuffing removed.
        case storeMessage(Envelope, content: [UInt8])
        /// The client speaks another protocol on this port; the connection is closed next.
        case foreignProtocol(ForeignProtocol)
    }

    /// Something other than SMTP commands arriving on an SMTP listener.
    public enum ForeignProtocol: String, Sendable, Hashable {
        /// A TLS ClientHello on a plaintext listener: the client expects implicit TLS
        /// (port 465 settings used on 25 or 587).
        case tlsHandshake = "tls-handshake"
        /// An HTTP request or proxy CONNECT.
        case http
    }

    /// The answer to ``Action/checkSender(_:_:)`` and ``Action/checkRecipient(_:_:)``.
    public enum PolicyDecision: Sendable, Hashable {
        case accept
        case reject(Reply)
    }

    /// The answer to ``Action/authenticate(_:)``.
    public enum AuthenticationResult: Sendable, Hashable {
        /// The credentials are good; the session is now authenticated as this user.
        case success(user: String)
        /// 535 5.7.8.
        case invalidCredentials
        /// 454 4.7.0: the check could not be done (e.g. the user store is unavailable).
        case temporaryFailure
        /// Too many failures from this client: 421 4.7.0 and close.
        case tooManyFailures
    }

    /// The answer to ``Action/storeMessage(_:content:)``.
    public enum StorageResult: Sendable, Hashable {
        /// Durably stored under this queue ID; the client gets 250.
        case stored(queueID: String)
        /// Not stored; the client gets this reply (451 4.3.0, 452 4.3.1, …).
        case failed(Reply)
    }
}
