/// Strict base64 (RFC 4648 §4) as SASL in SMTP uses it (RFC 4954 §4): the standard
/// alphabet, padding required, no white space or line breaks.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var output = [UInt8]()
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index + 2 < input.count {
            let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(alphabet[Int(value >> 6 & 63)])
            output.append(alphabet[Int(value & 63)])
            index += 3
        }
        let remaining = input.count - index
        if remaining == 1 {
            let value = UInt32(input[index]) << 16
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(0x3D)
            output.append(0x3D)
        } else if remaining == 2 {
            let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(alphabet[Int(value >> 6 & 63)])
            output.append(0x3D)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes strict base64; `nil` for anything else, including non-canonical padding bits.
    public static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        let input = Array(text)
        guard input.count % 4 == 0 else { return nil }
        var output = [UInt8]()
        output.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let isLast = index + 4 == input.count
            let padding = isLast ? (input[index + 3] == 0x3D ? (input[index + 2] == 0x3D ? 2 : 1) : 0) : 0
            var value: UInt32 = 0
            for offset in 0..<(4 - padding) {
                let digit = decodeTable[Int(input[index + offset])]
                guard digit != 0xFF else { return nil }
                value |= UInt32(digit) << (18 - 6 * UInt32(offset))
            }
            switch padding {
            case 0:
                output.append(UInt8(value >> 16 & 0xFF))
                output.append(UInt8(value >> 8 & 0xFF))
                output.append(UInt8(value & 0xFF))
            case 1:
                guard value & 0xFF == 0 else { return nil }
                output.append(UInt8(value >> 16 & 0xFF))
                output.append(UInt8(value >> 8 & 0xFF))
            default:
                guard value & 0xFFFF == 0 else { return nil }
                output.append(UInt8(value >> 16 & 0xFF))
            }
            index += 4
        }
        return output
    }

    public static func decode(_ text: String) -> [UInt8]? { decode(Array(text.utf8)) }
}
