/// Why a lookup gave no answer. The cases separate what a mail queue must tell apart:
/// give up and bounce, or try again later.
public enum DNSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name does not exist (NXDOMAIN). Permanent: mail to such a domain bounces
    /// (RFC 3463 5.1.2). Carries the name that was asked for.
    case nonexistentDomain(String)
    /// The answer could not be had now: SERVFAIL, REFUSED, a timeout, a network error, a
    /// DNSSEC validation failure, a malformed answer, or a resolver that was shut down.
    /// Mail waits in the queue and is retried. Carries a description for logs.
    case temporaryFailure(String)
    /// The name cannot be asked for: empty, too long, an empty or over-long label, or
    /// characters other than ASCII letters, digits, `-` and `_` (convert internationalized
    /// names to A-labels first). Carries the name as given.
    case invalidName(String)

    /// Whether retrying later could give a different answer.
    public var isTemporary: Bool {
        if case .temporaryFailure = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .nonexistentDomain(let name): "\(name): no such domain (NXDOMAIN)"
        case .temporaryFailure(let reason): "temporary DNS failure: \(reason)"
        case .invalidName(let name): "invalid domain name: \(name)"
        }
    }
}
