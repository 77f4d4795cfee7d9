import CLineEndings

/// Finds line endings in message content, which is mostly lines of text ending in CRLF: the
/// DATA decoder and the encoder walk every octet of it, and most lines need nothing done.
///
/// The search itself is C (`CLineEndings`): sixteen octets per compare with SSE2, or
/// thirty-two with AVX2 where the processor has it (three compares for a line of 78 octets
/// instead of five), one pass per line. Two `memchr` calls per line (the CR, then no LF
/// before it) cost more in calls than in octets for lines of text, and Swift's own vector
/// types compiled to a slower loop than either (BENCHMARKS.md, "Instructions per message,
/// counted").
enum LineEndingSearch {
    /// The whole lines from `start` (a line's first octet) that SMTP's transparency leaves
    /// as they are: each ends in CRLF, has no other CR or LF, and does not start with a dot.
    /// Returns the offset after the last of them (`start` if there is none) and the longest
    /// one's length without its CRLF.
    ///
    /// Each line's first CR or LF must be a CR with an LF after it. A line not yet ended
    /// ends the plain lines here, and then the rest of `bytes` is one line for the caller,
    /// so no octet is searched twice from here.
    static func plainLines(in bytes: UnsafeRawBufferPointer, from start: Int) -> (end: Int, longestLine: Int) {
        guard start < bytes.count, let base = bytes.baseAddress else { return (start, 0) }
        var longest = 0
        let end = line_endings_plain_lines(base.assumingMemoryBound(to: UInt8.self), bytes.count, start, &longest)
        return (end, longest)
    }

    /// The offset of the first CR or LF in `bytes` at or after `start`, or `bytes.count`.
    static func firstLineEnding(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress else { return bytes.count }
        return line_endings_first(base.assumingMemoryBound(to: UInt8.self), bytes.count, start)
    }
}
