/// Finds the next CR or LF eight octets at a time: message content is mostly lines of text
/// with neither, and both the DATA decoder and the encoder walk every octet of it.
enum LineEndingSearch {
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
