import SMTPCore

// [aliases]: "info@example.com" = ["alice@example.com", "bob@example.com"]
extension FileReader {
    mutating func readAliases(_ table: TOMLTable, into builder: inout ConfigurationBuilder) {
        var aliases = builder.configuration.aliases
        var lines: [String: Int] = [:]
        for (key, value) in table.entries {
            let path = Self.path("aliases", key)
            guard let address = Self.aliasAddress(key) else {
                fail(value.line, path, "'\(key)' is not an address; write \"info@example.com\", or \"@example.com\" for every other address of a domain")
                continue
            }
            if let first = lines[address] {
                fail(value.line, path, "'\(key)' is the same address as the alias on line \(first); aliases ignore case")
                continue
            }
            lines[address] = value.line
            guard let targets = strings(table, key, section: "aliases") else { continue }
            var mailboxes: [String] = []
            for target in targets.value {
                guard let mailbox = Mailbox(target.value.trimmingWhitespace()) else {
                    fail(target.line, path, "'\(target.value)' is not a mail address")
                    continue
                }
                mailboxes.append("\(mailbox.localPart)@\(mailbox.domain.normalized)")
            }
            if targets.value.isEmpty {
                fail(value.line, path, "needs at least one address to deliver to")
            }
            aliases[address] = mailboxes
            builder.aliasOrigins[address] = origin(value.line)
        }
        builder.configuration.aliases = aliases
    }

    /// The alias key in the form lookups use: lowercased, like Postfix's alias tables.
    /// `@domain` is the catch-all for a domain.
    static func aliasAddress(_ key: String) -> String? {
        let key = key.trimmingWhitespace()
        if key.hasPrefix("@") {
            let domain = String(key.dropFirst())
            return DomainName.isValid(domain) ? "@" + DomainName.normalized(domain) : nil
        }
        guard let mailbox = Mailbox(key), case .name = mailbox.domain else { return nil }
        return "\(mailbox.localPart)@\(mailbox.domain.normalized)".lowercased()
    }
}
