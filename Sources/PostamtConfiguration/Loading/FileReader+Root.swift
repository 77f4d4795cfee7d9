import SMTPCore

// The top of the file, [tls] and [submission]; the other tables have files of their own.
extension FileReader {
    static let rootKeys = [
        "hostname", "data_directory", "local_domains", "trusted_networks", "log_level", "cpu_scheduling", "listener_steering",
        "tls", "limits", "aliases", "submission", "retry", "listener", "transport",
        "delivery", "dns", "admin", "autoconfig", "storage", "postgres", "mail_directory",
    ]
    static let tlsKeys = ["certificate", "private_key"]
    static let submissionKeys = ["sender_policy"]

    /// Reads the whole file into `builder`.
    mutating func read(_ root: TOMLTable, into builder: inout ConfigurationBuilder) {
        rejectUnknownKeys(in: root, section: nil, known: Self.rootKeys)
        if let hostname = string(root, "hostname", section: nil) {
            apply(SettingValue.hostname(hostname.value), hostname, "hostname") { builder.configuration.hostname = $0 }
        }
        if let directory = string(root, "data_directory", section: nil) {
            apply(SettingValue.path(directory.value), directory, "data_directory") { builder.configuration.dataDirectory = $0 }
        }
        if let domains = strings(root, "local_domains", section: nil) {
            var result: [String] = []
            for domain in domains.value {
                apply(SettingValue.domain(domain.value), domain, "local_domains") { if !result.contains($0) { result.append($0) } }
            }
            builder.configuration.localDomains = result
        }
        if let networks = strings(root, "trusted_networks", section: nil) {
            var result: [IPNetwork] = []
            for network in networks.value {
                apply(SettingValue.network(network.value), network, "trusted_networks") { result.append($0) }
            }
            builder.configuration.trustedNetworks = result
        }
        if let directory = string(root, "mail_directory", section: nil) {
            apply(SettingValue.path(directory.value), directory, "mail_directory") { builder.configuration.mailDirectory = $0 }
        }
        if let storage = string(root, "storage", section: nil) {
            let storageOrigin = origin(storage.line)
            apply(SettingValue.enumeration(storage.value, StorageBackend.self, what: "storage"), storage, "storage") {
                builder.setStorage($0, origin: storageOrigin)
            }
        }
        if let postgres = table(root, "postgres") { readPostgres(postgres, into: &builder) }
        if let level = string(root, "log_level", section: nil) {
            apply(SettingValue.logLevel(level.value), level, "log_level") { builder.configuration.logLevel = $0 }
        }
        if let scheduling = string(root, "cpu_scheduling", section: nil) {
            apply(SettingValue.enumeration(scheduling.value, CPUScheduling.self, what: "CPU scheduling"), scheduling, "cpu_scheduling") {
                builder.configuration.cpuScheduling = $0
            }
        }
        if let steering = string(root, "listener_steering", section: nil) {
            apply(SettingValue.enumeration(steering.value, ListenerSteering.self, what: "listener steering"), steering, "listener_steering") {
                builder.configuration.listenerSteering = $0
            }
        }
        if let tls = table(root, "tls") { readTLS(tls, into: &builder) }
        if let submission = table(root, "submission") { readSubmission(submission, into: &builder) }
        if let limits = table(root, "limits") { readLimits(limits, into: &builder) }
        if let retry = table(root, "retry") { readRetry(retry, into: &builder) }
        if let delivery = table(root, "delivery") { readDelivery(delivery, into: &builder) }
        if let dns = table(root, "dns") { readDNS(dns, into: &builder) }
        if let admin = table(root, "admin") { readAdmin(admin, into: &builder) }
        if let autoconfig = table(root, "autoconfig") { readAutoconfig(autoconfig, into: &builder) }
        if let aliases = table(root, "aliases") { readAliases(aliases, into: &builder) }
        if let listeners = tableArray(root, "listener") { readListeners(listeners, into: &builder) }
        if let transports = tableArray(root, "transport") { readTransports(transports, into: &builder) }
    }

    /// Hands a checked value to `use`, or reports why it failed at the value's line.
    mutating func apply<Value, Text>(_ result: Result<Value, InvalidValue>, _ located: Located<Text>, _ key: String, _ use: (Value) -> Void) {
        switch result {
        case .success(let value): use(value)
        case .failure(let invalid): fail(located.line, key, invalid.message)
        }
    }

    private mutating func readTLS(_ table: TOMLTable, into builder: inout ConfigurationBuilder) {
        rejectUnknownKeys(in: table, section: "tls", known: Self.tlsKeys)
        // An empty path is reported, but still counts as given: "a certificate needs its
        // key" on top of "must not be empty" would only confuse.
        if let certificate = string(table, "certificate", section: "tls") {
            apply(SettingValue.path(certificate.value), certificate, "tls.certificate") { _ in }
            builder.tlsCertificate = (certificate.value, origin(certificate.line))
        }
        if let key = string(table, "private_key", section: "tls") {
            apply(SettingValue.path(key.value), key, "tls.private_key") { _ in }
            builder.tlsPrivateKey = (key.value, origin(key.line))
        }
    }

    private mutating func readSubmission(_ table: TOMLTable, into builder: inout ConfigurationBuilder) {
        rejectUnknownKeys(in: table, section: "submission", known: Self.submissionKeys)
        if let policy = string(table, "sender_policy", section: "submission") {
            apply(SettingValue.enumeration(policy.value, SenderPolicy.self, what: "sender policy"), policy, "submission.sender_policy") {
                builder.configuration.submissionSenderPolicy = $0
            }
        }
    }
}
