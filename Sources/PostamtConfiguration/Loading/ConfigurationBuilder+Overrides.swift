import SMTPCore

// Environment variables and flags: each given setting replaces what the file said.
extension ConfigurationBuilder {
    /// Applies every setting `overrides` holds; `source` names the variable or flag of a
    /// setting in errors.
    mutating func apply(_ overrides: ConfigurationOverrides, source: (ConfigurationOverrides.Setting) -> ConfigurationError.Source) {
        for setting in ConfigurationOverrides.Setting.allCases {
            guard let texts = overrides[setting] else { continue }
            let origin = Origin(source: source(setting), line: nil)
            // Flags may repeat or hold comma-separated lists; both mean the same.
            let items = setting.isList ? texts.flatMap(ConfigurationOverrides.splitList) : texts
            apply(setting, items, origin: origin)
        }
    }

    private mutating func apply(_ setting: ConfigurationOverrides.Setting, _ items: [String], origin: Origin) {
        let key = setting.fileKey
        func check<Value>(_ result: Result<Value, InvalidValue>) -> Value? {
            switch result {
            case .success(let value): return value
            case .failure(let invalid):
                errors.append(origin.error(key, invalid.message))
                return nil
            }
        }
        func checkAll<Value>(_ validate: (String) -> Result<Value, InvalidValue>) -> [Value]? {
            let results = items.map { check(validate($0)) }
            return results.contains { $0 == nil } ? nil : results.compactMap { $0 }
        }
        let text = items.first ?? ""

        if let role = setting.listenerRole {
            if let listeners = checkAll({ SettingValue.listener($0, role: role) }) {
                replaceListeners(of: [role], with: listeners.map { ($0, origin) })
            }
            return
        }
        switch setting {
        case .hostname:
            if let hostname = check(SettingValue.hostname(text)) { configuration.hostname = hostname }
        case .dataDirectory:
            if let directory = check(SettingValue.path(text)) { configuration.dataDirectory = directory }
        case .localDomains:
            if let domains = checkAll(SettingValue.domain) {
                configuration.localDomains = domains.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
            }
        case .trustedNetworks:
            if let networks = checkAll(SettingValue.network) { configuration.trustedNetworks = networks }
        case .tlsCertificate:
            _ = check(SettingValue.path(text))
            tlsCertificate = (text, origin)
        case .tlsPrivateKey:
            _ = check(SettingValue.path(text))
            tlsPrivateKey = (text, origin)
        case .maximumMessageSize:
            if let size = check(SettingValue.messageSize(text)) { configuration.limits.maximumMessageSize = size }
        case .logLevel:
            if let level = check(SettingValue.logLevel(text)) { configuration.logLevel = level }
        case .adminListener:
            if let listener = check(SettingValue.adminListener(text)) { configuration.admin.listener = listener }
        case .storage:
            if let storage = check(SettingValue.enumeration(text, StorageBackend.self, what: "storage")) { setStorage(storage, origin: origin) }
        case .postgresURL:
            if let settings = check(SettingValue.postgresURL(text)) { postgresURL = settings }
        case .postgresPasswordFile:
            if let file = check(SettingValue.path(text)) { postgresPasswordFile = file }
        case .relayHost:
            replaceRelay(address: text, origin: origin)
        case .relayTLS:
            setRelay(.tls, text, origin: origin)
        case .relayUsername:
            setRelay(.username, text, origin: origin)
        case .relayPasswordFile:
            setRelay(.passwordFile, text, origin: origin)
        case .transports:
            replaceRoutes(with: items, origin: origin)
        case .retryFirstInterval, .retryMaximumInterval, .retryLifetime:
            if let duration = check(SettingValue.duration(text)) { setRetry(setting, duration, origin: origin) }
        case .retryDelayNotice:
            if let notice = check(SettingValue.delayNotice(text)) { setDelayNotice(notice, origin: origin) }
        case .mxListeners, .submissionListeners, .submissionsListeners:
            break
        }
    }

    /// A `POSTAMT_*` variable one or two letters off a known one, or a known one with more
    /// after it, is a typo that would otherwise leave the setting at its default without a
    /// word; so is a refused one (`POSTAMT_RELAY_PASSWORD`) that is set.
    mutating func rejectMistypedVariables(in environment: [String: String]) {
        let known = ConfigurationOverrides.Setting.allCases.map(\.environmentVariable)
        for name in environment.keys.sorted() where name.hasPrefix("POSTAMT_") && !known.contains(name) {
            if let reason = ConfigurationOverrides.refusedVariables[name], environment[name]?.allSatisfy(\.isWhitespace) == false {
                errors.append(ConfigurationError(source: .environment(name), message: reason))
                continue
            }
            // Also a known name with more after it: the file says `username`, so
            // POSTAMT_RELAY_USERNAME is a natural slip for POSTAMT_RELAY_USER.
            guard let intended = known.min(by: { Suggestion.distance(name, $0) < Suggestion.distance(name, $1) })
                .flatMap({ Suggestion.distance(name, $0) <= 2 ? $0 : nil })
                ?? known.filter(name.hasPrefix).max(by: { $0.count < $1.count })
            else { continue }
            errors.append(ConfigurationError(source: .environment(name), message: "unknown variable (did you mean \(intended)?)"))
        }
    }
}
