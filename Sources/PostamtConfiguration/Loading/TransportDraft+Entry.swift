// `--transport` and POSTAMT_TRANSPORTS: one route per entry, written
// `example.org=relay.example.net:25;tls=required`. The parts after the address are the keys
// of a [[transport]] table and are checked by the same code. `;` separates them because `,`
// separates the entries of POSTAMT_TRANSPORTS and `:` is part of the address.
extension TransportDraft {
    static let entrySyntax = "DOMAIN=HOST[:PORT][;tls=MODE][;username=NAME;password_file=PATH]"
    static let entryExample = "example.org=relay.example.net:25;tls=required"
    /// The keys an entry may set after its address.
    static let entryKeys: [Key] = [.tls, .username, .passwordFile]

    /// The route `text` describes, or nil when it is not one; every problem is reported.
    static func entry(_ text: String, origin: Origin, errors: inout [ConfigurationError]) -> TransportDraft? {
        var options = text.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        let route = options.removeFirst()
        guard let equals = route.firstIndex(of: "=") else {
            errors.append(origin.error("transport", "'\(text)' is not a route; write \(entrySyntax), e.g. \(entryExample)"))
            return nil
        }
        let domain = route[..<equals].trimmingWhitespace()
        guard domain != Transport.everyDomain else {
            // One way to set the relay for every domain, so that two cannot disagree.
            errors.append(origin.error(
                Key.domain.path, "'*' has no place in a route: set the relay for all other domains with POSTAMT_RELAY_HOST or --relay-host"))
            return nil
        }
        var draft = TransportDraft(origin: origin)
        draft.set(.domain, domain, origin: origin, errors: &errors)
        draft.set(.address, route[route.index(after: equals)...].trimmingWhitespace(), origin: origin, errors: &errors)
        var given: Set<Key> = []
        for option in options where !option.isEmpty {
            guard let equals = option.firstIndex(of: "=") else {
                errors.append(origin.error("transport", "'\(option)' in '\(text)' needs a value, e.g. tls=required"))
                continue
            }
            let name = option[..<equals].trimmingWhitespace()
            let value = option[option.index(after: equals)...].trimmingWhitespace()
            guard let key = Key(rawValue: name), entryKeys.contains(key) else {
                draft.reportUnknown(name, in: text, origin: origin, errors: &errors)
                continue
            }
            guard given.insert(key).inserted else {
                errors.append(origin.error(key.path, "\(name) is given twice in '\(text)'"))
                continue
            }
            draft.set(key, value, origin: origin, errors: &errors)
        }
        return draft
    }

    private mutating func reportUnknown(_ name: String, in text: String, origin: Origin, errors: inout [ConfigurationError]) {
        if name == "password" {
            meant.insert(.passwordFile)
            errors.append(origin.error(
                "transport.password",
                "a password is never given on the command line or in the environment, which other processes and logs can see; "
                    + "write it into a file only Postamt can read and name that with password_file=PATH"))
            return
        }
        let names = Self.entryKeys.map(\.rawValue)
        let suggestion = Suggestion.closest(to: name, in: names)
        if let suggestion, let key = Key(rawValue: suggestion) { meant.insert(key) }
        let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
        errors.append(origin.error("transport.\(name)", "unknown key '\(name)' in '\(text)'\(hint); use \(names.joined(separator: ", "))"))
    }
}
