/// One line of an SMTP dialogue as the client saw it, for logs, `postamt diagnose` and
/// bounce messages.
///
/// Secrets never appear: AUTH lines are written as `<redacted>`, and message content as
/// a single line with its size.
public struct TranscriptLine: Sendable, Hashable, CustomStringConvertible {
    public enum Direction: Sendable, Hashable {
        /// Written by the client (`C:`).
        case client
        /// Received from the server (`S:`).
        case server
        /// Something the client did or decided that is not on the wire (`*`), such as the
        /// TLS handshake or bytes it ignored.
        case note
    }

    public var direction: Direction
    /// The line without CRLF; control characters replaced by spaces.
    public var text: String

    public init(_ direction: Direction, _ text: String) {
        self.init(direction, sanitized: Reply.sanitized(text))
    }

    /// A line whose text ``Reply/sanitized(_:)`` has cleaned already.
    init(_ direction: Direction, sanitized text: String) {
        self.direction = direction
        self.text = text
    }

    public var description: String {
        var line = ""
        append(to: &line)
        return line
    }

    /// Appends the line as ``description`` gives it: a relay writes a transcript of many
    /// lines for every delivery, in one string.
    public func append(to line: inout String) {
        switch direction {
        case .client: line += "C: "
        case .server: line += "S: "
        case .note: line += "* "
        }
        line += text
    }
}
