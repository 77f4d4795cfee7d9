import DNS
import SMTPCore

/// Routes by DNS (RFC 5321 §5.1): the domain's MX hosts in preference order (equal
/// preferences shuffled), the domain itself when it has no MX, nothing for a null MX
/// (RFC 7505). Each address of each host is one target, IPv6 and IPv4 interleaved. STARTTLS
/// is used when offered, without certificate checks (RFC 7435 opportunistic security).
public struct DNSRouter: DeliveryRouter {
    public let resolver: any DNSResolver
    /// 25, except in tests, where the receiving servers listen on free ports.
    public let port: Int

    public init(resolver: any DNSResolver, port: Int = 25) {
        self.resolver = resolver
        self.port = port
    }

    public func route(for domain: String) async -> OutboundRoute {
        do {
            switch try await MXRouting.resolve(domain: domain, using: resolver) {
            case .nullMX:
                return .nullMX
            case .unroutable(let reason):
                return .permanentFailure(reason)
            case .attempts(let attempts):
                return .targets(attempts.map { attempt in
                    DeliveryTarget(host: attempt.address.description, port: port, serverName: attempt.host, tlsPolicy: .opportunistic)
                })
            }
        } catch {
            switch error {
            case .nonexistentDomain(let name): return .permanentFailure("\(name) does not exist (NXDOMAIN)")
            case .invalidName(let name): return .permanentFailure("\(name) is not a valid domain name")
            case .temporaryFailure(let reason): return .temporaryFailure(reason)
            }
        }
    }
}
