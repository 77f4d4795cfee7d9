// [[listener]]: role = "mx", address = "0.0.0.0:25"
extension FileReader {
    static let listenerKeys = ["role", "address"]

    /// Listeners in the file replace all default listeners: a file that lists some means
    /// exactly those.
    mutating func readListeners(_ tables: [TOMLTable], into builder: inout ConfigurationBuilder) {
        var listeners: [(listener: Listener, origin: Origin?)] = []
        for table in tables {
            let misspelled = rejectUnknownKeys(in: table, section: "listener", known: Self.listenerKeys)
            var role: Listener.Role?
            if let text = string(table, "role", section: "listener") {
                apply(SettingValue.role(text.value), text, "listener.role") { role = $0 }
            } else if table["role"] == nil && !misspelled.contains("role") {
                fail(table.line, "listener.role", "missing: each [[listener]] needs role = \"mx\", \"submission\" or \"submissions\"")
            }
            guard let address = string(table, "address", section: "listener") else {
                if table["address"] == nil && !misspelled.contains("address") {
                    fail(table.line, "listener.address", "missing: each [[listener]] needs an address such as \"0.0.0.0:25\"")
                }
                continue
            }
            guard let role else { continue }
            let origin = origin(address.line)
            apply(SettingValue.listener(address.value, role: role), address, "listener.address") { listeners.append(($0, origin)) }
        }
        builder.replaceListeners(of: Set(Listener.Role.allCases), with: listeners)
    }
}
