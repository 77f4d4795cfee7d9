import SMTPCore

/// A ``DNSResolver`` that answers from tables given at creation: for tests of the layers
/// above DNS (routing, delivery, SPF), and for setups that must not touch DNS.
///
/// It follows the same rules as ``UnboundResolver``: names are checked the same way
/// (``DNSError/invalidName(_:)``) and compared without regard to case or a trailing dot;
/// a name with no entry for the type asked for, but present in some table (or the parent
/// of a name that is, as `_tcp.example.org` is for `_submission._tcp.example.org`),
/// exists and gets an empty answer; any other name is ``DNSError/nonexistentDomain(_:)``.
/// A name in `failures` fails with that error whatever type is asked for.
public struct StaticDNSResolver: DNSResolver {
    private let mxRecords: [String: [MXRecord]]
    private let addressRecords: [String: [IPAddress]]
    private let txtRecords: [String: [String]]
    private let srvRecords: [String: [SRVRecord]]
    private let failures: [String: DNSError]
    private let existingNames: Set<String>

    /// - Parameters:
    ///   - addresses: IPv6 and IPv4 addresses per host; returned IPv6 first, as
    ///     ``UnboundResolver`` does.
    ///   - failures: an error for every lookup of a name, e.g. `.temporaryFailure` to
    ///     model a broken name server.
    public init(
        mx: [String: [MXRecord]] = [:],
        addresses: [String: [IPAddress]] = [:],
        txt: [String: [String]] = [:],
        srv: [String: [SRVRecord]] = [:],
        failures: [String: DNSError] = [:]
    ) {
        func normalizedKeys<Value>(_ table: [String: Value], merge: (Value, Value) -> Value) -> [String: Value] {
            Dictionary(table.map { (DNSName.normalized($0.key), $0.value) }, uniquingKeysWith: merge)
        }
        mxRecords = normalizedKeys(mx, merge: +)
        addressRecords = normalizedKeys(addresses, merge: +)
        txtRecords = normalizedKeys(txt, merge: +)
        srvRecords = normalizedKeys(srv, merge: +)
        self.failures = normalizedKeys(failures) { first, _ in first }

        var names = Set<String>()
        let owners = [Array(mxRecords.keys), Array(addressRecords.keys), Array(txtRecords.keys), Array(srvRecords.keys)]
            .joined()
        for owner in owners {
            // Every ancestor of an owner name exists too (an "empty non-terminal").
            var labels = owner.split(separator: ".")[...]
            while !labels.isEmpty {
                names.insert(labels.joined(separator: "."))
                labels = labels.dropFirst()
            }
        }
        existingNames = names
    }

    public func mx(_ domain: String) async throws(DNSError) -> [MXRecord] {
        try lookup(domain, in: mxRecords)
    }

    public func addresses(_ host: String) async throws(DNSError) -> [IPAddress] {
        let addresses = try lookup(host, in: addressRecords)
        return addresses.filter { if case .v6 = $0 { true } else { false } }
            + addresses.filter { if case .v4 = $0 { true } else { false } }
    }

    public func txt(_ name: String) async throws(DNSError) -> [String] {
        try lookup(name, in: txtRecords)
    }

    public func srv(_ name: String) async throws(DNSError) -> [SRVRecord] {
        try lookup(name, in: srvRecords)
    }

    private func lookup<Record>(_ name: String, in table: [String: [Record]]) throws(DNSError) -> [Record] {
        let validated = try DNSName.validated(name)
        let key = DNSName.normalized(validated)
        if let failure = failures[key] { throw failure }
        if let records = table[key] { return records }
        guard existingNames.contains(key) else { throw .nonexistentDomain(validated) }
        return []
    }
}
