import Foundation
import Metrics
import Prometheus
import SMTPServer
import ServerActivity
import Synchronization

/// What the server counts: Prometheus metrics on the server's own registry, the per-minute
/// activity for the dashboard's charts, and the recent rejections by client. One call per
/// event keeps the three in step.
public final class ServerMonitor: Sendable {
    /// The metrics `/metrics` shows. Each server has its own registry, so two servers in
    /// one process (as in tests) do not mix their figures.
    public let registry: PrometheusCollectorRegistry
    public let activity: ActivityLog
    public let rejections: RecentRejections
    let factory: PrometheusMetricsFactory

    public init(now: Double = Date().timeIntervalSince1970) {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Delivery attempts take from milliseconds (a local Maildir) to minutes (a slow MX).
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
        ]
        self.factory = factory
        activity = ActivityLog(startedAt: now)
        rejections = RecentRejections()
    }

    /// The SMTP layer's counters and client events, routed here.
    var smtpMetrics: ServerMetrics {
        ServerMetrics(factory: factory) { [self] event in
            switch event {
            case .wrongPort(let listener, let client, let kind):
                let detail = kind == "tls-on-plaintext"
                    ? "TLS handshake on a plaintext/STARTTLS port: the client is set to SSL/TLS; use port 465 for that, or STARTTLS here"
                    : "plaintext on the implicit-TLS port: the client should use SSL/TLS here, or port 587 with STARTTLS"
                reject(.wrongPort, listener: listener.rawValue, client: client, detail: detail)
            case .tlsHandshakeFailed(let listener, let client, let error):
                reject(.tlsFailure, listener: listener.rawValue, client: client, detail: error)
            }
        }
    }

    private func count(_ label: String, _ dimensions: [(String, String)] = []) {
        counters.metric(label, dimensions) { Counter(label: label, dimensions: dimensions, factory: factory) }.increment()
    }

    /// The counters and timers made so far. Making one looks it up in the registry under its
    /// lock, with the label and dimensions rendered for Prometheus, and some are counted for
    /// every message (accepted, delivered, the attempt's duration).
    private let counters = MetricTable<Metrics.Counter>()
    private let timers = MetricTable<Metrics.Timer>()

    /// Metrics of one kind by label and dimensions, each made the first time it is asked for.
    private final class MetricTable<Metric: Sendable>: Sendable {
        private struct Key: Hashable {
            var label: String
            var dimensions: [String]
        }

        private let made = Mutex<[Key: Metric]>([:])

        func metric(_ label: String, _ dimensions: [(String, String)], make: () -> Metric) -> Metric {
            let key = Key(label: label, dimensions: dimensions.flatMap { [$0.0, $0.1] })
            return made.withLock { made in
                if let metric = made[key] { return metric }
                let metric = make()
                made[key] = metric
                return metric
            }
        }
    }

    func messageAccepted(listener: String) {
        count("postamt_messages_accepted_total", [("listener", listener)])
        activity.record(.accepted, at: Date().timeIntervalSince1970)
    }

    /// A refusal in the SMTP dialogue: counted as a rejected message where it refuses mail,
    /// and listed under recent rejections.
    func reject(_ kind: Rejection.Kind, listener: String, client: String, detail: String) {
        let now = Date().timeIntervalSince1970
        switch kind {
        case .relayDenied, .unknownRecipient, .senderRefused, .storage:
            count("postamt_messages_rejected_total", [("reason", kind.rawValue)])
            activity.record(.rejected, at: now)
        case .authentication:
            count("postamt_auth_failures_total", [("listener", listener)])
        case .wrongPort, .tlsFailure:
            break  // counted by the SMTP layer
        }
        rejections.record(Rejection(time: now, clientAddress: client, listener: listener, kind: kind, detail: detail))
    }

    func delivered(route: String) {
        count("postamt_messages_delivered_total", [("route", route)])
        activity.record(.delivered, at: Date().timeIntervalSince1970)
    }

    func deferred(route: String) {
        count("postamt_messages_deferred_total", [("route", route)])
        activity.record(.deferred, at: Date().timeIntervalSince1970)
    }

    func bounced(route: String) {
        count("postamt_messages_bounced_total", [("route", route)])
        activity.record(.bounced, at: Date().timeIntervalSince1970)
    }

    /// How long one delivery attempt took, by route.
    func attemptDuration(_ seconds: Double, route: String) {
        let label = "postamt_delivery_attempt_duration_seconds"
        let dimensions = [("route", route)]
        timers.metric(label, dimensions) { Timer(label: label, dimensions: dimensions, factory: factory) }
            .recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }
}
