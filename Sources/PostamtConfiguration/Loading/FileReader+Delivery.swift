import SMTPCore

// [delivery] and [dns]: how outbound mail is sent and where its DNS lookups go.
extension FileReader {
    static let deliveryKeys = [
        "concurrency", "destination_concurrency", "messages_per_connection", "messages_in_flight", "chunking", "connection_idle_time",
        "connect_timeout", "bounce_language", "keep_finished", "lease_time",
    ]
    static let dnsKeys = ["servers", "timeout"]

    mutating func readDelivery(_ table: TOMLTable, into builder: inout ConfigurationBuilder) {
        rejectUnknownKeys(in: table, section: "delivery", known: Self.deliveryKeys)
        var delivery = builder.configuration.delivery
        let counts: [(String, WritableKeyPath<DeliverySettings, Int>)] = [
            ("concurrency", \.concurrency),
            ("destination_concurrency", \.destinationConcurrency),
            ("messages_per_connection", \.messagesPerConnection),
            ("messages_in_flight", \.messagesInFlight),
        ]
        var destinationLine: Int?
        for (key, path) in counts {
            if let number = count(table, key, section: "delivery") {
                delivery[keyPath: path] = number.value
                if key == "destination_concurrency" { destinationLine = number.line }
            }
        }
        if let chunking = boolean(table, "chunking", section: "delivery") { delivery.chunking = chunking.value }
        let durations: [(String, WritableKeyPath<DeliverySettings, Duration>)] = [
            ("connection_idle_time", \.connectionIdleTime),
            ("connect_timeout", \.connectTimeout),
            ("keep_finished", \.keepFinished),
        ]
        for (key, path) in durations {
            if let duration = duration(table, key, section: "delivery") { delivery[keyPath: path] = duration.value }
        }
        if let lease = duration(table, "lease_time", section: "delivery") {
            if lease.value < .seconds(3) {
                fail(lease.line, "delivery.lease_time", "must be at least 3 seconds, so that a busy node can renew its leases in time")
            } else {
                delivery.leaseTime = lease.value
            }
        }
        if let language = string(table, "bounce_language", section: "delivery") {
            apply(SettingValue.enumeration(language.value.lowercased(), Language.self, what: "language"), language, "delivery.bounce_language") {
                delivery.bounceLanguage = $0
            }
        }
        if let line = destinationLine, delivery.destinationConcurrency > delivery.concurrency {
            fail(line, "delivery.destination_concurrency",
                 "\(delivery.destinationConcurrency) is more than delivery.concurrency (\(delivery.concurrency)), the limit for all servers together")
        }
        builder.configuration.delivery = delivery
    }

    mutating func readDNS(_ table: TOMLTable, into builder: inout ConfigurationBuilder) {
        rejectUnknownKeys(in: table, section: "dns", known: Self.dnsKeys)
        if let servers = strings(table, "servers", section: "dns") {
            var result: [DNSSettings.Server] = []
            for server in servers.value {
                apply(SettingValue.nameServer(server.value), server, "dns.servers") { result.append($0) }
            }
            builder.configuration.dns.servers = result
        }
        if let timeout = duration(table, "timeout", section: "dns") { builder.configuration.dns.timeout = timeout.value }
    }
}

extension SettingValue {
    /// `192.0.2.53`, `127.0.0.1:5353` or `[2001:db8::53]:53`: an IP address, since there
    /// is no DNS yet to look a name server's name up with.
    static func nameServer(_ text: String) -> Result<DNSSettings.Server, InvalidValue> {
        let example = "127.0.0.1:53 or [::1]:53"
        switch HostPort.parse(text, portRequired: false) {
        case .success(let address):
            guard IPAddress(address.host) != nil else {
                return .failure(InvalidValue("'\(text)' is not an IP address; name servers are given by address, e.g. \(example)"))
            }
            guard address.port != 0 else { return .failure(InvalidValue("'\(text)': port 0 is not a name server's port")) }
            return .success(DNSSettings.Server(address: address.host, port: address.port ?? 53))
        case .failure(let problem):
            return .failure(InvalidValue(problem.message(text, example: example)))
        }
    }
}
