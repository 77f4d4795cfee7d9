/// The `xtext` encoding of RFC 3461 §4, used by ENVID, ORCPT and AUTH= parameters:
/// printable ASCII except `+` and `=` stands for itself, every other octet is `+HH`.
public enum XText {
    public static func encode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            if byte >= 0x21 && byte <= 0x7E && byte != ASCII.plus && byte != ASCII.equals {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "+" + hexDigits(byte)
            }
        }
        return output
    }

    private static func hexDigits(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
    }

    /// Decodes xtext; `nil` if it is malformed or does not decode to UTF-8.
    public static func decode(_ bytes: some Collection<UInt8>) -> String? {
        var output = [UInt8]()
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            guard byte >= 0x21 && byte <= 0x7E && byte != ASCII.equals else { return nil }
            if byte == ASCII.plus {
                // hexchar = "+" 2(%x30-39 / %x41-46): upper-case hex only.
                guard let high = iterator.next(), let low = iterator.next(),
                    let h = upperHex(high), let l = upperHex(low)
                else { return nil }
                output.append(h << 4 | l)
            } else {
                output.append(byte)
            }
        }
        return String(validating: output, as: UTF8.self)
    }

    private static func upperHex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
