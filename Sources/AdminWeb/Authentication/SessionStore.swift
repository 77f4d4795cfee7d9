import Foundation
import Synchronization

/// Logins of the web admin: a random session ID in a cookie, held in memory (a restart logs
/// everyone out), each with its own CSRF token for forms.
final class SessionStore: Sendable {
    struct Session: Sendable {
        var user: String
        var csrf: String
        var expires: Double
    }

    /// How long a session lasts without use.
    static let lifetime: Double = 8 * 3600
    private static let maximumSessions = 1000

    private let sessions = Mutex<[String: Session]>([:])

    /// Starts a session for `user`; returns its ID.
    func create(user: String, now: Double = Date().timeIntervalSince1970) -> (id: String, session: Session) {
        let id = Self.randomToken()
        let session = Session(user: user, csrf: Self.randomToken(), expires: now + Self.lifetime)
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.expires > now }
            if sessions.count >= Self.maximumSessions, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires }) {
                sessions.removeValue(forKey: oldest.key)
            }
            sessions[id] = session
        }
        return (id, session)
    }

    /// The live session with this ID, its lifetime renewed.
    func session(_ id: String, now: Double = Date().timeIntervalSince1970) -> Session? {
        sessions.withLock { sessions in
            guard var session = sessions[id] else { return nil }
            guard session.expires > now else {
                sessions.removeValue(forKey: id)
                return nil
            }
            session.expires = now + Self.lifetime
            sessions[id] = session
            return session
        }
    }

    func remove(_ id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    /// Ends every session of `user` (after a password change or removal).
    func removeAll(of user: String) {
        sessions.withLock { sessions in sessions = sessions.filter { $0.value.user != user } }
    }

    /// 32 random bytes in hex.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
