import Metrics

/// Where the SMTP layer reports what it sees: counters through swift-metrics, and the
/// events about one client that an operator may need to act on to an observer (the web
/// admin's recent rejections).
public struct ServerMetrics: Sendable {
    /// The metrics backend; nil uses the process-wide `MetricsSystem` at each count.
    public var factory: (any MetricsFactory)?
    public var observer: (@Sendable (ServerEvent) -> Void)?

    public init(factory: (any MetricsFactory)? = nil, observer: (@Sendable (ServerEvent) -> Void)? = nil) {
        self.factory = factory
        self.observer = observer
    }

    private func count(_ label: String, _ dimensions: [(String, String)]) {
        Counter(label: label, dimensions: dimensions, factory: factory ?? MetricsSystem.factory).increment()
    }

    func connection(_ listener: ListenerRole) {
        count("postamt_connections_total", [("listener", listener.rawValue)])
    }

    func refused(_ listener: ListenerRole, reason: String) {
        count("postamt_connections_refused_total", [("listener", listener.rawValue), ("reason", reason)])
    }

    /// A client using the wrong port or TLS mode: `kind` is `tls-on-plaintext` or `plaintext-on-tls`.
    func wrongPort(_ listener: ListenerRole, kind: String, client: String) {
        count("postamt_wrong_port_total", [("listener", listener.rawValue), ("kind", kind)])
        observer?(.wrongPort(listener: listener, clientAddress: client, kind: kind))
    }

    func reply(_ listener: ListenerRole, code: Int) {
        count("postamt_replies_total", [("listener", listener.rawValue), ("class", "\(code / 100)xx")])
    }

    func tlsHandshake(_ listener: ListenerRole, succeeded: Bool, client: String, error: String? = nil) {
        count("postamt_tls_handshakes_total", [("listener", listener.rawValue), ("result", succeeded ? "ok" : "failed")])
        if !succeeded { observer?(.tlsHandshakeFailed(listener: listener, clientAddress: client, error: error ?? "handshake failed")) }
    }
}

/// Something about one client the SMTP layer reports to ``ServerMetrics/observer``.
public enum ServerEvent: Sendable, Hashable {
    /// TLS on a plaintext port (`tls-on-plaintext`) or plaintext on the implicit-TLS port
    /// (`plaintext-on-tls`).
    case wrongPort(listener: ListenerRole, clientAddress: String, kind: String)
    case tlsHandshakeFailed(listener: ListenerRole, clientAddress: String, error: String)
}
