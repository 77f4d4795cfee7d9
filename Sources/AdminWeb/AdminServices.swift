import MailQueue
import Prometheus
import ServerActivity

/// What the admin server reads and changes: the running mail server's parts.
public struct AdminServices: Sendable {
    /// The queue, to list, inspect and steer.
    public var queue: any QueueInspection & MessageStore
    public var users: any UserStore
    /// The server's own metrics registry, which `/metrics` writes out.
    public var metrics: PrometheusCollectorRegistry
    public var activity: ActivityLog
    public var rejections: RecentRejections
    /// The SMTP listeners as bound (with the ports they got).
    public var listeners: @Sendable () -> [ListenerStatus]
    /// Starts a delivery run now, after a retry or release.
    public var wakeDelivery: @Sendable () -> Void

    public init(
        queue: any QueueInspection & MessageStore,
        users: any UserStore,
        metrics: PrometheusCollectorRegistry,
        activity: ActivityLog,
        rejections: RecentRejections,
        listeners: @escaping @Sendable () -> [ListenerStatus],
        wakeDelivery: @escaping @Sendable () -> Void
    ) {
        self.queue = queue
        self.users = users
        self.metrics = metrics
        self.activity = activity
        self.rejections = rejections
        self.listeners = listeners
        self.wakeDelivery = wakeDelivery
    }
}

/// One bound SMTP listener.
public struct ListenerStatus: Sendable, Hashable, Codable {
    /// `mx`, `submission` or `submissions`.
    public var role: String
    public var host: String
    public var port: Int

    public init(role: String, host: String, port: Int) {
        self.role = role
        self.host = host
        self.port = port
    }
}
