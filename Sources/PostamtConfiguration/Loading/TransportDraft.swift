/// A route for outbound mail while the sources are merged, each part with where it was
/// written.
///
/// Each part is checked where it is read, by ``set(_:_:origin:errors:)`` for a
/// `[[transport]]` table, a `--transport` entry and the `--relay-…` flags alike. What
/// depends on several parts (a login needs TLS, a username its password file) is checked
/// by ``check(into:)`` once every source is in: a TLS mode from a flag may break a login
/// from the file, and the error must then name the flag.
struct TransportDraft {
    /// The parts of a route, named as the keys of a `[[transport]]` table.
    enum Key: String, CaseIterable {
        case domain, address, tls, username, passwordFile = "password_file"

        /// `transport.tls`: the key errors name, whichever source the part came from.
        var path: String { "transport.\(rawValue)" }
    }

    struct Part<Value> {
        var value: Value
        var origin: Origin
    }

    /// Lowercased, or `*`; nil when it was missing or wrong, which has been reported.
    var domain: String?
    /// Where the route was written (its table, entry or relay host); nil for a relay that
    /// only a TLS mode or login override gave, without any host.
    var origin: Origin?
    /// Nil when missing or wrong, which has been reported (unless ``origin`` is nil).
    var address: Part<HostPort>?
    /// Nil for the default, ``Transport/TLSMode/required``.
    var tls: Part<Transport.TLSMode>?
    /// Kept even when wrong (and reported), so that it is not reported missing as well.
    var username: Part<String>?
    var passwordFile: Part<String>?
    /// Parts the file tried to give under a wrong key (already reported), which are then
    /// not reported missing too.
    var meant: Set<Key> = []

    init(domain: String? = nil, origin: Origin?) {
        self.domain = domain
        self.origin = origin
    }

    /// Checks `text` as the part `key` and records it. A wrong value is reported and leaves
    /// the part as it was, except that a username or password file still counts as given.
    mutating func set(_ key: Key, _ text: String, origin: Origin, errors: inout [ConfigurationError]) {
        func checked<Value>(_ result: Result<Value, InvalidValue>) -> Part<Value>? {
            switch result {
            case .success(let value):
                return Part(value: value, origin: origin)
            case .failure(let invalid):
                errors.append(origin.error(key.path, invalid.message))
                return nil
            }
        }
        switch key {
        case .domain: domain = checked(SettingValue.transportDomain(text))?.value
        case .address: address = checked(SettingValue.relayAddress(text)) ?? address
        case .tls: tls = checked(SettingValue.tlsMode(text)) ?? tls
        case .username: username = checked(SettingValue.username(text)) ?? Part(value: text, origin: origin)
        case .passwordFile: passwordFile = checked(SettingValue.path(text)) ?? Part(value: text, origin: origin)
        }
    }

    /// The route, or nil when a part is missing or wrong; reports what is wrong between
    /// the parts.
    func check(into errors: inout [ConfigurationError]) -> Transport? {
        guard origin != nil else {
            // Only a TLS mode or login was given for the relay: there is nothing to use it for.
            if let (key, origin) = givenParts.first {
                errors.append(origin.error(
                    key.path, "there is no relay to use this for: set POSTAMT_RELAY_HOST or --relay-host, or a [[transport]] with domain = \"*\""))
            }
            return nil
        }
        let mode = tls?.value ?? .required
        var credentials: Transport.Credentials?
        switch (username, passwordFile) {
        case (let username?, let passwordFile?):
            credentials = Transport.Credentials(username: username.value, passwordFile: passwordFile.value)
            if !mode.protectsCredentials {
                // Blame what was set last: a TLS mode that breaks an earlier login, or a login
                // added to a relay without TLS. Within one source, the username.
                let (key, origin) =
                    if let tls, tls.origin.source.rank > username.origin.source.rank { (Key.tls, tls.origin) }
                    else { (Key.username, username.origin) }
                let message = "a password must not be sent with tls = \"\(mode.rawValue)\", where an attacker can read or downgrade the connection; "
                    + "use \"required\" or \"implicit\""
                report(origin, key, message, into: &errors)
            }
        case (let username?, nil) where !meant.contains(.passwordFile):
            let message = "username needs password_file, the file that holds the password\(relayNames(.relayPasswordFile))"
            report(username.origin, .passwordFile, message, into: &errors)
        case (nil, let passwordFile?) where !meant.contains(.username):
            report(passwordFile.origin, .username, "password_file needs a username\(relayNames(.relayUsername))", into: &errors)
        default:
            break
        }
        guard let domain, let address else { return nil }
        let port = address.value.port ?? (mode == .implicit ? 465 : 25)
        return Transport(domain: domain, host: address.value.host, port: port, tls: mode, credentials: credentials)
    }

    /// The parts other than domain and address that were given, in key order.
    private var givenParts: [(Key, Origin)] {
        [(Key.tls, tls?.origin), (.username, username?.origin), (.passwordFile, passwordFile?.origin)].compactMap { key, origin in
            origin.map { (key, $0) }
        }
    }

    /// A route from the environment or a flag has no line to tell which one it is, so the
    /// message starts with its domain.
    private func report(_ origin: Origin, _ key: Key, _ message: String, into errors: inout [ConfigurationError]) {
        let label = if case .file = origin.source { "" } else if let domain, domain != Transport.everyDomain { "\(domain): " } else { "" }
        errors.append(origin.error(key.path, label + message))
    }

    /// For the relay, the variable and flag that give the missing part: ` (POSTAMT_…, --…)`.
    private func relayNames(_ setting: ConfigurationOverrides.Setting) -> String {
        domain == Transport.everyDomain ? " (\(setting.environmentVariable), \(setting.flag))" : ""
    }
}
