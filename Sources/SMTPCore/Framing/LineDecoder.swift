/// Cuts a byte stream into lines, buffering at most `maximumLineLength` octets.
///
/// A line ends at LF; one CR right before the LF is removed with it. A CR elsewhere stays
/// in the line, so the command parser can reject it. Accepting a bare LF as the end of a
/// *command* line (as Postfix does) is harmless; message content is framed by
/// ``DataDecoder``, which only ever ends at CRLF.CRLF.
///
/// A line longer than the limit is discarded up to its LF and reported once as
/// ``Line/tooLong``, so a client cannot make the server buffer without bound.
public struct LineDecoder: Sendable {
    /// The longest line accepted, counting its CRLF.
    public let maximumLineLength: Int
    private var buffer: [UInt8] = []
    private var isDiscarding = false

    public init(maximumLineLength: Int) {
        precondition(maximumLineLength >= 3)
        self.maximumLineLength = maximumLineLength
    }

    public enum Line: Sendable, Hashable {
        /// A complete line without its line ending.
        case line([UInt8])
        /// A line that exceeded ``LineDecoder/maximumLineLength``; its bytes were dropped.
        case tooLong
    }

    /// Whether part of a line is buffered.
    public var hasPartialLine: Bool { !buffer.isEmpty || isDiscarding }

    /// Takes bytes from the front of `input` up to and including the next LF and returns
    /// the line; returns `nil` after taking all of `input` when it holds no LF.
    public mutating func decodeLine(_ input: inout ArraySlice<UInt8>) -> Line? {
        guard let lf = input.firstIndex(of: ASCII.lf) else {
            if !isDiscarding {
                if buffer.count + input.count > maximumLineLength {
                    isDiscarding = true
                    buffer.removeAll(keepingCapacity: false)
                } else {
                    buffer.append(contentsOf: input)
                }
            }
            input = input[input.endIndex...]
            return nil
        }
        let chunk = input[..<lf]
        input = input[(lf + 1)...]
        let endsWithCR = chunk.last == ASCII.cr || (chunk.isEmpty && buffer.last == ASCII.cr)
        let contentLength = buffer.count + chunk.count - (endsWithCR ? 1 : 0)
        if isDiscarding || contentLength + 2 > maximumLineLength {
            isDiscarding = false
            buffer.removeAll(keepingCapacity: true)
            return .tooLong
        }
        var line: [UInt8]
        if buffer.isEmpty {
            line = Array(chunk)
        } else {
            buffer.append(contentsOf: chunk)
            line = buffer
            buffer.removeAll(keepingCapacity: true)
        }
        if line.last == ASCII.cr { line.removeLast() }
        return .line(line)
    }

    /// Drops any partial line, e.g. when the session switches to TLS.
    public mutating func reset() {
        buffer.removeAll(keepingCapacity: false)
        isDiscarding = false
    }
}
