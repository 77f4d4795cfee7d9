/// A setting in a check against another one, with its value as shown in messages and
/// where it was set (nil: a default).
struct OrderedSetting {
    /// The file key, e.g. `retry.first_interval`.
    var key: String
    var value: String
    var origin: Origin?
}

/// Checks between two settings where one must not exceed the other, such as
/// `retry.first_interval` ≤ `retry.max_interval`.
enum OrderCheck {
    /// The error for `smaller` exceeding `larger` (or not being below it, `strictly`).
    ///
    /// It is blamed on whichever of the two was set last (flags over environment over file;
    /// the larger one if both come from the same source), as that is the one that made the
    /// pair wrong. The other may be a default or in another source the reader has not in
    /// view, so the message gives its value and where it came from.
    ///
    /// - Parameter unit: whether the values are durations ("as long as") or counts.
    static func error(_ smaller: OrderedSetting, _ larger: OrderedSetting, strictly: Bool, unit: Bool = true) -> ConfigurationError? {
        let blameLarger = rank(larger) >= rank(smaller)
        let (blamed, other) = blameLarger ? (larger, smaller) : (smaller, larger)
        guard let origin = blamed.origin else { return nil }
        let relation =
            if blameLarger { strictly ? "longer than" : unit ? "at least as long as" : "at least" }
            else { strictly ? "shorter than" : unit ? "at most as long as" : "at most" }
        return origin.error(blamed.key, "must be \(relation) \(describe(other, beside: origin))")
    }

    private static func rank(_ setting: OrderedSetting) -> Int {
        setting.origin?.source.rank ?? -1
    }

    /// `retry.first_interval (5m by default)`, `POSTAMT_RETRY_FIRST (10m)`, or with the line
    /// when the blamed setting is not in the file: `retry.first_interval (10m on line 3)`.
    private static func describe(_ setting: OrderedSetting, beside blamed: Origin) -> String {
        guard let origin = setting.origin else { return "\(setting.key) (\(setting.value) by default)" }
        switch origin.source {
        case .file:
            let line = blamed.source == origin.source ? "" : origin.line.map { " on line \($0)" } ?? " in the file"
            return "\(setting.key) (\(setting.value)\(line))"
        case .environment(let variable): return "\(variable) (\(setting.value))"
        case .flag(let flag): return "\(flag) (\(setting.value))"
        }
    }
}
