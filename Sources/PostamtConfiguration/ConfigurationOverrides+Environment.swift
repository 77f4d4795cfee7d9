extension ConfigurationOverrides {
    /// Reads the `POSTAMT_*` variables of `environment`.
    ///
    /// List variables are comma-separated, and an empty one means an empty list (so
    /// `POSTAMT_SUBMISSIONS=` turns port 465 off). An empty single-value variable counts
    /// as unset, as container tools often pass `NAME=` for "not given".
    public init(environment: [String: String]) {
        self.init()
        for setting in Setting.allCases {
            guard let value = environment[setting.environmentVariable] else { continue }
            if setting.isList {
                self[setting] = ConfigurationOverrides.splitList(value)
            } else if !value.allSatisfy(\.isWhitespace) {
                self[setting] = [value]
            }
        }
    }

    /// Variables that look like settings but are refused, with the reason: someone who
    /// sets one expects it to work, so ignoring it would fail without a word.
    static let refusedVariables = [
        "POSTAMT_RELAY_PASSWORD":
            "a password is never taken from the environment, which other processes and logs can see; "
            + "write it into a file only Postamt can read and name that with POSTAMT_RELAY_PASSWORD_FILE",
    ]

    /// Splits comma-separated items and drops empty ones: `"a, b,"` is `["a", "b"]`.
    static func splitList(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
