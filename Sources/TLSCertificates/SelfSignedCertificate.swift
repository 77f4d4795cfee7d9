import Crypto
import Foundation
import SwiftASN1
import X509

/// A self-signed certificate and its private key, in PEM.
///
/// For a server's first run (STARTTLS works before a real certificate is installed; clients
/// that verify will refuse it, which is honest) and for tests, which need valid, expired,
/// wrong-name and CA-issued certificates without committing keys to the repository.
///
/// Keys are ECDSA P-256: fast to generate, small, and accepted by every TLS client that
/// matters for mail.
public struct SelfSignedCertificate: Sendable {
    /// The certificate, `-----BEGIN CERTIFICATE-----`.
    public let certificatePEM: String
    /// The private key as PKCS #8, `-----BEGIN PRIVATE KEY-----`.
    public let privateKeyPEM: String

    /// Wraps an existing certificate and key, for example a CA loaded from files to pass as
    /// `issuer`. Nothing is checked here; issuing with a mismatched pair throws.
    public init(certificatePEM: String, privateKeyPEM: String) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }

    /// 825 days: the longest validity Apple's platforms accept for TLS server certificates.
    public static let defaultValidity: TimeInterval = 825 * 24 * 60 * 60

    /// Makes an ECDSA P-256 key and a self-signed certificate for a TLS server.
    ///
    /// The certificate has `hostnames` as DNS and `ipAddresses` as IP subject alternative names
    /// (clients match only these, RFC 6125), serverAuth extended key usage, basicConstraints
    /// CA:false, and the first hostname (or, without hostnames, the first IP address) as
    /// subject common name.
    ///
    /// It has no key usage extension, unlike issued certificates (digitalSignature): a client
    /// that trusts the certificate itself treats it as its own issuer, and BoringSSL (NIOSSL)
    /// refuses an issuer whose key usage lacks keyCertSign, which RFC 5280 §4.2.1.3 in turn
    /// forbids without CA:true. Without the extension every use is allowed and both agree.
    /// (swift-certificates' `Verifier` accepts only CA:true trust anchors; verify with it
    /// against ``makeCertificateAuthority(name:notBefore:validity:)`` and an issued certificate.)
    ///
    /// - Parameters:
    ///   - hostnames: DNS names, ASCII (A-labels for internationalized names); `*.` wildcards allowed.
    ///   - ipAddresses: IPv4 or IPv6 addresses in text form, e.g. `"127.0.0.1"`, `"::1"`.
    ///   - notBefore: the start of validity; by default an hour ago, so that a peer whose clock
    ///     is a little behind does not see a "not yet valid" certificate.
    ///   - validity: how long after `notBefore` the certificate stays valid; by default 825 days.
    ///     Tests make expired certificates with a `notBefore` in the past and a short validity.
    /// - Throws: ``SelfSignedCertificateError`` for bad names, or an error from swift-certificates.
    public static func make(
        hostnames: [String],
        ipAddresses: [String] = [],
        notBefore: Date = Date(timeIntervalSinceNow: -3600),
        validity: TimeInterval = defaultValidity
    ) throws -> SelfSignedCertificate {
        try makeServerCertificate(
            hostnames: hostnames, ipAddresses: ipAddresses, notBefore: notBefore, validity: validity, issuer: nil)
    }

    /// Makes an ECDSA P-256 key and a server certificate like
    /// ``make(hostnames:ipAddresses:notBefore:validity:)``, but signed by `issuer` (usually from
    /// ``makeCertificateAuthority(name:notBefore:validity:)``) instead of by itself, and with
    /// digitalSignature key usage.
    ///
    /// The certificate's issuer name is the issuer certificate's subject, and its authority key
    /// identifier is the issuer's key identifier, so that verifiers find the chain.
    public static func make(
        hostnames: [String],
        ipAddresses: [String] = [],
        notBefore: Date = Date(timeIntervalSinceNow: -3600),
        validity: TimeInterval = defaultValidity,
        issuer: SelfSignedCertificate
    ) throws -> SelfSignedCertificate {
        try makeServerCertificate(
            hostnames: hostnames, ipAddresses: ipAddresses, notBefore: notBefore, validity: validity, issuer: issuer)
    }

    /// Makes an ECDSA P-256 key and a self-signed certificate authority (basicConstraints
    /// CA:true, keyCertSign and cRLSign key usage) with subject common name `name`, to issue
    /// server certificates that tests can trust without trusting each leaf.
    ///
    /// Its path length is 0: it can issue server certificates but no intermediate CAs, so a
    /// leaked test CA key cannot be stretched any further.
    public static func makeCertificateAuthority(
        name: String,
        notBefore: Date = Date(timeIntervalSinceNow: -3600),
        validity: TimeInterval = defaultValidity
    ) throws -> SelfSignedCertificate {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let subject = try DistinguishedName { CommonName(name) }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: publicKey)
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: notBefore,
            notValidAfter: notBefore.addingTimeInterval(validity),
            issuer: subject,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        return SelfSignedCertificate(
            certificatePEM: try certificate.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation)
    }

    private static func makeServerCertificate(
        hostnames: [String],
        ipAddresses: [String],
        notBefore: Date,
        validity: TimeInterval,
        issuer: SelfSignedCertificate?
    ) throws -> SelfSignedCertificate {
        let names = try SubjectAlternativeNames(hostnames: hostnames, ipAddresses: ipAddresses)
        guard let commonName = hostnames.first ?? ipAddresses.first else {
            throw SelfSignedCertificateError.noNames
        }
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let subject = try DistinguishedName { CommonName(commonName) }
        let signer = try issuer.map(Signer.init(issuer:)) ?? Signer(selfSigned: key, subject: subject)

        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            if !signer.isSelf {
                // digitalSignature is all ECDHE key exchange needs.
                Critical(KeyUsage(digitalSignature: true))
            }
            try ExtendedKeyUsage([.serverAuth])
            names
            SubjectKeyIdentifier(hash: publicKey)
            if let keyIdentifier = signer.keyIdentifier {
                AuthorityKeyIdentifier(keyIdentifier: keyIdentifier)
            }
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: notBefore,
            notValidAfter: notBefore.addingTimeInterval(validity),
            issuer: signer.name,
            subject: subject,
            signatureAlgorithm: signer.signatureAlgorithm,
            extensions: extensions,
            issuerPrivateKey: signer.privateKey
        )
        return SelfSignedCertificate(
            certificatePEM: try certificate.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation)
    }
}
