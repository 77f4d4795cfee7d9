import Foundation
import Hummingbird
import MailQueue
import NIOPosix
import PasswordHashing

/// Decides who a request acts for: the API token (`Authorization: Bearer`), an admin user
/// (`Authorization: Basic`, or the login form's session cookie), or nobody.
struct Authenticator: Sendable {
    static let sessionCookie = "postamt_session"

    let token: String?
    let admins: Set<String>
    let users: any UserStore
    let sessions: SessionStore
    let throttle: LoginThrottle

    /// The identity of `request`; throws 429 while its client is throttled, and 401 for
    /// credentials that are given but wrong (rather than treating them as absent).
    func identify(_ request: Request, client: String) async throws -> AdminIdentity? {
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { throw APIError(.unauthorized, "the Authorization header is malformed") }
            let scheme = parts[0].lowercased()
            let value = String(parts[1]).trimmingCharacters(in: .whitespaces)
            guard throttle.mayTry(client) else { throw APIError(.tooManyRequests, "too many failed logins from \(client); try again later") }
            switch scheme {
            case "bearer":
                if let token, ConstantTime.equals(Array(value.utf8), Array(token.utf8)) {
                    throttle.recordSuccess(client)
                    return .token
                }
                throttle.recordFailure(client)
                throw APIError(.unauthorized, "the token is wrong")
            case "basic":
                guard let decoded = Data(base64Encoded: value).flatMap({ String(data: $0, encoding: .utf8) }),
                    let colon = decoded.firstIndex(of: ":")
                else { throw APIError(.unauthorized, "the Basic credentials are malformed") }
                let user = String(decoded[..<colon])
                if let name = await verify(user: user, password: String(decoded[decoded.index(after: colon)...]), client: client) {
                    return .user(name)
                }
                throw APIError(.unauthorized, "wrong user name or password, or the user is no admin")
            default:
                throw APIError(.unauthorized, "use Authorization: Bearer TOKEN or Basic")
            }
        }
        if let id = request.cookies[Self.sessionCookie]?.value, let session = sessions.session(id) {
            return .session(user: session.user, csrf: session.csrf)
        }
        return nil
    }

    /// The user's name when `password` is right and the user is an admin; counts failures.
    /// The hash is checked even for unknown users, so timing does not tell which exist.
    func verify(user: String, password: String, client: String) async -> String? {
        let name = user.lowercased()
        let record = try? await users.user(named: name)
        let hash = record?.passwordHash ?? Self.unknownUserHash
        let bytes = Array(password.utf8)
        let matches = (try? await NIOThreadPool.singleton.runIfActive { PasswordHasher.verify(bytes, against: hash) }) ?? false
        guard matches, record != nil, admins.contains(name) else {
            throttle.recordFailure(client)
            return nil
        }
        throttle.recordSuccess(client)
        return name
    }

    private static let unknownUserHash: String = (try? PasswordHasher.hash(Array("postamt-unknown-admin".utf8))) ?? "*"
}
