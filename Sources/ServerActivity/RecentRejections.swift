import Synchronization

/// The latest ``Rejection``s, bounded, newest first, and summed up by client address, so
/// an operator sees which client keeps using the wrong port or password.
public final class RecentRejections: Sendable {
    /// One client address and what it got wrong lately.
    public struct ClientSummary: Sendable, Hashable, Codable {
        public var clientAddress: String
        /// By ``Rejection/Kind`` raw value, e.g. `wrong-port`.
        public var counts: [String: Int]
        public var total: Int
        public var lastTime: Double
        /// The most recent rejection of this client.
        public var last: Rejection
    }

    public let capacity: Int
    private let ring: Mutex<[Rejection]>

    /// How many rejections are kept by default.
    public static let defaultCapacity = 500

    public init(capacity: Int = RecentRejections.defaultCapacity) {
        precondition(capacity > 0)
        self.capacity = capacity
        ring = Mutex([])
    }

    public func record(_ rejection: Rejection) {
        ring.withLock { ring in
            if ring.count == capacity { ring.removeFirst(capacity / 10 + 1) }
            ring.append(rejection)
        }
    }

    /// Newest first.
    public func all(limit: Int = .max) -> [Rejection] {
        ring.withLock { Array($0.reversed().prefix(limit)) }
    }

    /// One line per client address, the client with the most recent rejection first.
    public func byClient() -> [ClientSummary] {
        var summaries: [String: ClientSummary] = [:]
        for rejection in ring.withLock({ $0 }) {
            var summary = summaries[rejection.clientAddress]
                ?? ClientSummary(clientAddress: rejection.clientAddress, counts: [:], total: 0, lastTime: rejection.time, last: rejection)
            summary.counts[rejection.kind.rawValue, default: 0] += 1
            summary.total += 1
            if rejection.time >= summary.lastTime {
                summary.lastTime = rejection.time
                summary.last = rejection
            }
            summaries[rejection.clientAddress] = summary
        }
        return summaries.values.sorted { ($0.lastTime, $0.clientAddress) > ($1.lastTime, $1.clientAddress) }
    }
}
