/// Durations in the configuration: whole seconds, or a number with a unit (`30s`, `5m`,
/// `1h`, `5d`), as Postfix writes its time limits.
enum DurationText {
    static let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400]

    static func parse(_ text: String) -> Duration? {
        var digits = Substring(text)
        var multiplier: Int64 = 1
        if let last = digits.last, let unit = units[last] {
            multiplier = unit
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let value = Int64(digits) else { return nil }
        let (seconds, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : .seconds(seconds)
    }

    /// The shortest exact way to write `duration` in whole seconds: `5m`, `90s`, `4h`.
    static func format(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        guard duration.components.attoseconds == 0, seconds > 0 else { return "\(duration)" }
        for (suffix, unit) in [("w", Int64(7 * 86400)), ("d", 86400), ("h", 3600), ("m", 60)] where seconds % unit == 0 {
            return "\(seconds / unit)\(suffix)"
        }
        return "\(seconds)s"
    }

    static let syntaxHint = "whole seconds or a duration such as \"30s\", \"5m\", \"1h\" or \"5d\""
}
