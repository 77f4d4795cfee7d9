import SMTPCore

/// A value that failed its check, with the message that says why.
struct InvalidValue: Error, Hashable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}

/// The checks shared by the file, the environment and the flags, so that a value means
/// the same and fails with the same words wherever it is written.
enum SettingValue {
    static func hostname(_ text: String) -> Result<String, InvalidValue> {
        guard DomainName.isValid(text) else {
            return .failure(InvalidValue("'\(text)' is not a host name; write a domain such as mail.example.com"))
        }
        return .success(DomainName.normalized(text))
    }

    static func domain(_ text: String) -> Result<String, InvalidValue> {
        guard DomainName.isValid(text) else {
            return .failure(InvalidValue("'\(text)' is not a domain name"))
        }
        return .success(DomainName.normalized(text))
    }

    static func network(_ text: String) -> Result<IPNetwork, InvalidValue> {
        guard let network = IPNetwork(text.trimmingWhitespace()) else {
            return .failure(InvalidValue("'\(text)' is not an IP network; write an address or CIDR such as 192.0.2.0/24 or 2001:db8::/32"))
        }
        return .success(network)
    }

    static func path(_ text: String) -> Result<String, InvalidValue> {
        text.allSatisfy(\.isWhitespace) ? .failure(InvalidValue("must not be empty")) : .success(text)
    }

    static func listener(_ text: String, role: Listener.Role) -> Result<Listener, InvalidValue> {
        let example = role == .mx ? "0.0.0.0:25 or [::]:25" : role == .submission ? "0.0.0.0:587" : "0.0.0.0:465"
        switch HostPort.parse(text, portRequired: true) {
        case .success(let address): return .success(Listener(role: role, host: address.host, port: address.port!))
        case .failure(let problem): return .failure(InvalidValue(problem.message(text, example: example)))
        }
    }

    static func role(_ text: String) -> Result<Listener.Role, InvalidValue> {
        enumeration(text, Listener.Role.self, what: "role")
    }

    static func logLevel(_ text: String) -> Result<LogLevel, InvalidValue> {
        enumeration(text.lowercased(), LogLevel.self, what: "log level")
    }

    /// One of an enumeration's raw values, or an error listing them all.
    static func enumeration<Value: RawRepresentable & CaseIterable>(
        _ text: String, _ type: Value.Type, what: String
    ) -> Result<Value, InvalidValue> where Value.RawValue == String {
        if let value = Value(rawValue: text) { return .success(value) }
        let names = Value.allCases.map(\.rawValue)
        return .failure(InvalidValue("unknown \(what) '\(text)'\(Suggestion.hint(for: text, in: names)); use one of: \(names.joined(separator: ", "))"))
    }

    static func messageSize(_ text: String) -> Result<UInt64, InvalidValue> {
        guard let bytes = ByteSize.parse(text.trimmingWhitespace()) else {
            return .failure(InvalidValue("'\(text)' is not a size; write \(ByteSize.syntaxHint)"))
        }
        return messageSize(bytes)
    }

    static func messageSize(_ bytes: UInt64) -> Result<UInt64, InvalidValue> {
        guard bytes >= Limits.smallestMessageSizeLimit else {
            return .failure(InvalidValue("must be at least 64K: RFC 5321 §4.5.3.1.7 requires servers to accept messages of 64K octets"))
        }
        return .success(bytes)
    }

    static func duration(_ text: String) -> Result<Duration, InvalidValue> {
        guard let parsed = DurationText.parse(text.trimmingWhitespace()) else {
            return .failure(InvalidValue("'\(text)' is not a duration; write \(DurationText.syntaxHint)"))
        }
        return duration(parsed)
    }

    /// Every duration in the configuration is a wait or a limit, for which 0 makes no sense.
    static func duration(_ duration: Duration) -> Result<Duration, InvalidValue> {
        duration > .zero ? .success(duration) : .failure(InvalidValue("must be longer than 0 seconds"))
    }

    static let delayNoticeHint = "must be a duration such as \"4h\", or false for no delay notices"

    /// A duration, or nil for `off` or `false` (no delay notices). `on` and `true` are
    /// refused rather than given a guessed duration.
    static func delayNotice(_ text: String) -> Result<Duration?, InvalidValue> {
        switch text.trimmingWhitespace().lowercased() {
        case "off", "false": .success(nil)
        case "on", "true": .failure(InvalidValue(delayNoticeHint))
        default: duration(text).map { $0 }
        }
    }
}
