/// A user name and password a client sent with AUTH PLAIN or AUTH LOGIN (RFC 4954).
///
/// The password never appears in `description` or `debugDescription`, so it cannot leak
/// into logs through string interpolation.
public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let mechanism: SASLMechanism
    public let username: String
    /// The password as the client sent it (UTF-8 bytes, RFC 4616 §2).
    public let password: [UInt8]

    public init(mechanism: SASLMechanism, username: String, password: [UInt8]) {
        self.mechanism = mechanism
        self.username = username
        self.password = password
    }

    public var description: String { "Credentials(\(mechanism.rawValue), user: \(username), password: <redacted>)" }
    public var debugDescription: String { description }
}

/// The SASL mechanisms Postamt's server implements.
///
/// - SeeAlso: RFC 4616 (PLAIN); LOGIN is the widespread pre-standard mechanism
///   (draft-murchison-sasl-login) that many mail clients still use.
public enum SASLMechanism: String, Sendable, Hashable, CaseIterable {
    case plain = "PLAIN"
    case login = "LOGIN"
}
