import SMTPCore

/// How the separate AAAA and A answers for one host become one list of addresses.
enum AddressLookup {
    /// IPv6 addresses first, then IPv4.
    ///
    /// Whatever addresses were found are returned even if the other query failed
    /// temporarily: a name server that mishandles AAAA queries (still seen behind some
    /// middleboxes) must not keep mail from a host reachable over IPv4. With no addresses
    /// at all, a temporary failure wins over NXDOMAIN (a later try may find the host),
    /// and NXDOMAIN wins over an empty answer (the two queries disagreeing about whether
    /// the name exists means the name is on its way out or in).
    static func combine(
        ipv6: Result<[IPAddress], DNSError>, ipv4: Result<[IPAddress], DNSError>
    ) throws(DNSError) -> [IPAddress] {
        let found = ((try? ipv6.get()) ?? []) + ((try? ipv4.get()) ?? [])
        if !found.isEmpty { return found }
        let errors = [ipv6, ipv4].compactMap { result -> DNSError? in
            if case .failure(let error) = result { return error }
            return nil
        }
        if let temporary = errors.first(where: \.isTemporary) { throw temporary }
        if let other = errors.first { throw other }
        return []
    }
}
