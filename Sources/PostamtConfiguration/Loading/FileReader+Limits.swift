// [limits] and [retry]: numbers, sizes and durations.
extension FileReader {
    static let limitKeys = [
        "max_message_size", "max_recipients", "max_connections", "max_connections_per_client", "max_errors",
        "command_timeout", "data_timeout", "auth_failures_before_delay", "auth_failure_limit",
        "auth_failure_window", "queue_capacity", "min_free_disk_space",
    ]
    static let retryKeys = ["first_interval", "backoff_multiplier", "max_interval", "lifetime", "delay_notice"]

    mutating func readLimits(_ table: TOMLTable, into builder: inout ConfigurationBuilder) {
        rejectUnknownKeys(in: table, section: "limits", known: Self.limitKeys)
        var limits = builder.configuration.limits
        if let size = size(table, "max_message_size", section: "limits") {
            apply(SettingValue.messageSize(size.value), size, "limits.max_message_size") { limits.maximumMessageSize = $0 }
        }
        let counts: [(String, WritableKeyPath<Limits, Int>)] = [
            ("max_recipients", \.maximumRecipients),
            ("max_connections", \.maximumConnections),
            ("max_connections_per_client", \.maximumConnectionsPerClient),
            ("max_errors", \.maximumErrors),
            ("auth_failures_before_delay", \.authenticationFailuresBeforeDelay),
            ("auth_failure_limit", \.authenticationFailureLimit),
            ("queue_capacity", \.queueCapacity),
        ]
        var countLines: [String: Int] = [:]
        for (key, path) in counts {
            if let number = count(table, key, section: "limits") {
                limits[keyPath: path] = number.value
                countLines[key] = number.line
            }
        }
        let durations: [(String, WritableKeyPath<Limits, Duration>)] = [
            ("command_timeout", \.commandTimeout),
            ("data_timeout", \.dataTimeout),
            ("auth_failure_window", \.authenticationFailureWindow),
        ]
        for (key, path) in durations {
            if let duration = duration(table, key, section: "limits") { limits[keyPath: path] = duration.value }
        }
        // 0 is allowed here: it turns the free-space check off.
        if let space = size(table, "min_free_disk_space", section: "limits") { limits.minimumFreeDiskSpace = space.value }

        // A limit below the delay threshold means logins are refused before they are ever slowed.
        if limits.authenticationFailureLimit < limits.authenticationFailuresBeforeDelay {
            func setting(_ key: String, _ value: Int) -> OrderedSetting {
                OrderedSetting(key: "limits.\(key)", value: "\(value)", origin: countLines[key].map(origin))
            }
            let delay = setting("auth_failures_before_delay", limits.authenticationFailuresBeforeDelay)
            let limit = setting("auth_failure_limit", limits.authenticationFailureLimit)
            if let error = OrderCheck.error(delay, limit, strictly: false, unit: false) { errors.append(error) }
        }
        builder.configuration.limits = limits
    }

    /// Reads the durations; they are checked against each other in the builder, after the
    /// environment and flags may have changed some of them.
    mutating func readRetry(_ table: TOMLTable, into builder: inout ConfigurationBuilder) {
        rejectUnknownKeys(in: table, section: "retry", known: Self.retryKeys)
        if let multiplier = count(table, "backoff_multiplier", section: "retry") {
            builder.configuration.retry.backoffMultiplier = multiplier.value
        }
        let durations: [(String, ConfigurationOverrides.Setting)] = [
            ("first_interval", .retryFirstInterval), ("max_interval", .retryMaximumInterval), ("lifetime", .retryLifetime),
        ]
        for (key, setting) in durations {
            if let duration = duration(table, key, section: "retry") { builder.setRetry(setting, duration.value, origin: origin(duration.line)) }
        }
        if let notice = table["delay_notice"], !notice.isInvalid {
            let origin = origin(notice.line)
            switch notice.kind {
            case .boolean(false):
                builder.setDelayNotice(nil, origin: origin)
            case .boolean(true):
                fail(notice.line, "retry.delay_notice", SettingValue.delayNoticeHint)
            case .string(let text):
                apply(SettingValue.delayNotice(text), Located(value: text, line: notice.line), "retry.delay_notice") {
                    builder.setDelayNotice($0, origin: origin)
                }
            default:
                // Seconds as an integer, or a type error that names the durations' syntax.
                if let duration = duration(table, "delay_notice", section: "retry") { builder.setDelayNotice(duration.value, origin: origin) }
            }
        }
    }
}
