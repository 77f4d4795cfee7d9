import Foundation
import Synchronization

/// Refuses logins from a client address after too many failures in a row, for a while, so a
/// password cannot be guessed through the admin pages or the API.
final class LoginThrottle: Sendable {
    let failureLimit: Int
    let window: Double
    private let failures = Mutex<[String: [Double]]>([:])

    init(failureLimit: Int = 5, window: Double = 900) {
        self.failureLimit = failureLimit
        self.window = window
    }

    /// Whether `client` may try (again) now.
    func mayTry(_ client: String, now: Double = Date().timeIntervalSince1970) -> Bool {
        failures.withLock { failures in
            let recent = (failures[client] ?? []).filter { $0 > now - window }
            failures[client] = recent.isEmpty ? nil : recent
            return recent.count < failureLimit
        }
    }

    func recordFailure(_ client: String, now: Double = Date().timeIntervalSince1970) {
        failures.withLock { failures in
            if failures.count > 10_000 { failures = failures.filter { $0.value.contains { $0 > now - window } } }
            failures[client, default: []].append(now)
        }
    }

    func recordSuccess(_ client: String) {
        _ = failures.withLock { $0.removeValue(forKey: client) }
    }
}
