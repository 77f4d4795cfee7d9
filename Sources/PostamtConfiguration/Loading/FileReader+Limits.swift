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
        for (key, path) in counts {
            if let number = count(table, key, section: "limits") { limits[keyPath: path] = number.value }
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
            requireOrder(
                in: table, section: "limits", ("auth_failures_before_delay", "\(limits.authenticationFailuresBeforeDelay)"),
                ("auth_failure_limit", "\(limits.authenticationFailureLimit)"), strictly: false, unit: false)
        }
        builder.configuration.limits = limits
    }

    mutating func readRetry(_ table: TOMLTable, into builder: inout ConfigurationBuilder) {
        rejectUnknownKeys(in: table, section: "retry", known: Self.retryKeys)
        var retry = builder.configuration.retry
        if let first = duration(table, "first_interval", section: "retry") { retry.firstInterval = first.value }
        if let multiplier = count(table, "backoff_multiplier", section: "retry") { retry.backoffMultiplier = multiplier.value }
        if let maximum = duration(table, "max_interval", section: "retry") { retry.maximumInterval = maximum.value }
        if let lifetime = duration(table, "lifetime", section: "retry") { retry.lifetime = lifetime.value }
        if let notice = table["delay_notice"] {
            if case .boolean(false) = notice.kind {
                retry.delayNotice = nil
            } else if case .boolean(true) = notice.kind {
                fail(notice.line, "retry.delay_notice", "must be a duration such as \"4h\", or false for no delay notices")
            } else if let duration = duration(table, "delay_notice", section: "retry") {
                retry.delayNotice = duration.value
            }
        }

        let first = ("first_interval", DurationText.format(retry.firstInterval))
        let lifetime = ("lifetime", DurationText.format(retry.lifetime))
        if retry.maximumInterval < retry.firstInterval {
            requireOrder(in: table, section: "retry", first, ("max_interval", DurationText.format(retry.maximumInterval)), strictly: false)
        }
        if retry.lifetime < retry.firstInterval {
            requireOrder(in: table, section: "retry", first, lifetime, strictly: false)
        }
        if let notice = retry.delayNotice, notice >= retry.lifetime {
            requireOrder(in: table, section: "retry", ("delay_notice", DurationText.format(notice)), lifetime, strictly: true)
        }
        builder.configuration.retry = retry
    }

    /// Reports that `smaller` must not exceed `larger` (or must be below it, `strictly`),
    /// on the line of whichever of the two the file sets (`larger` if both): the other one
    /// may be a default the reader has never seen.
    private mutating func requireOrder(
        in table: TOMLTable, section: String, _ smaller: (key: String, value: String), _ larger: (key: String, value: String),
        strictly: Bool, unit: Bool = true
    ) {
        func shown(_ setting: (key: String, value: String)) -> String {
            "\(section).\(setting.key) (\(setting.value)\(table[setting.key] == nil ? " by default" : ""))"
        }
        if let line = table[larger.key]?.line {
            let relation = strictly ? "longer than" : unit ? "at least as long as" : "at least"
            fail(line, "\(section).\(larger.key)", "must be \(relation) \(shown(smaller))")
        } else if let line = table[smaller.key]?.line {
            let relation = strictly ? "shorter than" : unit ? "at most as long as" : "at most"
            fail(line, "\(section).\(smaller.key)", "must be \(relation) \(shown(larger))")
        }
    }
}
