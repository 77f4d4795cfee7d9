import Metrics

/// The counters the SMTP layer reports through swift-metrics; the process's metrics backend
/// (Prometheus in `postamt serve`) decides where they go.
enum ServerMetrics {
    static func connection(_ listener: ListenerRole) {
        Counter(label: "postamt_connections_total", dimensions: [("listener", listener.rawValue)]).increment()
    }

    static func refused(_ listener: ListenerRole, reason: String) {
        Counter(label: "postamt_connections_refused_total", dimensions: [("listener", listener.rawValue), ("reason", reason)]).increment()
    }

    /// A client using the wrong port or TLS mode: `kind` is `tls-on-plaintext` or `plaintext-on-tls`.
    static func wrongPort(_ listener: ListenerRole, kind: String) {
        Counter(label: "postamt_wrong_port_total", dimensions: [("listener", listener.rawValue), ("kind", kind)]).increment()
    }

    static func reply(_ listener: ListenerRole, code: Int) {
        Counter(label: "postamt_replies_total", dimensions: [("listener", listener.rawValue), ("class", "\(code / 100)xx")]).increment()
    }

    static func tlsHandshake(_ listener: ListenerRole, succeeded: Bool) {
        Counter(label: "postamt_tls_handshakes_total", dimensions: [("listener", listener.rawValue), ("result", succeeded ? "ok" : "failed")]).increment()
    }
}
