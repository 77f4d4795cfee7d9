/// What to do with a bare CR or bare LF (one not part of a CRLF pair) in message content.
///
/// Servers that read a bare LF as a line end can be made to see an end of data where
/// Postamt sees none ("SMTP smuggling", CVE-2023-51764/51765/51766). Postamt itself only
/// ends data at CRLF.CRLF; this policy decides whether such content is kept at all.
public enum BareLineEndingPolicy: String, Sendable, Hashable, CaseIterable {
    /// Reject the message after the final dot with 550 5.6.0; the session goes on.
    case reject
    /// Accept the message, turning every bare CR and bare LF into CRLF, so nothing that
    /// is relayed onwards can be misread by the next server.
    case normalize
}

/// What to do with a text line longer than RFC 5321 §4.5.3.1.6 allows (1000 octets
/// including CRLF).
///
/// The default keeps such lines byte for byte: real mail generators write them, folding
/// would break signatures (DKIM), and SMTP has no ambiguity about them.
public enum LongLinePolicy: String, Sendable, Hashable, CaseIterable {
    case accept
    /// Reject the message after the final dot with 550 5.6.0.
    case reject
}
