import SMTPCore

/// One connection to try: a mail exchanger and one of its addresses. The host name is
/// kept for TLS (the name to verify), logs and DSNs.
public struct ConnectionAttempt: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var address: IPAddress

    public init(host: String, address: IPAddress) {
        self.host = host
        self.address = address
    }

    public var description: String { "\(host)[\(address)]" }
}

/// Which address families to use, and in which order within one host.
public enum AddressFamilyPreference: Sendable, Hashable {
    /// IPv6 and IPv4 alternate, IPv6 first: v6, v4, v6, v4… (the default). IPv6 is
    /// preferred, as RFC 6724 and RFC 8305 §4 do, but a host whose IPv6 route is broken
    /// costs one failed connection before IPv4 is tried, not one per IPv6 address.
    case interleaved
    /// All IPv6 addresses, then all IPv4 addresses.
    case ipv6First
    /// IPv4 only, for servers without working IPv6 (or without reverse DNS for it, which
    /// large receivers require).
    case ipv4Only
    /// IPv6 only.
    case ipv6Only
}

extension MXRouting {
    /// The connections to try, in order: host by host in the order of `hosts` (the order
    /// of a ``RoutePlan``, which RFC 5321 §5.1 requires to be kept), and within each host
    /// its addresses ordered by `preference`.
    ///
    /// `addresses` maps host names (compared without regard to case or a trailing dot) to
    /// what ``DNSResolver/addresses(_:)`` returned; hosts without an entry, or without an
    /// address of a usable family, are skipped. An address already listed for an earlier
    /// host is skipped too (IPv4-mapped IPv6 counts as the IPv4 address): two MX names for
    /// one server would otherwise double every failure.
    public static func attempts(
        hosts: [String], addresses: [String: [IPAddress]], preference: AddressFamilyPreference = .interleaved
    ) -> [ConnectionAttempt] {
        var byHost = [String: [IPAddress]]()
        for (host, list) in addresses { byHost[DNSName.normalized(host), default: []] += list }

        var seen = Set<IPAddress>()
        var attempts = [ConnectionAttempt]()
        for host in hosts {
            let list = byHost[DNSName.normalized(host)] ?? []
            var ipv6 = [IPAddress]()
            var ipv4 = [IPAddress]()
            for address in list {
                if case .v4 = address.unmapped { ipv4.append(address.unmapped) } else { ipv6.append(address) }
            }
            let ordered: [IPAddress] =
                switch preference {
                case .interleaved: interleave(ipv6, ipv4)
                case .ipv6First: ipv6 + ipv4
                case .ipv4Only: ipv4
                case .ipv6Only: ipv6
                }
            for address in ordered where seen.insert(address).inserted {
                attempts.append(ConnectionAttempt(host: host, address: address))
            }
        }
        return attempts
    }

    private static func interleave(_ first: [IPAddress], _ second: [IPAddress]) -> [IPAddress] {
        var result = [IPAddress]()
        result.reserveCapacity(first.count + second.count)
        for index in 0..<max(first.count, second.count) {
            if index < first.count { result.append(first[index]) }
            if index < second.count { result.append(second[index]) }
        }
        return result
    }
}
