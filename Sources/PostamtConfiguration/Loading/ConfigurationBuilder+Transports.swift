// Routes for outbound mail: the file's [[transport]] tables, the relay flags and the
// --transport entries.
extension ConfigurationBuilder {
    /// `--relay-host`: a new relay for every domain without a route of its own. It replaces
    /// the relay of lower sources as a whole, so that their login is never sent to it.
    mutating func replaceRelay(address text: String, origin: Origin) {
        var relay = TransportDraft(domain: Transport.everyDomain, origin: origin)
        relay.set(.address, text, origin: origin, errors: &errors)
        if let index = relayIndex {
            transports[index] = relay
        } else {
            transports.append(relay)
        }
    }

    /// `--relay-tls`, `--relay-user`, `--relay-password-file`: one part of the relay, which
    /// lower sources or the same one may have given the host of.
    mutating func setRelay(_ key: TransportDraft.Key, _ text: String, origin: Origin) {
        let index = relayIndex ?? {
            transports.append(TransportDraft(domain: Transport.everyDomain, origin: nil))
            return transports.count - 1
        }()
        var found: [ConfigurationError] = []
        transports[index].set(key, text, origin: origin, errors: &found)
        errors += found
    }

    /// `--transport`: the routes for single domains, replacing those of lower sources; the
    /// relay for all other domains stays.
    mutating func replaceRoutes(with entries: [String], origin: Origin) {
        var routes: [TransportDraft] = []
        for entry in entries {
            guard let route = TransportDraft.entry(entry, origin: origin, errors: &errors) else { continue }
            if let domain = route.domain, routes.contains(where: { $0.domain == domain }) {
                errors.append(origin.error(TransportDraft.Key.domain.path, "'\(domain)' already has a route earlier in \(Self.place(origin))"))
                continue
            }
            routes.append(route)
        }
        transports = transports.filter { $0.domain == Transport.everyDomain } + routes
    }

    mutating func checkTransports() {
        var found: [ConfigurationError] = []
        configuration.transports = transports.compactMap { $0.check(into: &found) }
        errors += found
    }

    private var relayIndex: Int? {
        transports.firstIndex { $0.domain == Transport.everyDomain }
    }
}
