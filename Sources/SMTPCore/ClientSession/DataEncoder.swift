/// Turns message content into what a client writes after a 354 reply to DATA: every line
/// ends in CRLF, lines starting with "." get another ".", and "." CRLF ends the data.
///
/// Bare CR and bare LF are written as CRLF. A receiving server might otherwise see a line
/// ending (and an end of data) where this client does not, which is how SMTP smuggling
/// works (CVE-2023-51764/51765/51766); with only CRLF on the wire every next hop frames the
/// message exactly as Postamt did. ``DataDecoder`` is the inverse on the server side.
///
/// - SeeAlso: RFC 5321 §4.5.2 (transparency: dot-stuffing), §4.1.1.4 (the data ends with
///   CRLF "." CRLF, so content must end with CRLF), §2.3.8 (CR and LF only as CRLF).
public enum DataEncoder {
    /// The encoded data, and the size RFC 1870 §3 asks for in SIZE=: the content with its
    /// line endings normalised and a final CRLF, without stuffed dots or the final ".".
    public struct Encoded: Sendable, Hashable {
        /// The content as it goes on the wire: dot-stuffed, every line ending in CRLF,
        /// without the "." line that ends the data.
        public var body: [UInt8]
        public var messageSize: UInt64

        public init(body: [UInt8], messageSize: UInt64) {
            self.body = body
            self.messageSize = messageSize
        }

        /// "." CRLF: the line after ``body`` that ends the data.
        public static let terminator: [UInt8] = [ASCII.dot, ASCII.cr, ASCII.lf]

        /// Everything the client writes after the 354.
        public var bytes: [UInt8] { body + Self.terminator }
    }

    public static func encode(_ content: some Collection<UInt8>) -> Encoded {
        if let encoded = content.withContiguousStorageIfAvailable({ encode(contiguous: $0) }) { return encoded }
        return Array(content).withUnsafeBufferPointer { encode(contiguous: $0) }
    }

    /// Content that needs nothing done, as Postamt stores what it receives (every line
    /// ending in CRLF) when no line starts with a dot, is the body as it is, without a copy.
    public static func encode(_ content: [UInt8]) -> Encoded {
        let plainEnd = content.withUnsafeBytes { LineEndingSearch.plainLines(in: $0, from: 0).end }
        if plainEnd == content.count { return Encoded(body: content, messageSize: UInt64(content.count)) }
        return content.withUnsafeBufferPointer { encode(contiguous: $0) }
    }

    /// Copies whole lines that need nothing done at once, and of the others each run of
    /// ordinary octets, found sixteen octets at a time (``LineEndingSearch``): a message is mostly such lines, and
    /// octet by octet this was the largest cost of relaying large messages.
    private static func encode(contiguous input: UnsafeBufferPointer<UInt8>) -> Encoded {
        var output = [UInt8]()
        output.reserveCapacity(input.count + input.count / 64 + 2)
        var stuffedDots: UInt64 = 0
        var isAtLineStart = true
        var index = 0
        let end = input.count
        while index < end {
            if isAtLineStart {
                // Whole lines that need no stuffing and end in CRLF already, in one copy.
                let plainEnd = LineEndingSearch.plainLines(in: UnsafeRawBufferPointer(input), from: index).end
                if plainEnd > index {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<plainEnd]))
                    index = plainEnd
                    continue
                }
            }
            if isAtLineStart, input[index] == ASCII.dot {
                output.append(ASCII.dot)
                stuffedDots += 1
            }
            let runEnd = LineEndingSearch.firstLineEnding(in: UnsafeRawBufferPointer(input), from: index)
            if runEnd > index {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<runEnd]))
                isAtLineStart = false
            }
            guard runEnd < end else { break }
            // CR LF, a bare CR and a bare LF all end the line as CR LF.
            output.append(ASCII.cr)
            output.append(ASCII.lf)
            isAtLineStart = true
            index = input[runEnd] == ASCII.cr && runEnd + 1 < end && input[runEnd + 1] == ASCII.lf ? runEnd + 2 : runEnd + 1
        }
        // Without a final CRLF the "." would not start a line and the data would not end.
        if !isAtLineStart {
            output.append(ASCII.cr)
            output.append(ASCII.lf)
        }
        return Encoded(body: output, messageSize: UInt64(output.count) - stuffedDots)
    }

    /// The content as one BDAT chunk carries it (RFC 3030 §2): every line ending CRLF and a
    /// final CRLF, as ``normalized(_:)`` makes it, with no dot-stuffing (a chunk is framed
    /// by its size, not by a final "."). Content that is already so, as Postamt stores what
    /// it receives, is returned as it is, without a copy.
    public static func chunk(_ content: [UInt8]) -> [UInt8] {
        let isCanonical = content.withUnsafeBytes { bytes -> Bool in
            var index = 0
            while index < bytes.count {
                let ending = LineEndingSearch.firstLineEnding(in: bytes, from: index)
                guard ending + 1 < bytes.count, bytes[ending] == ASCII.cr, bytes[ending + 1] == ASCII.lf else { return false }
                index = ending + 2
            }
            return true
        }
        return isCanonical ? content : normalized(content)
    }

    /// The content as the receiving server stores it: what ``encode(_:)`` sends, without
    /// dot-stuffing and the final ".".
    public static func normalized(_ content: some Collection<UInt8>) -> [UInt8] {
        var output = [UInt8]()
        var previous: UInt8? = nil
        for byte in content {
            defer { previous = byte }
            if byte == ASCII.lf && previous == ASCII.cr { continue }
            if byte == ASCII.cr || byte == ASCII.lf {
                output.append(ASCII.cr)
                output.append(ASCII.lf)
            } else {
                output.append(byte)
            }
        }
        if let last = output.last, last != ASCII.lf {
            output.append(ASCII.cr)
            output.append(ASCII.lf)
        }
        return output
    }
}
