/// What a listening port is for. The roles differ in TLS, authentication and relay rules.
public enum ListenerRole: String, Sendable, Hashable, CaseIterable, Codable {
    /// Mail from other servers to local domains (port 25).
    case mx
    /// Message submission from users' mail programs (RFC 6409, port 587): STARTTLS, then AUTH.
    case submission
    /// Message submission over implicit TLS (RFC 8314, port 465).
    case submissions

    /// The port the role uses on the Internet, for messages that tell people what to set.
    public var standardPort: Int {
        switch self {
        case .mx: 25
        case .submission: 587
        case .submissions: 465
        }
    }
}
