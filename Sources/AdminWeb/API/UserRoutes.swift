import Foundation
import Hummingbird
import MailQueue
import NIOPosix
import PasswordHashing
import LocalDelivery
import SMTPCore

/// `/api/v1/users`: list, add, remove, change password.
struct UserRoutes: Sendable {
    let services: AdminServices
    let admins: Set<String>
    let sessions: SessionStore

    /// Shorter passwords are refused; NIST SP 800-63B's minimum for chosen passwords.
    static let minimumPasswordLength = 8

    func register(on group: RouterGroup<AdminRequestContext>) {
        group.get("users") { _, _ in
            JSONResponse.make(UserList(users: try await list()))
        }
        group.post("users") { request, context in
            let body = try await JSONResponse.decode(NewUser.self, from: request, context: context)
            let user = try await add(name: body.name, password: body.password)
            return JSONResponse.make(user, status: .created)
        }
        group.delete("users/:name") { _, context in
            try await remove(context.parameters.get("name") ?? "")
            return Response(status: .noContent)
        }
        group.put("users/:name/password") { request, context in
            let body = try await JSONResponse.decode(NewPassword.self, from: request, context: context)
            try await setPassword(body.password, for: context.parameters.get("name") ?? "")
            return Response(status: .noContent)
        }
    }

    struct NewUser: Decodable {
        var name: String
        var password: String
    }

    struct NewPassword: Decodable {
        var password: String
    }

    struct User: Encodable, Sendable {
        var name: String
        var createdAt: Double
        var admin: Bool
    }

    struct UserList: Encodable {
        var users: [User]
    }

    func list() async throws -> [User] {
        try await storage { try await services.users.allUsers() }.map {
            User(name: $0.name, createdAt: $0.createdAt, admin: admins.contains($0.name))
        }
    }

    func add(name: String, password: String) async throws -> User {
        let name = try Self.userName(name)
        let hash = try await Self.hash(password)
        guard try await storage({ try await services.users.addUser(named: name, passwordHash: hash) }) else {
            throw APIError(.conflict, "user \(name) exists already")
        }
        return User(name: name, createdAt: Date().timeIntervalSince1970, admin: admins.contains(name))
    }

    func remove(_ name: String) async throws {
        let name = name.lowercased()
        guard try await storage({ try await services.users.removeUser(named: name) }) else {
            throw APIError(.notFound, "no user \(name)")
        }
        sessions.removeAll(of: name)
    }

    func setPassword(_ password: String, for name: String) async throws {
        let name = name.lowercased()
        let hash = try await Self.hash(password)
        guard try await storage({ try await services.users.setPasswordHash(hash, forUserNamed: name) }) else {
            throw APIError(.notFound, "no user \(name)")
        }
        sessions.removeAll(of: name)
    }

    /// User names are mail addresses, stored lowercased.
    static func userName(_ text: String) throws(APIError) -> String {
        guard let mailbox = Mailbox(text.trimmingCharacters(in: .whitespaces)) else {
            throw APIError(.unprocessableContent, "'\(text)' is not a mail address; user names are addresses such as alice@example.com")
        }
        return mailbox.lookupKey
    }

    /// A yescrypt hash, computed off the event loops (it takes tens of milliseconds on purpose).
    static func hash(_ password: String) async throws -> String {
        guard password.count >= minimumPasswordLength else {
            throw APIError(.unprocessableContent, "the password needs at least \(minimumPasswordLength) characters")
        }
        // Bytes, not characters: a NUL or line break combined with an accent is one Character.
        guard password.count <= 256, password.utf8.count <= 1024, !password.utf8.contains(where: { $0 == 0 || $0 == 0x0A || $0 == 0x0D }) else {
            throw APIError(.unprocessableContent, "the password must be at most 256 characters (1024 bytes) without line breaks or NUL")
        }
        let bytes = Array(password.utf8)
        do {
            return try await NIOThreadPool.singleton.runIfActive { try PasswordHasher.hash(bytes) }
        } catch {
            throw APIError(.internalServerError, "hashing the password failed")
        }
    }
}
