import Foundation
import NIOSSL
import TLSCertificates

/// A certificate authority and a server certificate it issued, as TLS contexts for a test
/// server and a client that trusts it. BoringSSL, unlike OpenSSL, does not take a
/// self-signed leaf as its own trust anchor, so tests use a CA as real deployments do.
public struct TestTLS: Sendable {
    public let server: NIOSSLContext
    public let clientTrustingServer: NIOSSLContext
    /// The CA certificate in PEM, for clients configured with files.
    public let authorityPEM: String
    /// The server certificate and its key in PEM, for servers configured with files.
    public let certificatePEM: String
    public let privateKeyPEM: String

    /// `expired` makes a server certificate that ran out a day ago.
    public init(hostnames: [String], ipAddresses: [String] = ["127.0.0.1", "::1"], expired: Bool = false) throws {
        let authority = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt Test CA")
        let certificate = expired
            ? try SelfSignedCertificate.make(
                hostnames: hostnames, ipAddresses: ipAddresses, notBefore: Date(timeIntervalSinceNow: -30 * 86400), validity: 29 * 86400, issuer: authority
            )
            : try SelfSignedCertificate.make(hostnames: hostnames, ipAddresses: ipAddresses, issuer: authority)
        server = try NIOSSLContext(configuration: .makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(certificate.certificatePEM.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(certificate.privateKeyPEM.utf8), format: .pem))
        ))
        var client = TLSConfiguration.makeClientConfiguration()
        client.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(authority.certificatePEM.utf8), format: .pem)])
        clientTrustingServer = try NIOSSLContext(configuration: client)
        authorityPEM = authority.certificatePEM
        certificatePEM = certificate.certificatePEM
        privateKeyPEM = certificate.privateKeyPEM
    }
}
