import SMTPCore

/// Why a connection to another SMTP server did not get as far as it should have.
public enum SMTPClientError: Error, Sendable, CustomStringConvertible {
    /// The TCP connection could not be made (refused, unreachable, timed out); ``connectFailure``
    /// tells which.
    case connectionFailed(String)
    /// The TLS handshake failed (certificate, protocol version, a plaintext server on an
    /// implicit-TLS port).
    case tlsFailed(String)
    /// The SMTP session failed; the transcript shows where.
    case session(ClientSession.SessionFailure, transcript: [TranscriptLine])

    public var description: String {
        switch self {
        case .connectionFailed(let detail): "connection failed: \(detail)"
        case .tlsFailed(let detail): "TLS failed: \(detail)"
        case .session(let failure, _): "\(failure)"
        }
    }

    /// Why the TCP connection failed, as far as the system said.
    public enum ConnectFailure: Sendable, Hashable {
        /// Nothing listens there: the host answered with a reset (ECONNREFUSED).
        case refused
        /// No answer within the connect timeout: packets dropped by a firewall, or the
        /// host is down.
        case timedOut
        case other
    }

    /// For ``connectionFailed(_:)``: which kind of failure it was; nil for other errors.
    public var connectFailure: ConnectFailure? {
        guard case .connectionFailed(let detail) = self else { return nil }
        if detail.contains("ECONNREFUSED") || detail.contains("Connection refused") || detail.contains("errno: 111") { return .refused }
        if detail.contains("connectTimeout") || detail.contains("timed out") || detail.contains("ETIMEDOUT") { return .timedOut }
        return .other
    }

    /// The server's reply behind the failure, if there was one.
    public var reply: Reply? {
        if case .session(let failure, _) = self { return failure.reply }
        return nil
    }
}
