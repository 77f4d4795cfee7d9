import SMTPCore

/// Reads record data (RDATA) in DNS wire format, as libunbound hands it over: one item per
/// record, without the length prefix, with domain names uncompressed.
///
/// Each reader returns `nil` for malformed data; ``UnboundAnswer`` turns that into a
/// ``DNSError/temporaryFailure(_:)``: it is a fault on the answering side that may be
/// repaired, and bouncing mail over it would be harsher than waiting.
///
/// - SeeAlso: RFC 1035 §3.3 and §4.1.4.
enum RData {
    /// MX: a 16-bit preference and the exchange's name (RFC 1035 §3.3.9).
    static func mx(_ data: [UInt8]) -> MXRecord? {
        var reader = Reader(data)
        guard let preference = reader.uint16(), let exchange = reader.name(), reader.isAtEnd else { return nil }
        return MXRecord(preference: preference, exchange: exchange)
    }

    /// SRV: priority, weight and port, 16 bits each, then the target's name (RFC 2782).
    static func srv(_ data: [UInt8]) -> SRVRecord? {
        var reader = Reader(data)
        guard let priority = reader.uint16(), let weight = reader.uint16(), let port = reader.uint16(),
            let target = reader.name(), reader.isAtEnd
        else { return nil }
        return SRVRecord(priority: priority, weight: weight, port: port, target: target)
    }

    /// TXT: one or more character-strings, each a length octet and that many octets
    /// (RFC 1035 §3.3.14). They are concatenated without separators, as SPF (RFC 7208
    /// §3.3) and DMARC require; octets that are not UTF-8 become U+FFFD.
    static func txt(_ data: [UInt8]) -> String? {
        var reader = Reader(data)
        var text = [UInt8]()
        while !reader.isAtEnd {
            guard let length = reader.uint8(), let part = reader.bytes(Int(length)) else { return nil }
            text += part
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A: four octets (RFC 1035 §3.4.1).
    static func a(_ data: [UInt8]) -> IPAddress? {
        guard data.count == 4 else { return nil }
        return .v4(data.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }

    /// AAAA: sixteen octets (RFC 3596 §2.2).
    static func aaaa(_ data: [UInt8]) -> IPAddress? {
        guard data.count == 16 else { return nil }
        return .v6(data)
    }

    /// A cursor over one item of record data.
    struct Reader {
        private let data: [UInt8]
        private var offset = 0

        init(_ data: [UInt8]) { self.data = data }

        var isAtEnd: Bool { offset == data.count }

        mutating func uint8() -> UInt8? {
            guard offset < data.count else { return nil }
            defer { offset += 1 }
            return data[offset]
        }

        mutating func uint16() -> UInt16? {
            guard let high = uint8(), let low = uint8() else { return nil }
            return UInt16(high) << 8 | UInt16(low)
        }

        mutating func bytes(_ count: Int) -> ArraySlice<UInt8>? {
            guard data.count - offset >= count else { return nil }
            defer { offset += count }
            return data[offset..<offset + count]
        }

        /// An uncompressed domain name in text form without the trailing dot; the root is
        /// `"."`. Octets other than letters, digits, `-` and `_` are written as `\DDD`
        /// (RFC 1035 §5.1), so that a label holding a dot cannot pass for two labels.
        /// A compression pointer is refused: record data from libunbound never has one.
        mutating func name() -> String? {
            var labels = [String]()
            var wireLength = 0
            while true {
                guard let length = uint8() else { return nil }
                wireLength += 1 + Int(length)
                // 0xC0 marks a pointer, 0x40 and 0x80 are reserved label types (RFC 6891 §5).
                guard length & 0xC0 == 0, wireLength <= 255 else { return nil }
                if length == 0 { break }
                guard let label = bytes(Int(length)) else { return nil }
                labels.append(Self.presentation(label))
            }
            return labels.isEmpty ? "." : labels.joined(separator: ".")
        }

        private static func presentation(_ label: ArraySlice<UInt8>) -> String {
            var text = ""
            for byte in label {
                if DNSName.isNameByte(byte) {
                    text.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    let digits = String(byte)
                    text += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
                }
            }
            return text
        }
    }
}
