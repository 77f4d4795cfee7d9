import SMTPCore

/// Where a setting's value was written, so that errors found only after merging the file,
/// the environment and the flags (a certificate without its key, a listener address used
/// twice) still name the right line or variable.
struct Origin: Hashable {
    var source: ConfigurationError.Source
    var line: Int?

    func error(_ key: String?, _ message: String) -> ConfigurationError {
        ConfigurationError(source: source, line: line, key: key, message: message)
    }
}

/// The configuration while it is being put together from defaults, file, environment and
/// flags, with the origins of the settings that are checked against each other at the end.
struct ConfigurationBuilder {
    var configuration: PostamtConfiguration
    var errors: [ConfigurationError] = []
    /// The listeners, each with where it was configured (nil for a default).
    var listeners: [(listener: Listener, origin: Origin?)]
    var tlsCertificate: (path: String, origin: Origin)?
    var tlsPrivateKey: (path: String, origin: Origin)?
    var aliasOrigins: [String: Origin] = [:]
    /// The routes for outbound mail, checked and built in ``build()``.
    var transports: [TransportDraft] = []
    /// Where the retry durations set so far were set; the others are defaults.
    var retryOrigins: [ConfigurationOverrides.Setting: Origin] = [:]
    var storageOrigin: Origin?
    var postgresURL: PostgresSettings?
    var postgresPasswordFile: String?
    var postgresConnections: Int?
    var postgresTimeout: Duration?

    init(defaults: PostamtConfiguration) {
        configuration = defaults
        listeners = defaults.listeners.map { ($0, nil) }
        postgresURL = defaults.postgres
        postgresPasswordFile = defaults.postgres?.passwordFile
    }

    /// Replaces the listeners of `roles` (all of them when the file lists its own).
    mutating func replaceListeners(of roles: Set<Listener.Role>, with new: [(listener: Listener, origin: Origin?)]) {
        listeners = listeners.filter { !roles.contains($0.listener.role) } + new
    }

    /// Checks what can only be checked once every source has been read, and hands out the
    /// result.
    mutating func build() -> Result<PostamtConfiguration, ConfigurationErrors> {
        checkListeners()
        checkTLS()
        checkAliases()
        checkRetry()
        checkTransports()
        checkStorage()
        configuration.listeners = listeners.map(\.listener)
        guard errors.isEmpty else { return .failure(ConfigurationErrors(errors: Self.sorted(errors))) }
        return .success(configuration)
    }

    private mutating func checkListeners() {
        var seen: [String: Origin?] = [:]
        for (listener, origin) in listeners {
            // Port 0 asks the system for a free port, so it never collides.
            guard listener.port != 0 else { continue }
            if let first = seen[listener.address] {
                // Blame the later setting; a default can only clash with a configured one.
                guard let blamed = origin ?? first else { continue }
                let other = first.map { " (\(Self.place($0)))" } ?? " (a default listener)"
                errors.append(blamed.error("listener", "\(listener.address) is already used by another listener\(other)"))
            } else {
                seen[listener.address] = origin
            }
        }
    }

    private mutating func checkTLS() {
        switch (tlsCertificate, tlsPrivateKey) {
        case (let certificate?, let key?):
            configuration.tls = TLSFiles(certificate: certificate.path, privateKey: key.path)
        case (let certificate?, nil):
            errors.append(certificate.origin.error(
                "tls.certificate",
                "a certificate needs its private key: set tls.private_key (POSTAMT_TLS_KEY, --tls-key) too, or neither to use a generated certificate"))
        case (nil, let key?):
            errors.append(key.origin.error(
                "tls.private_key",
                "a private key needs its certificate: set tls.certificate (POSTAMT_TLS_CERT, --tls-cert) too, or neither to use a generated certificate"))
        case (nil, nil):
            configuration.tls = nil
        }
    }

    /// An alias for a domain that is not local is never used: mail for it is relayed, not
    /// delivered here. That is almost always a typo in the alias or in `local_domains`.
    private mutating func checkAliases() {
        let local = Set(configuration.localDomains)
        for address in configuration.aliases.keys.sorted() {
            let domain = String(address[address.index(after: address.lastIndex(of: "@")!)...])
            guard !local.contains(domain), let origin = aliasOrigins[address] else { continue }
            errors.append(origin.error(
                FileReader.path("aliases", address), "'\(domain)' of '\(address)' is not one of the local domains, so the alias would never be used; add it to local_domains"))
        }
    }

    /// "line 12" or "POSTAMT_MX" or "--mx".
    static func place(_ origin: Origin) -> String {
        switch origin.source {
        case .file: origin.line.map { "line \($0)" } ?? "the file"
        case .environment(let variable): variable
        case .flag(let flag): flag
        }
    }

    /// File errors first and by line, then the environment's, then the flags', each
    /// group in the order found.
    static func sorted(_ errors: [ConfigurationError]) -> [ConfigurationError] {
        func rank(_ error: ConfigurationError) -> (Int, Int) {
            (error.source.rank, error.line ?? 0)
        }
        return errors.enumerated().sorted { lhs, rhs in
            let (a, b) = (rank(lhs.element), rank(rhs.element))
            return a != b ? a < b : lhs.offset < rhs.offset
        }.map(\.element)
    }
}

extension ConfigurationError.Source {
    /// The order sources are applied in: a source of higher rank overrides a lower one.
    var rank: Int {
        switch self {
        case .file: 0
        case .environment: 1
        case .flag: 2
        }
    }
}
