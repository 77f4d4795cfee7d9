/// Reading the header section of a message (RFC 5322 §2.2): where it ends, and its
/// fields unfolded.
///
/// Written for CRLF content as the DATA decoder produces it; a bare LF is also taken as a
/// line end so that files written with Unix line endings can be read too.
public enum MessageHeaders {
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D
    private static let space: UInt8 = 0x20
    private static let tab: UInt8 = 0x09
    private static let colon: UInt8 = 0x3A

    /// The offset just after the empty line that ends the header section (so the body
    /// starts there), or `nil` when there is no empty line, i.e. the content is all header
    /// or incomplete.
    public static func endOfHeader(in bytes: some Collection<UInt8>) -> Int? {
        var offset = 0
        var lineLength = 0
        var previous: UInt8 = 0
        for byte in bytes {
            offset += 1
            if byte == lf {
                if lineLength == 0 || (lineLength == 1 && previous == cr) { return offset }
                lineLength = 0
            } else {
                lineLength += 1
            }
            previous = byte
        }
        return nil
    }

    /// The fields of the header section in order, unfolded (RFC 5322 §2.2.3: the line
    /// breaks before continuation lines are removed, the white space kept).
    ///
    /// Names keep their case; values lose the white space after the colon and at the end.
    /// Lines that are neither a field nor a continuation (no colon) are skipped. Bytes that
    /// are not UTF-8 are replaced by U+FFFD.
    public static func fields(_ bytes: some Collection<UInt8>) -> [(name: String, value: String)] {
        // Only the header section is copied: the body may be many megabytes.
        let header = Array(bytes.prefix(endOfHeader(in: bytes) ?? bytes.count))[...]
        var result: [(name: [UInt8], value: [UInt8])] = []
        var inField = false
        for var line in header.split(separator: lf, omittingEmptySubsequences: false) {
            if line.last == cr { line = line.dropLast() }
            if line.isEmpty { continue }
            if line.first == space || line.first == tab {
                if inField { result[result.count - 1].value += line }
                continue
            }
            guard let colonIndex = line.firstIndex(of: colon) else {
                inField = false
                continue
            }
            result.append((trimmed(line[..<colonIndex]), Array(line[(colonIndex + 1)...])))
            inField = true
        }
        return result.map {
            (String(decoding: $0.name, as: UTF8.self), String(decoding: trimmed($0.value[...]), as: UTF8.self))
        }
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        let isWhite = { (byte: UInt8) in byte == space || byte == tab }
        guard let first = bytes.firstIndex(where: { !isWhite($0) }), let last = bytes.lastIndex(where: { !isWhite($0) }) else {
            return []
        }
        return Array(bytes[first...last])
    }
}
