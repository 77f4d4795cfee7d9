/// Comparison whose duration does not reveal where two byte strings differ.
public enum ConstantTime {
    /// Whether `a` and `b` are equal; looks at every byte of the longer one whatever their
    /// contents, so an attacker timing `verify` learns nothing about how much of a guess matched.
    /// (The lengths are not secret: they follow from the method.)
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
