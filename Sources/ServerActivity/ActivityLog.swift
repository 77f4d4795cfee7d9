import Synchronization

/// Counts of ``ActivityKind`` events per minute over the last day, kept in memory, for the
/// dashboard's charts. Recording is a lock and an increment, cheap enough for every message.
///
/// Counts start when the process starts; what happened before a restart is in the log and
/// in Prometheus, which keeps history properly.
public final class ActivityLog: Sendable {
    /// How many minutes are kept: one day.
    public static let minutesKept = 24 * 60

    private struct State {
        /// `counts[kind][minute % minutesKept]`, valid when `minutes[slot] == minute`.
        var counts: [ActivityKind: [Int]]
        var minutes: [Int]
        var totals: [ActivityKind: Int]
    }

    private let state: Mutex<State>

    /// Seconds since 1970 when the log was created.
    public let startedAt: Double

    public init(startedAt: Double) {
        self.startedAt = startedAt
        let empty = [Int](repeating: 0, count: Self.minutesKept)
        state = Mutex(State(
            counts: Dictionary(uniqueKeysWithValues: ActivityKind.allCases.map { ($0, empty) }),
            minutes: [Int](repeating: -1, count: Self.minutesKept),
            totals: [:]
        ))
    }

    /// Counts `count` events of `kind` at `time` (seconds since 1970).
    public func record(_ kind: ActivityKind, count: Int = 1, at time: Double) {
        let minute = Int(time / 60)
        let slot = minute % Self.minutesKept
        state.withLock { state in
            if state.minutes[slot] != minute {
                // The slot last held a minute a day or more ago: start it afresh for every kind.
                for other in ActivityKind.allCases { state.counts[other]![slot] = 0 }
                state.minutes[slot] = minute
            }
            state.counts[kind]![slot] += count
            state.totals[kind, default: 0] += count
        }
    }

    /// Events since the process started, by kind.
    public func totals() -> [ActivityKind: Int] {
        state.withLock { state in
            Dictionary(uniqueKeysWithValues: ActivityKind.allCases.map { ($0, state.totals[$0] ?? 0) })
        }
    }

    /// `buckets` counts of `kind`, oldest first, each covering `bucketMinutes` minutes; the
    /// last bucket ends with the minute of `now`.
    public func series(_ kind: ActivityKind, buckets: Int, bucketMinutes: Int, now: Double) -> [Int] {
        precondition(buckets > 0 && bucketMinutes > 0 && buckets * bucketMinutes <= Self.minutesKept, "more than a day asked for")
        let lastMinute = Int(now / 60)
        let firstMinute = lastMinute - buckets * bucketMinutes + 1
        return state.withLock { state in
            var result = [Int](repeating: 0, count: buckets)
            let counts = state.counts[kind]!
            for minute in firstMinute...lastMinute where minute >= 0 {
                let slot = minute % Self.minutesKept
                guard state.minutes[slot] == minute else { continue }
                result[(minute - firstMinute) / bucketMinutes] += counts[slot]
            }
            return result
        }
    }
}
