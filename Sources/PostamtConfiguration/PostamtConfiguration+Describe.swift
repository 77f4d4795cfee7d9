extension PostamtConfiguration {
    /// A few lines for the log when the server starts: what it listens on, where its data
    /// is, which domains it receives mail for, and whom it relays for.
    public func describe() -> String {
        var lines = ["Postamt \(hostname)"]
        func add(_ label: String, _ value: String) {
            lines.append("  " + (label + ":").padding(toLength: 17) + value)
        }
        add("listening on", listeners.isEmpty ? "nothing (no listeners)" : listeners.map(\.description).joined(separator: ", "))
        add("data directory", dataDirectory)
        if storage == .postgres, let postgres {
            add("queue and users", "PostgreSQL \(postgres.url)")
        } else {
            add("queue and users", "SQLite in the data directory")
        }
        if let mailDirectory { add("mailboxes", mailDirectory) }
        add("local domains", localDomains.isEmpty ? "none" : localDomains.joined(separator: ", "))
        if !aliases.isEmpty { add("aliases", "\(aliases.count)") }
        add("relaying for", (["authenticated users"] + trustedNetworks.map(\.description)).joined(separator: ", "))
        if let tls {
            add("TLS certificate", tls.certificate)
        } else {
            add("TLS certificate", "self-signed, in \(tlsDirectory)")
        }
        var routes = transports.map { "\($0.domain == Transport.everyDomain ? "all other domains" : $0.domain) via \($0.address)" }
        if !transports.contains(where: { $0.domain == Transport.everyDomain }) {
            routes.append(routes.isEmpty ? "MX hosts" : "all other domains via MX hosts")
        }
        add("outbound mail", routes.joined(separator: ", "))
        if !dns.servers.isEmpty { add("DNS servers", dns.servers.map(\.description).joined(separator: ", ")) }
        add("message size", "up to \(ByteSize.format(limits.maximumMessageSize))")
        add("admin (HTTP)", admin.listenerDescription)
        add("log level", logLevel.rawValue)
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}
