/// Byte classes from RFC 5234 (core ABNF rules) and RFC 5321 §4.1.2, used by the parsers.
enum ASCII {
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let at: UInt8 = 0x40
    static let lessThan: UInt8 = 0x3C
    static let greaterThan: UInt8 = 0x3E
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let equals: UInt8 = 0x3D
    static let comma: UInt8 = 0x2C
    static let plus: UInt8 = 0x2B
    static let hyphen: UInt8 = 0x2D
    static let openBracket: UInt8 = 0x5B
    static let closeBracket: UInt8 = 0x5D

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isAlphaNumeric(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) }
    @inline(__always) static func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) }
    @inline(__always) static func lowercased(_ b: UInt8) -> UInt8 { isAlpha(b) ? b | 0x20 : b }
    @inline(__always) static func uppercased(_ b: UInt8) -> UInt8 { isAlpha(b) ? b & ~0x20 : b }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }

    /// RFC 5322 atext (as RFC 5321 uses it for Dot-string atoms).
    @inline(__always) static func isAtext(_ b: UInt8) -> Bool {
        if isAlphaNumeric(b) { return true }
        switch b {
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2F, 0x3D, 0x3F, 0x5E, 0x5F, 0x60, 0x7B, 0x7C,
            0x7D, 0x7E:
            return true
        default:
            return false
        }
    }

    /// Appends the decimal digits of a number that is not negative, without leading zeros.
    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        precondition(value >= 0, "only numbers that are not negative")
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(0x30 + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Compares bytes with an ASCII keyword, ignoring case.
    static func equalsIgnoringCase(_ bytes: some Collection<UInt8>, _ keyword: String) -> Bool {
        guard bytes.count == keyword.utf8.count else { return false }
        return zip(bytes, keyword.utf8).allSatisfy { lowercased($0) == lowercased($1) }
    }

    /// Whether `bytes` begins with `prefix`, ignoring ASCII case.
    static func hasPrefixIgnoringCase(_ bytes: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        guard bytes.count >= prefix.utf8.count else { return false }
        return zip(bytes, prefix.utf8).allSatisfy { lowercased($0) == lowercased($1) }
    }
}
