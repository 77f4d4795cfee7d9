import Foundation

/// The server certificate as a person checks it: for which names, by whom, until when,
/// and whether a mail client will trust it.
public struct CertificateReport: Sendable, Hashable, Encodable {
    public var subject: String
    /// DNS names and IP addresses of the subjectAltName extension.
    public var alternativeNames: [String]
    public var issuer: String
    public var notValidBefore: Date
    public var notValidAfter: Date
    /// Issued by itself: no client trusts it without being told to.
    public var isSelfSigned: Bool
    /// Whether the host name probed is among the names (RFC 6125 matching, one wildcard
    /// label at most).
    public var matchesHost: Bool
    /// Whether the chain leads to a trusted root (the system's, or the CA file given),
    /// with the reason when it does not.
    public var chainTrusted: Bool
    public var chainProblem: String?

    public init(
        subject: String, alternativeNames: [String], issuer: String, notValidBefore: Date, notValidAfter: Date,
        isSelfSigned: Bool, matchesHost: Bool, chainTrusted: Bool, chainProblem: String?
    ) {
        self.subject = subject
        self.alternativeNames = alternativeNames
        self.issuer = issuer
        self.notValidBefore = notValidBefore
        self.notValidAfter = notValidAfter
        self.isSelfSigned = isSelfSigned
        self.matchesHost = matchesHost
        self.chainTrusted = chainTrusted
        self.chainProblem = chainProblem
    }

    public func isExpired(at date: Date) -> Bool { date > notValidAfter }
    public func isNotYetValid(at date: Date) -> Bool { date < notValidBefore }
}
