#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds line endings in message content, which is mostly lines of text ending in CRLF: the
/// DATA decoder and the encoder walk every octet of it, and most lines need nothing done.
enum LineEndingSearch {
    /// The whole lines from `start` (a line's first octet) that SMTP's transparency leaves
    /// as they are: each ends in CRLF, has no other CR or LF, and does not start with a dot.
    /// Returns the offset after the last of them (`start` if there is none) and the longest
    /// one's length without its CRLF.
    ///
    /// `memchr`, which looks at 16 or 32 octets per step, finds each line's CR, and then
    /// makes sure that no LF comes before it; the caller takes the lines in one copy. A
    /// search that finds no CR at all ends the lines here, and then the rest of `bytes` is
    /// one line for the caller, so no octet is searched twice from here.
    static func plainLines(in bytes: UnsafeRawBufferPointer, from start: Int) -> (end: Int, longestLine: Int) {
        guard let base = bytes.baseAddress else { return (start, 0) }
        var lineStart = start
        var longest = 0
        while lineStart < bytes.count, bytes[lineStart] != ASCII.dot {
            guard let found = memchr(base + lineStart, CInt(ASCII.cr), bytes.count - lineStart) else { break }
            let cr = base.distance(to: UnsafeRawPointer(found))
            guard cr + 1 < bytes.count, bytes[cr + 1] == ASCII.lf,
                  memchr(base + lineStart, CInt(ASCII.lf), cr - lineStart) == nil
            else { break }
            longest = max(longest, cr - lineStart)
            lineStart = cr + 2
        }
        return (lineStart, longest)
    }

    /// The offset of the first CR or LF in `bytes` at or after `start`, or `bytes.count`.
    static func firstLineEnding(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var offset = start
        while offset + 8 <= bytes.count {
            // The first octet in memory is the lowest in the word, whatever the host.
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            let found = zeroOctets(word ^ 0x0D0D_0D0D_0D0D_0D0D) | zeroOctets(word ^ 0x0A0A_0A0A_0A0A_0A0A)
            if found != 0 { return offset + found.trailingZeroBitCount / 8 }
            offset += 8
        }
        while offset < bytes.count, bytes[offset] != ASCII.cr, bytes[offset] != ASCII.lf { offset += 1 }
        return offset
    }

    /// The high bit of each octet of `word` that is zero; octets above the lowest zero one
    /// may be flagged wrongly (a borrow), the lowest one never.
    private static func zeroOctets(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }
}
