import NIOConcurrencyHelpers
import SMTPCore

/// Slows down and then refuses repeated failed logins from one client address, so a password
/// cannot be guessed at line speed: after `failuresBeforeDelay` failures within `window`,
/// each further attempt waits one second more (capped at 10); at `failureLimit` the client is
/// refused (421 4.7.0) until the window has passed.
public final class AuthenticationThrottle: Sendable {
    public struct Policy: Sendable, Hashable {
        public var failuresBeforeDelay: Int
        public var failureLimit: Int
        public var window: Duration

        public init(failuresBeforeDelay: Int, failureLimit: Int, window: Duration) {
            self.failuresBeforeDelay = failuresBeforeDelay
            self.failureLimit = failureLimit
            self.window = window
        }
    }

    public enum Verdict: Sendable, Hashable {
        /// Check the password after waiting this long.
        case proceed(after: Duration)
        case refuse
    }

    public let policy: Policy
    private let failures = NIOLockedValueBox<[IPAddress: [ContinuousClock.Instant]]>([:])

    public init(policy: Policy) {
        self.policy = policy
    }

    /// Whether a login attempt from `client` may go ahead now, and after what delay.
    public func verdict(for client: IPAddress?, now: ContinuousClock.Instant = .now) -> Verdict {
        guard let client else { return .proceed(after: .zero) }
        let recent = failures.withLockedValue { table -> Int in
            let kept = (table[client] ?? []).filter { now - $0 < policy.window }
            table[client] = kept.isEmpty ? nil : kept
            return kept.count
        }
        if recent >= policy.failureLimit { return .refuse }
        let excess = recent - policy.failuresBeforeDelay + 1
        return .proceed(after: excess > 0 ? .seconds(min(excess, 10)) : .zero)
    }

    public func recordFailure(for client: IPAddress?, now: ContinuousClock.Instant = .now) {
        guard let client else { return }
        failures.withLockedValue { $0[client, default: []].append(now) }
    }

    public func recordSuccess(for client: IPAddress?) {
        guard let client else { return }
        failures.withLockedValue { $0[client] = nil }
    }
}
