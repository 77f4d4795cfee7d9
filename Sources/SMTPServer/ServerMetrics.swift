import Metrics

/// Where the SMTP layer reports what it sees: counters through swift-metrics, and the
/// events about one client that an operator may need to act on to an observer (the web
/// admin's recent rejections).
public struct ServerMetrics: Sendable {
    /// The metrics backend; nil uses the process-wide `MetricsSystem` at each count.
    public var factory: (any MetricsFactory)?
    public var observer: (@Sendable (ServerEvent) -> Void)?
    /// The counters of every reply and connection, made once: making a counter looks it up
    /// in the backend's registry under a lock, and these are counted for every reply.
    private let replyCounters: [ListenerRole: [Counter]]?
    private let connectionCounters: [ListenerRole: Counter]?

    public init(factory: (any MetricsFactory)? = nil, observer: (@Sendable (ServerEvent) -> Void)? = nil) {
        self.factory = factory
        self.observer = observer
        if let factory {
            replyCounters = Dictionary(uniqueKeysWithValues: ListenerRole.allCases.map { role in
                (role, Self.replyClasses.map { Counter(label: "postamt_replies_total", dimensions: [("listener", role.rawValue), ("class", "\($0)xx")], factory: factory) })
            })
            connectionCounters = Dictionary(uniqueKeysWithValues: ListenerRole.allCases.map { role in
                (role, Counter(label: "postamt_connections_total", dimensions: [("listener", role.rawValue)], factory: factory))
            })
        } else {
            replyCounters = nil
            connectionCounters = nil
        }
    }

    private static let replyClasses = 2...5

    private func count(_ label: String, _ dimensions: [(String, String)]) {
        Counter(label: label, dimensions: dimensions, factory: factory ?? MetricsSystem.factory).increment()
    }

    func connection(_ listener: ListenerRole) {
        if let counter = connectionCounters?[listener] { return counter.increment() }
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
        if Self.replyClasses.contains(code / 100), let counters = replyCounters?[listener] {
            return counters[code / 100 - Self.replyClasses.lowerBound].increment()
        }
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
