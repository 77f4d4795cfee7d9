extension ClientSession {
    /// What the I/O layer must do. Actions are carried out in order.
    public enum Action: Sendable, Hashable {
        /// Write these bytes to the server. Sends that follow each other are one write:
        /// the I/O layer flushes after the last of them.
        case send([UInt8])
        /// Start the TLS handshake now (the server has agreed with 220), then call
        /// ``ClientSession/tlsEstablished()``, or ``ClientSession/connectionClosed()`` if it
        /// fails. Bytes that arrive until then are ignored.
        case startTLS
        /// Close the connection (after writing what came before). The session is over.
        case close
        /// The session is ready for messages: greeting, EHLO, STARTTLS and AUTH are done.
        /// Sent once per connection, with what the server offers.
        case greeted(ServerExtensions)
        /// The outcome of a message given to ``ClientSession/send(_:)``. The session is
        /// ready for the next message when this comes, unless it failed or is quitting.
        case messageResult(MessageResult)
        /// The session cannot go on. When the server is still listening, QUIT follows and
        /// ``close`` comes after its reply; otherwise ``close`` follows at once (except
        /// after ``ClientSession/connectionClosed()``, when there is nothing to close).
        case sessionFailed(SessionFailure)
    }

    /// Why a session ended before the client was done with it.
    public enum SessionFailure: Sendable, Hashable, CustomStringConvertible {
        /// The server greeted with 4xx or 5xx instead of 220 (RFC 5321 §3.1, §4.3.2).
        case greeting(Reply)
        /// EHLO got a negative reply and so did HELO, or EHLO got a 4xx reply (the
        /// fallback to HELO is for servers that do not know EHLO, RFC 5321 §3.2). The
        /// reply is the last one received.
        case ehloAndHeloRefused(Reply)
        /// ``TLSPolicy/required`` and the server did not offer STARTTLS.
        case startTLSRequiredButNotOffered
        /// ``TLSPolicy/required`` and the server refused STARTTLS (RFC 3207 §4: 454, 501).
        case startTLSRefused(Reply)
        /// AUTH was refused: 535 5.7.8 (bad credentials), 534 5.7.9 (mechanism too weak),
        /// 538 5.7.11 (encryption required), 454 4.7.0 (temporary failure), or any other
        /// negative reply during the exchange (RFC 4954 §6).
        case authenticationFailed(Reply)
        /// Credentials are configured but the server offers neither PLAIN nor LOGIN.
        case authenticationNotOffered
        /// Credentials are configured, TLS is not active and plaintext authentication is
        /// not allowed: the client refuses to reveal the password (RFC 4954 §4, §14).
        case authenticationRequiresTLS
        /// The server said it is closing the connection (421, RFC 5321 §3.8) after the
        /// greeting.
        case serviceClosing(Reply)
        /// A line from the server is not an SMTP reply, is longer than
        /// ``ClientSession/maximumReplyLineLength``, or came when no reply was due.
        case protocolError(String)
        /// The connection closed before the client was done.
        case connectionClosed
        /// The server did not answer in time (``ClientSession/ReplyTimeout``).
        case timeout

        /// The server's reply behind the failure, if there was one.
        public var reply: Reply? {
            switch self {
            case .greeting(let reply), .ehloAndHeloRefused(let reply), .startTLSRefused(let reply),
                .authenticationFailed(let reply), .serviceClosing(let reply):
                reply
            default: nil
            }
        }

        public var description: String {
            switch self {
            case .greeting(let reply): "server refused the connection: \(reply)"
            case .ehloAndHeloRefused(let reply): "server refused EHLO and HELO: \(reply)"
            case .startTLSRequiredButNotOffered: "TLS is required but the server does not offer STARTTLS"
            case .startTLSRefused(let reply): "server refused STARTTLS: \(reply)"
            case .authenticationFailed(let reply): "authentication failed: \(reply)"
            case .authenticationNotOffered: "server offers no authentication mechanism the client supports (PLAIN, LOGIN)"
            case .authenticationRequiresTLS: "credentials are not sent without TLS"
            case .serviceClosing(let reply): "server is closing the connection: \(reply)"
            case .protocolError(let message): "protocol error: \(message)"
            case .connectionClosed: "connection closed by the server"
            case .timeout: "timed out waiting for the server"
            }
        }
    }
}
