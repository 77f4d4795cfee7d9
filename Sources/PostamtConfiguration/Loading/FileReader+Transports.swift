// [[transport]]: domain = "*", address = "smtp.provider.example:587", tls = "required", …
extension FileReader {
    static let transportKeys = ["domain", "address", "tls", "username", "password_file"]

    mutating func readTransports(_ tables: [TOMLTable], into builder: inout ConfigurationBuilder) {
        var transports: [Transport] = []
        var domainLines: [String: Int] = [:]
        for table in tables {
            if let password = table["password"] {
                // Caught before the unknown-key check to say where the password belongs.
                fail(password.line, "transport.password",
                     "passwords do not belong in the configuration file; write it into a file readable only by Postamt and name it with password_file")
            }
            var rest = table
            rest.remove("password")
            let misspelled = rejectUnknownKeys(in: rest, section: "transport", known: Self.transportKeys)
            if let transport = readTransport(table, misspelled: misspelled, domainLines: &domainLines) { transports.append(transport) }
        }
        builder.configuration.transports = transports
    }

    /// - Parameter misspelled: keys an unknown key was probably meant as; they are not
    ///   reported missing as well.
    private mutating func readTransport(_ table: TOMLTable, misspelled: Set<String>, domainLines: inout [String: Int]) -> Transport? {
        var domain: String?
        if let text = string(table, "domain", section: "transport") {
            if text.value == Transport.everyDomain {
                domain = text.value
            } else {
                apply(SettingValue.domain(text.value), text, "transport.domain") { domain = $0 }
            }
            if let domain, let first = domainLines[domain] {
                fail(text.line, "transport.domain", "'\(domain)' already has a transport on line \(first)")
                return nil
            }
            if let domain { domainLines[domain] = text.line }
        } else if table["domain"] == nil && !misspelled.contains("domain") {
            fail(table.line, "transport.domain", "missing: each [[transport]] needs the recipient domain it is for, or \"*\" for all others")
        }

        var tls = Transport.TLSMode.required
        if let text = string(table, "tls", section: "transport") {
            apply(SettingValue.enumeration(text.value, Transport.TLSMode.self, what: "tls mode"), text, "transport.tls") { tls = $0 }
        }

        var host: String?
        var port: Int?
        if let text = string(table, "address", section: "transport") {
            switch HostPort.parse(text.value, portRequired: false) {
            case .success(let address) where address.port == 0:
                fail(text.line, "transport.address", "port 0 is not a port to connect to")
            case .success(let address):
                host = address.host
                port = address.port ?? (tls == .implicit ? 465 : 25)
            case .failure(let problem):
                fail(text.line, "transport.address", problem.message(text.value, example: "smtp.example.net:587"))
            }
        } else if table["address"] == nil && !misspelled.contains("address") {
            fail(table.line, "transport.address", "missing: each [[transport]] needs the relay's address, e.g. \"smtp.example.net:587\"")
        }

        let username = string(table, "username", section: "transport")
        let passwordFile = string(table, "password_file", section: "transport")
        var credentials: Transport.Credentials?
        switch (username, passwordFile) {
        case (let username?, let passwordFile?):
            credentials = Transport.Credentials(username: username.value, passwordFile: passwordFile.value)
            if !tls.protectsCredentials {
                fail(username.line, "transport.username",
                     "a password must not be sent with tls = \"\(tls.rawValue)\", where an attacker can read or downgrade the connection; "
                        + "use \"required\" or \"implicit\"")
            }
        case (let username?, nil) where table["password"] == nil && !misspelled.contains("password_file"):
            fail(username.line, "transport.password_file", "username needs password_file, the file that holds the password")
        case (nil, let passwordFile?) where !misspelled.contains("username"):
            fail(passwordFile.line, "transport.username", "password_file needs a username")
        default:
            break
        }
        guard let domain, let host, let port else { return nil }
        return Transport(domain: domain, host: host, port: port, tls: tls, credentials: credentials)
    }
}
