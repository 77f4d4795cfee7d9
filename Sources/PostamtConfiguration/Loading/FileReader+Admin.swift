import SMTPCore

// [admin] and [autoconfig]: the HTTP listener and what it tells mail clients.
extension FileReader {
    static let adminKeys = ["listen", "token_file", "admins", "public"]
    static let autoconfigKeys = ["hostname", "display_name", "imap"]

    mutating func readAdmin(_ table: TOMLTable, into builder: inout ConfigurationBuilder) {
        rejectUnknownKeys(in: table, section: "admin", known: Self.adminKeys)
        var admin = builder.configuration.admin
        if let listen = string(table, "listen", section: "admin") {
            apply(SettingValue.adminListener(listen.value), listen, "admin.listen") { admin.listener = $0 }
        }
        if let file = string(table, "token_file", section: "admin") {
            apply(SettingValue.path(file.value), file, "admin.token_file") { admin.tokenFile = $0 }
        }
        if let admins = strings(table, "admins", section: "admin") {
            var names: [String] = []
            for name in admins.value {
                if let mailbox = Mailbox(name.value) {
                    names.append(mailbox.description.lowercased())
                } else {
                    fail(name.line, "admin.admins", "'\(name.value)' is not a user name; users are mail addresses such as alice@example.com")
                }
            }
            admin.admins = names
        }
        if let endpoints = strings(table, "public", section: "admin") {
            var chosen = Set<AdminSettings.PublicEndpoint>()
            for endpoint in endpoints.value {
                apply(SettingValue.enumeration(endpoint.value, AdminSettings.PublicEndpoint.self, what: "public endpoint"), endpoint, "admin.public") {
                    chosen.insert($0)
                }
            }
            admin.publicEndpoints = chosen
        }
        builder.configuration.admin = admin
    }

    mutating func readAutoconfig(_ table: TOMLTable, into builder: inout ConfigurationBuilder) {
        rejectUnknownKeys(in: table, section: "autoconfig", known: Self.autoconfigKeys)
        var autoconfig = builder.configuration.autoconfig
        if let hostname = string(table, "hostname", section: "autoconfig") {
            apply(SettingValue.hostname(hostname.value), hostname, "autoconfig.hostname") { autoconfig.hostname = $0 }
        }
        if let name = string(table, "display_name", section: "autoconfig") {
            if name.value.trimmingWhitespace().isEmpty {
                fail(name.line, "autoconfig.display_name", "must not be empty")
            } else {
                autoconfig.displayName = name.value
            }
        }
        if let imap = string(table, "imap", section: "autoconfig") {
            switch HostPort.parse(imap.value, portRequired: false) {
            case .success(let address):
                autoconfig.imap = AutoconfigSettings.IncomingServer(host: address.host, port: address.port ?? 993)
            case .failure(let problem):
                fail(imap.line, "autoconfig.imap", problem.message(imap.value, example: "imap.example.com:993"))
            }
        }
        builder.configuration.autoconfig = autoconfig
    }
}

extension SettingValue {
    /// `127.0.0.1:5580`, `[::]:443`, or `off`.
    static func adminListener(_ text: String) -> Result<(host: String, port: Int)?, InvalidValue> {
        let trimmed = text.trimmingWhitespace()
        if trimmed == "off" || trimmed == "false" { return .success(nil) }
        let example = "127.0.0.1:5580, [::1]:5580 or off"
        switch HostPort.parse(trimmed, portRequired: true) {
        case .success(let address): return .success((address.host, address.port!))
        case .failure(let problem): return .failure(InvalidValue(problem.message(trimmed, example: example)))
        }
    }
}
