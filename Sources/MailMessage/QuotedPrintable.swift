/// The quoted-printable content transfer encoding, used for the explanation in part 1.
///
/// Quoted-printable keeps the explanation 7-bit even in German: a DSN whose returned
/// content is ASCII can then go to any server, whether or not it offers 8BITMIME
/// (RFC 6152), and the text stays readable in the raw message because it is mostly ASCII.
/// It also guarantees short lines (76 characters) whatever the remote reply quoted in it.
///
/// - SeeAlso: RFC 2045 §6.7.
public enum QuotedPrintable {
    /// RFC 2045 §6.7 rule 5: encoded lines are at most 76 characters long.
    private static let lineLimit = 76

    /// Encodes text whose lines are separated by `\n`; the result has CRLF hard line
    /// breaks, soft breaks (`=` CRLF) to keep lines short, and ends with CRLF.
    public static func encode(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var lineLength = 0
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                // Rule 3: a space or tab at the end of a line would be lost by transports
                // that strip trailing white space, so it is encoded there.
                let literal = (byte >= 0x21 && byte <= 0x7E && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !isLast)
                let token: [UInt8] = literal ? [byte] : [UInt8(ascii: "="), hexDigit(byte >> 4), hexDigit(byte & 0x0F)]
                // Keep one column for the "=" of a soft line break, unless this is the end.
                let room = isLast ? lineLimit : lineLimit - 1
                if lineLength + token.count > room {
                    output += [UInt8(ascii: "="), 0x0D, 0x0A]
                    lineLength = 0
                }
                output += token
                lineLength += token.count
            }
            output += [0x0D, 0x0A]
        }
        return output
    }

    /// Decodes quoted-printable; soft line breaks are removed and hard ones kept as they
    /// are. Malformed escapes are kept literally, as RFC 2045 §6.7 note 1 suggests.
    public static func decode(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            // A soft line break: "=" then optional white space then CRLF or LF.
            var next = index + 1
            while next < input.count && (input[next] == 0x20 || input[next] == 0x09) { next += 1 }
            if next < input.count && input[next] == 0x0D && next + 1 < input.count && input[next + 1] == 0x0A {
                index = next + 2
            } else if next < input.count && input[next] == 0x0A {
                index = next + 1
            } else if next == input.count {
                index = next
            } else if index + 2 < input.count, let value = hexByte(input[index + 1], input[index + 2]) {
                output.append(value)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    static func hexByte(_ high: UInt8, _ low: UInt8) -> UInt8? {
        guard let h = hexValue(high), let l = hexValue(low) else { return nil }
        return h << 4 | l
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        Array("0123456789ABCDEF".utf8)[Int(value)]
    }
}
