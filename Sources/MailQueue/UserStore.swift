/// The accounts that may authenticate on the submission ports. Each user name is also the
/// user's own mailbox address.
public protocol UserStore: Sendable {
    func user(named name: String) async throws(StorageError) -> UserRecord?
    /// Adds a user; false if the name is taken.
    func addUser(named name: String, passwordHash: String) async throws(StorageError) -> Bool
    /// Removes a user; false if there was none.
    func removeUser(named name: String) async throws(StorageError) -> Bool
    /// Replaces a password hash; false if there is no such user.
    func setPasswordHash(_ hash: String, forUserNamed name: String) async throws(StorageError) -> Bool
    func allUsers() async throws(StorageError) -> [UserRecord]
}

/// One account. The password exists only as a salted slow hash (`$y$…`, see PasswordHashing).
public struct UserRecord: Sendable, Hashable {
    /// The full address, lowercased, e.g. `alice@example.com`.
    public var name: String
    public var passwordHash: String
    /// Seconds since 1970.
    public var createdAt: Double

    public init(name: String, passwordHash: String, createdAt: Double) {
        self.name = name
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}
