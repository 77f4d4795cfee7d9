import MailMessage

/// The original message as part 3 of a DSN returns it: with CRLF line endings, its header
/// section split off, and what it contains that limits how it can be returned.
///
/// - SeeAlso: RFC 3464 §2 (the third part), RFC 6522 §4 (text/rfc822-headers), RFC 6532
///   §3.7 (message/global), RFC 6533 §6.3 (message/global-headers).
struct ReturnedMessage {
    /// RFC 5322 §2.1.1 and RFC 5321 §4.5.3.1.6: no line longer than 998 octets plus CRLF.
    static let lineLimit = 998

    /// The header section, each line ending in CRLF, without the empty line that ends it.
    /// Lines over 998 octets are cut with a fold (CRLF and a space), which keeps the field
    /// readable as a continuation line; this part is for people, and a folded header
    /// field is better than a DSN that is truncated or refused on the way.
    let header: [UInt8]
    /// The whole message with CRLF line endings.
    let full: [UInt8]
    /// The header section holds octets over 127: UTF-8 (RFC 6532), so the part must be
    /// message/global or message/global-headers.
    let headerIsEightBit: Bool
    /// Any octet over 127 anywhere (the whole message needs 8BITMIME to travel).
    let fullIsEightBit: Bool
    /// The whole message can be returned as it is: no line over 998 octets and no NUL,
    /// which a message/rfc822 part may not hold (RFC 2046 §5.2.1: 7bit or 8bit only).
    let fullIsReturnable: Bool
    /// The fields of the header section, unfolded, for the Subject and Message-ID.
    let fields: [(name: String, value: String)]

    init(_ original: [UInt8]) {
        let normalized = Self.withCRLF(original)
        full = normalized
        let headerEnd = MessageHeaders.endOfHeader(in: normalized)
        // Without an empty line the whole message is header (RFC 5322 §2.1: the body is
        // optional).
        var headerBytes = Array(normalized[..<(headerEnd.map { $0 - 2 } ?? normalized.count)])
        if !headerBytes.isEmpty && headerBytes.last != 0x0A { headerBytes += [0x0D, 0x0A] }
        header = Self.foldingLongLines(headerBytes.filter { $0 != 0 })
        headerIsEightBit = headerBytes.contains { $0 >= 0x80 }
        fullIsEightBit = normalized.contains { $0 >= 0x80 }
        fullIsReturnable = !normalized.contains(0) && Self.longestLine(normalized) <= Self.lineLimit
        fields = MessageHeaders.fields(normalized)
    }

    /// The first field named `name` (case-insensitive), unfolded.
    func field(_ name: String) -> String? {
        let lower = name.lowercased()
        return fields.first { $0.name.lowercased() == lower }?.value
    }

    /// Every line ending becomes CRLF: a bare LF or bare CR would otherwise end up in a
    /// DSN that must use CRLF only (RFC 5322 §2.3), and messages read from files may have
    /// Unix line endings. Content from the DATA decoder is already CRLF and unchanged.
    static func withCRLF(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 50)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D {
                output += [0x0D, 0x0A]
                if index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
            } else if byte == 0x0A {
                output += [0x0D, 0x0A]
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    static func longestLine(_ bytes: [UInt8]) -> Int {
        var longest = 0
        var current = 0
        for byte in bytes {
            if byte == 0x0A {
                longest = max(longest, current - 1)
                current = 0
            } else {
                current += 1
            }
        }
        return max(longest, current)
    }

    /// Lines (CRLF-terminated) over the limit are cut into pieces joined by CRLF and a
    /// space. Cuts avoid the middle of a UTF-8 sequence.
    static func foldingLongLines(_ bytes: [UInt8]) -> [UInt8] {
        guard longestLine(bytes) > lineLimit else { return bytes }
        var output: [UInt8] = []
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            var content = line.dropLast()[...]  // without its CR
            var prefix: [UInt8] = []
            while prefix.count + content.count > lineLimit {
                var cut = content.startIndex + (lineLimit - prefix.count)
                while cut > content.startIndex && content[cut] & 0xC0 == 0x80 { cut -= 1 }
                // Not UTF-8 at all: cut anywhere rather than loop.
                if cut == content.startIndex { cut = content.startIndex + (lineLimit - prefix.count) }
                output += prefix + content[..<cut] + [0x0D, 0x0A]
                content = content[cut...]
                prefix = [0x20]
            }
            output += prefix + content + [0x0D, 0x0A]
        }
        return output
    }
}
