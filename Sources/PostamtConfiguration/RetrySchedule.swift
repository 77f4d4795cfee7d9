/// When the queue retries mail it could not deliver yet.
///
/// The defaults follow RFC 5321 §4.5.4.1: the first retry after some minutes, then waits
/// that grow (here doubling up to an hour), and giving up after 4–5 days.
public struct RetrySchedule: Sendable, Hashable {
    /// The wait before the first retry. Default 5 minutes.
    public var firstInterval: Duration
    /// Each wait is the one before times this factor. Default 2.
    public var backoffMultiplier: Int
    /// No wait is longer than this. Default 1 hour.
    public var maximumInterval: Duration
    /// After this time in the queue the message is bounced. Default 5 days.
    public var lifetime: Duration
    /// After this time the sender is told that the message is delayed (a "delayed" DSN,
    /// RFC 3464); nil sends no such notice. Default 4 hours.
    public var delayNotice: Duration?

    public init(
        firstInterval: Duration = .seconds(5 * 60),
        backoffMultiplier: Int = 2,
        maximumInterval: Duration = .seconds(60 * 60),
        lifetime: Duration = .seconds(5 * 24 * 60 * 60),
        delayNotice: Duration? = .seconds(4 * 60 * 60)
    ) {
        self.firstInterval = firstInterval
        self.backoffMultiplier = backoffMultiplier
        self.maximumInterval = maximumInterval
        self.lifetime = lifetime
        self.delayNotice = delayNotice
    }

    /// The wait after the `failures`-th failed attempt (1 for the first):
    /// `firstInterval × multiplier^(failures−1)`, at most ``maximumInterval``.
    public func interval(afterFailures failures: Int) -> Duration {
        var interval = firstInterval
        for _ in 1..<max(1, failures) {
            interval *= backoffMultiplier
            if interval >= maximumInterval { break }
        }
        return min(interval, maximumInterval)
    }
}
