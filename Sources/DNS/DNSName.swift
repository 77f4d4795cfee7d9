/// Checks and normalizes the names handed to a resolver.
///
/// Only names made of ASCII letters, digits, `-` and `_` are asked for. DNS itself allows
/// any octet in a label, but libunbound reads names in presentation format, where `\` and
/// `.` inside a label would be interpreted; host names (RFC 1123 §2.1) and the underscore
/// names of SRV, DMARC and DKIM (RFC 8552) need nothing more. Internationalized names must
/// be converted to A-labels (`xn--…`) before they get here.
enum DNSName {
    /// RFC 1035 §2.3.4: 63 octets per label, 255 octets in wire form, which leaves 253
    /// characters in text form without the trailing dot.
    static let maximumLabelLength = 63
    static let maximumLength = 253

    /// The name without its trailing dot, or `invalidName` if it cannot be asked for.
    static func validated(_ name: String) throws(DNSError) -> String {
        var bytes = Array(name.utf8)
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        guard !bytes.isEmpty, bytes.count <= maximumLength else { throw .invalidName(name) }
        var labelLength = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0 else { throw .invalidName(name) }
                labelLength = 0
                continue
            }
            guard isNameByte(byte) else { throw .invalidName(name) }
            labelLength += 1
            guard labelLength <= maximumLabelLength else { throw .invalidName(name) }
        }
        guard labelLength > 0 else { throw .invalidName(name) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The form in which names are compared: ASCII lowercased (DNS compares names without
    /// regard to case, RFC 4343), without a trailing dot. The root stays `"."`.
    static func normalized(_ name: String) -> String {
        var bytes = name.utf8.map { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 0x20 : byte
        }
        if bytes.count > 1, bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
