extension SettingValue {
    /// `postgres://user@host[:port][/database][?sslmode=…&sslrootcert=…]`, as libpq writes
    /// connection URIs (`postgresql://` too). The database defaults to the user name, as in
    /// libpq. A password in the URL is refused: configuration files get copied, shown and
    /// committed, so the password goes into `postgres.password_file` or
    /// `POSTAMT_POSTGRES_PASSWORD`.
    static func postgresURL(_ text: String) -> Result<PostgresSettings, InvalidValue> {
        let example = "postgres://postamt@db.example.com:5432/postamt"
        let trimmed = text.trimmingWhitespace()
        guard let schemeEnd = trimmed.range(of: "://"),
            ["postgres", "postgresql"].contains(trimmed[..<schemeEnd.lowerBound].lowercased())
        else {
            return .failure(InvalidValue("'\(trimmed)' is not a PostgreSQL URL; write it as \(example)"))
        }
        var rest = Substring(trimmed[schemeEnd.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var databaseText: Substring?
        if let slash = rest.firstIndex(of: "/") {
            databaseText = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        guard let at = rest.lastIndex(of: "@") else {
            return .failure(InvalidValue("the URL names no user; write it as \(example)"))
        }
        let userInfo = rest[..<at]
        if userInfo.contains(":") {
            return .failure(InvalidValue(
                "the URL must not hold the password; put it into a file named by postgres.password_file, or into POSTAMT_POSTGRES_PASSWORD"))
        }
        guard let username = percentDecoded(userInfo), !username.isEmpty else {
            return .failure(InvalidValue("the URL names no user; write it as \(example)"))
        }
        let address: HostPort
        switch HostPort.parse(String(rest[rest.index(after: at)...]), portRequired: false) {
        case .success(let parsed): address = parsed
        case .failure(let problem): return .failure(InvalidValue(problem.message(String(rest[rest.index(after: at)...]), example: "db.example.com:5432")))
        }
        var database = username
        if let databaseText, !databaseText.isEmpty {
            guard let decoded = percentDecoded(databaseText), !decoded.contains("/") else {
                return .failure(InvalidValue("'\(databaseText)' is not a database name"))
            }
            database = decoded
        }
        var settings = PostgresSettings(host: address.host, port: address.port ?? 5432, username: username, database: database)
        for parameter in query.split(separator: "&") where !parameter.isEmpty {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            let name = String(parts[0])
            let value = parts.count > 1 ? percentDecoded(parts[1]) ?? "" : ""
            switch name {
            case "sslmode":
                guard let mode = PostgresSettings.TLSMode(rawValue: value) else {
                    let modes = PostgresSettings.TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                    return .failure(InvalidValue("sslmode '\(value)' is not one of \(modes)"))
                }
                settings.tls = mode
            case "sslrootcert":
                guard !value.isEmpty else { return .failure(InvalidValue("sslrootcert must name a PEM file")) }
                settings.rootCertificate = value
            default:
                return .failure(InvalidValue("the URL parameter '\(name)' is not supported; only sslmode and sslrootcert are"))
            }
        }
        if settings.rootCertificate != nil, settings.tls != .verifyFull {
            return .failure(InvalidValue("sslrootcert is only used with sslmode=verify-full"))
        }
        return .success(settings)
    }

    /// `%40` as `@`; nil for a broken escape or bytes that are not UTF-8.
    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
