import Delivery
import Foundation
import PostamtConfiguration
import SMTPClient
import SMTPCore

/// Routes outbound mail by the configuration: a transport for the domain (or the `*`
/// smarthost) first; otherwise the domain's MX hosts, found by `mxRoute`.
struct ConfiguredRouter: DeliveryRouter {
    let transports: [Transport]
    let mxRoute: @Sendable (String) async -> OutboundRoute

    func route(for domain: String) async -> OutboundRoute {
        let exact = transports.first { $0.domain.lowercased() == domain.lowercased() }
        guard let transport = exact ?? transports.first(where: { $0.domain == Transport.everyDomain }) else {
            return await mxRoute(domain)
        }
        return .targets([target(for: transport)])
    }

    private func target(for transport: Transport) -> DeliveryTarget {
        let policy: ClientSession.TLSPolicy = switch transport.tls {
        case .none: .none
        case .opportunistic: .opportunistic
        case .required: .required
        case .implicit: .implicit
        }
        // The smarthost's password is read when it is needed, so rotating the file needs no restart.
        let credentials = transport.credentials.flatMap { credentials -> Credentials? in
            guard let text = try? String(contentsOfFile: credentials.passwordFile, encoding: .utf8) else { return nil }
            let password = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            return Credentials(mechanism: .plain, username: credentials.username, password: Array(password.utf8))
        }
        return DeliveryTarget(
            host: transport.host,
            port: transport.port,
            serverName: transport.host,
            tlsPolicy: policy,
            verification: policy == .required || policy == .implicit ? .system : .none,
            credentials: credentials
        )
    }
}
