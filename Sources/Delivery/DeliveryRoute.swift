import SMTPClient
import SMTPCore

/// One server to try for a domain, with how to talk to it.
public struct DeliveryTarget: Sendable, Hashable {
    /// What to connect to: an IP address or a host name.
    public var host: String
    public var port: Int
    /// The name the certificate must match (the MX or smarthost name).
    public var serverName: String?
    public var tlsPolicy: ClientSession.TLSPolicy
    public var verification: SMTPClientConnection.CertificateVerification
    public var credentials: Credentials?

    public init(
        host: String,
        port: Int,
        serverName: String?,
        tlsPolicy: ClientSession.TLSPolicy,
        verification: SMTPClientConnection.CertificateVerification = .none,
        credentials: Credentials? = nil
    ) {
        self.host = host
        self.port = port
        self.serverName = serverName
        self.tlsPolicy = tlsPolicy
        self.verification = verification
        self.credentials = credentials
    }

    /// `name[address]:port` for logs and attempt records.
    public var label: String {
        if let serverName, serverName != host { return "\(serverName)[\(host)]:\(port)" }
        return "\(host):\(port)"
    }
}

/// Where mail for a domain goes.
public enum OutboundRoute: Sendable, Hashable {
    /// Try these in order until one takes the message.
    case targets([DeliveryTarget])
    /// The domain publishes a null MX (RFC 7505): it accepts no mail (556 5.1.10).
    case nullMX
    /// The route cannot be found now (DNS timeout, SERVFAIL): try again later.
    case temporaryFailure(String)
    /// The domain does not exist (NXDOMAIN): bounce.
    case permanentFailure(String)
}

/// Decides the route for a recipient domain: a configured transport, or the domain's MX hosts.
public protocol DeliveryRouter: Sendable {
    func route(for domain: String) async -> OutboundRoute
}
