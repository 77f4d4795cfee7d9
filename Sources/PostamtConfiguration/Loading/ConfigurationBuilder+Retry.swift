// The [retry] durations, which the file, the environment and flags may each set some of,
// checked against each other once all are in.
extension ConfigurationBuilder {
    mutating func setRetry(_ setting: ConfigurationOverrides.Setting, _ duration: Duration, origin: Origin) {
        guard let property = setting.retryDuration else { return }
        configuration.retry[keyPath: property] = duration
        retryOrigins[setting] = origin
    }

    mutating func setDelayNotice(_ notice: Duration?, origin: Origin) {
        configuration.retry.delayNotice = notice
        retryOrigins[.retryDelayNotice] = origin
    }

    /// first interval ≤ max interval ≤ lifetime, and a delay notice before the lifetime ends:
    /// a longest wait beyond the lifetime is never reached, and a notice after it never sent,
    /// so either is a mistake (often a unit: "5m" for "5d").
    mutating func checkRetry() {
        let retry = configuration.retry
        func setting(_ setting: ConfigurationOverrides.Setting, _ value: Duration) -> OrderedSetting {
            OrderedSetting(key: setting.fileKey, value: DurationText.format(value), origin: retryOrigins[setting])
        }
        let first = setting(.retryFirstInterval, retry.firstInterval)
        let maximum = setting(.retryMaximumInterval, retry.maximumInterval)
        let lifetime = setting(.retryLifetime, retry.lifetime)
        var found: [ConfigurationError?] = []
        if retry.maximumInterval < retry.firstInterval {
            found.append(OrderCheck.error(first, maximum, strictly: false))
        }
        // One complaint about the lifetime is enough: against the first wait if it is even shorter.
        if retry.lifetime < retry.firstInterval {
            found.append(OrderCheck.error(first, lifetime, strictly: false))
        } else if retry.lifetime < retry.maximumInterval {
            found.append(OrderCheck.error(maximum, lifetime, strictly: false))
        }
        if let notice = retry.delayNotice, notice >= retry.lifetime {
            found.append(OrderCheck.error(setting(.retryDelayNotice, notice), lifetime, strictly: true))
        }
        errors += found.compactMap { $0 }
    }
}

extension ConfigurationOverrides.Setting {
    /// The duration of ``RetrySchedule`` the setting holds; nil for the delay notice, which
    /// may also be off, and for all other settings.
    var retryDuration: WritableKeyPath<RetrySchedule, Duration>? {
        switch self {
        case .retryFirstInterval: \.firstInterval
        case .retryMaximumInterval: \.maximumInterval
        case .retryLifetime: \.lifetime
        default: nil
        }
    }
}
