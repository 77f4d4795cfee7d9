// [[transport]]: domain = "*", address = "smtp.provider.example:587", tls = "required", …
extension FileReader {
    static let transportKeys = TransportDraft.Key.allCases.map(\.rawValue)

    /// Reads the routes; they are checked as a whole in the builder, after the environment
    /// and flags may have changed the relay.
    mutating func readTransports(_ tables: [TOMLTable], into builder: inout ConfigurationBuilder) {
        var drafts: [TransportDraft] = []
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
            if let draft = readTransport(table, misspelled: misspelled, domainLines: &domainLines) { drafts.append(draft) }
        }
        builder.transports = drafts
    }

    /// - Parameter misspelled: keys an unknown key was probably meant as; they are not
    ///   reported missing as well.
    private mutating func readTransport(_ table: TOMLTable, misspelled: Set<String>, domainLines: inout [String: Int]) -> TransportDraft? {
        var draft = TransportDraft(origin: origin(table.line))
        draft.meant = Set(misspelled.compactMap(TransportDraft.Key.init(rawValue:)))
        if table["password"] != nil { draft.meant.insert(.passwordFile) }
        if let text = string(table, "domain", section: "transport") {
            draft.set(.domain, text.value, origin: origin(text.line), errors: &errors)
            if let domain = draft.domain, let first = domainLines[domain] {
                fail(text.line, "transport.domain", "'\(domain)' already has a transport on line \(first)")
                return nil
            }
            if let domain = draft.domain { domainLines[domain] = text.line }
        } else if table["domain"] == nil && !draft.meant.contains(.domain) {
            fail(table.line, "transport.domain", "missing: each [[transport]] needs the recipient domain it is for, or \"*\" for all others")
        }
        if table["address"] == nil && !draft.meant.contains(.address) {
            fail(table.line, "transport.address", "missing: each [[transport]] needs the relay's address, e.g. \"smtp.example.net:587\"")
        }
        for key in [TransportDraft.Key.address, .tls, .username, .passwordFile] {
            if let text = string(table, key.rawValue, section: "transport") {
                draft.set(key, text.value, origin: origin(text.line), errors: &errors)
            }
        }
        return draft
    }
}
