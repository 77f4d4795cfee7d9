/// Why a certificate could not be made or written.
public enum SelfSignedCertificateError: Error, Sendable, Hashable {
    /// Neither a hostname nor an IP address was given, so the certificate would match nothing.
    case noNames
    /// A hostname is empty or not printable ASCII (use A-labels for internationalized names).
    case invalidHostname(String)
    /// An IP address is neither IPv4 nor IPv6 in text form.
    case invalidIPAddress(String)
    /// The issuer's private key does not belong to its certificate.
    case issuerKeyDoesNotMatchCertificate
    /// The issuer's key type cannot sign with SHA-256 (or Ed25519).
    case unsupportedIssuerKey
    /// A file could not be written; `errno` is the POSIX error number.
    case writeFailed(path: String, errno: Int32)
}
