/// Sizes in the configuration: bytes, or a number with a binary unit (`512K`, `25M`, `1G`),
/// as Postfix and nginx write them.
enum ByteSize {
    static let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]

    static func parse(_ text: String) -> UInt64? {
        var digits = Substring(text)
        var multiplier: UInt64 = 1
        if let last = digits.last, let unit = units[Character(last.uppercased())] {
            multiplier = unit
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let value = UInt64(digits) else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }

    /// The shortest exact way to write `bytes`: `25M`, `1536K`, `1000`.
    static func format(_ bytes: UInt64) -> String {
        for (suffix, unit) in [("T", UInt64(1) << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)]
        where bytes >= unit && bytes % unit == 0 {
            return "\(bytes / unit)\(suffix)"
        }
        return "\(bytes)"
    }

    static let syntaxHint = "a number of bytes or a size such as \"512K\", \"25M\" or \"1G\""
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
