import CLineEndings
import PropertyBased
import Testing

@testable import SMTPCore

@Suite("Line ending search: the whole plain lines the DATA decoder and encoder take in one copy")
struct LineEndingSearchTests {
    /// The lines `plainLines` must take, one octet at a time.
    private static func definition(_ bytes: [UInt8], from start: Int) -> (end: Int, longestLine: Int) {
        var line = start
        var longest = 0
        while line < bytes.count, bytes[line] != ASCII.dot {
            var index = line
            while index < bytes.count, bytes[index] != ASCII.cr, bytes[index] != ASCII.lf { index += 1 }
            guard index + 1 < bytes.count, bytes[index] == ASCII.cr, bytes[index + 1] == ASCII.lf else { break }
            longest = max(longest, index - line)
            line = index + 2
        }
        return (line, longest)
    }

    private func plainLines(_ bytes: [UInt8], from start: Int) -> (end: Int, longestLine: Int) {
        bytes.withUnsafeBytes { LineEndingSearch.plainLines(in: $0, from: start) }
    }

    /// Both widths of the search, each held to the definition: sixteen octets per compare,
    /// and thirty-two where the processor has AVX2 (the one `plainLines` then uses).
    private static let widths: [Int32] = line_endings_wide_search_available() != 0 ? [0, 1] : [0]

    private func plainLines(_ bytes: [UInt8], from start: Int, wide: Int32) -> (end: Int, longestLine: Int) {
        bytes.withUnsafeBufferPointer { buffer in
            var longest = 0
            guard let base = buffer.baseAddress, start < buffer.count else { return (start, 0) }
            let end = line_endings_plain_lines_with(base, buffer.count, start, &longest, wide)
            return (end, longest)
        }
    }

    @Test("the same end and longest line as the definition, for lines of any length and anything that ends them, from any start, in both widths")
    func matchesDefinition() async {
        // Runs of ordinary octets of many lengths, and everything that ends the plain lines.
        let pieces = Gen<String>.oneOf(
            Gen<Int>.int(in: 0...140).map { String(repeating: "x", count: $0) },
            pick(["\r\n", "\r\n", "\r\n", "\n", "\r", ".", "..", "é", "\r\n.", "\0"])
        )
        let cases = zip(pieces.array(of: 0...60), Gen<Int>.int(in: 0...2000))
        await propertyCheck(count: 2000, input: cases) { parts, startChoice in
            let bytes = Array(parts.joined().utf8)
            let start = bytes.isEmpty ? 0 : startChoice % (bytes.count + 1)
            let found = plainLines(bytes, from: start)
            let expected = Self.definition(bytes, from: start)
            #expect(found.end == expected.end && found.longestLine == expected.longestLine, "\(bytes.count) octets from \(start)")
            for wide in Self.widths {
                let inWidth = plainLines(bytes, from: start, wide: wide)
                #expect(inWidth.end == expected.end && inWidth.longestLine == expected.longestLine, "width \(wide): \(bytes.count) octets from \(start)")
            }
        }
    }

    @Test("the first CR or LF, in both widths, wherever it lies relative to blocks of sixteen and thirty-two octets")
    func firstLineEndingInBothWidths() {
        for length in 0...100 {
            for position in 0...length {
                for ending in [ASCII.cr, ASCII.lf] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                    if position < length { bytes[position] = ending }
                    for start in [0, 1, 15, 31, 33].filter({ $0 <= length }) {
                        let expected = position < length && position >= start ? position : length
                        let byDefault = bytes.withUnsafeBytes { LineEndingSearch.firstLineEnding(in: $0, from: start) }
                        #expect(byDefault == expected)
                        for wide in Self.widths {
                            let found = bytes.withUnsafeBufferPointer { buffer in
                                buffer.baseAddress.map { line_endings_first_with($0, buffer.count, start, wide) } ?? 0
                            }
                            #expect(found == expected, "width \(wide), \(length) octets, ending at \(position), from \(start)")
                        }
                    }
                }
            }
        }
    }

    @Test("lines of text up to a bare LF, a dot at a line's start, a bare CR or a line not yet ended")
    func stops() {
        let line = Array(String(repeating: "y", count: 70).utf8) + [ASCII.cr, ASCII.lf]
        let text = line + line + line
        #expect(plainLines(text, from: 0) == (216, 70))
        #expect(plainLines(text + Array("abc\ndef\r\n".utf8), from: 0) == (216, 70))
        #expect(plainLines(text + Array(".dot\r\n".utf8), from: 0) == (216, 70))
        #expect(plainLines(text + Array("a\rb\r\n".utf8), from: 0) == (216, 70))
        #expect(plainLines(text + Array("not ended".utf8), from: 0) == (216, 70))
        #expect(plainLines(text + [ASCII.cr], from: 0) == (216, 70))
        #expect(plainLines(text, from: 72) == (216, 70))
        #expect(plainLines(text, from: 216) == (216, 0))
        #expect(plainLines(Array("short\r\n".utf8) + line, from: 0) == (79, 70))
    }
}
