import SMTPCore

/// Why a connection to another SMTP server did not get as far as it should have.
public enum SMTPClientError: Error, Sendable, CustomStringConvertible {
    /// The TCP connection could not be made (refused, unreachable, timed out).
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

    /// The server's reply behind the failure, if there was one.
    public var reply: Reply? {
        if case .session(let failure, _) = self { return failure.reply }
        return nil
    }
}
