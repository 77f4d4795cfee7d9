import Crypto
import X509

/// Who signs a new certificate: its own key, or an issuing CA.
struct Signer {
    var name: DistinguishedName
    var privateKey: Certificate.PrivateKey
    var signatureAlgorithm: Certificate.SignatureAlgorithm
    /// The issuer's subject key identifier, repeated as the new certificate's authority key
    /// identifier; nil for self-signed certificates, which need none.
    var keyIdentifier: ArraySlice<UInt8>?
    /// Whether the new certificate signs itself.
    var isSelf: Bool

    init(selfSigned key: P256.Signing.PrivateKey, subject: DistinguishedName) {
        name = subject
        privateKey = Certificate.PrivateKey(key)
        signatureAlgorithm = .ecdsaWithSHA256
        keyIdentifier = nil
        isSelf = true
    }

    /// Reads the issuer's certificate and key, and checks that they belong together: a
    /// mismatch would otherwise only show up later as a certificate no one can verify.
    init(issuer: SelfSignedCertificate) throws {
        let certificate = try Certificate(pemEncoded: issuer.certificatePEM)
        let key = try Certificate.PrivateKey(pemEncoded: issuer.privateKeyPEM)
        guard key.publicKey == certificate.publicKey else {
            throw SelfSignedCertificateError.issuerKeyDoesNotMatchCertificate
        }
        // SHA-256 is what every verifier supports; the issuer may be RSA or EC if loaded from files.
        let preferred: [Certificate.SignatureAlgorithm] = [.ecdsaWithSHA256, .sha256WithRSAEncryption, .ed25519]
        guard let algorithm = preferred.first(where: key.supportedSignatureAlgorithms.contains) else {
            throw SelfSignedCertificateError.unsupportedIssuerKey
        }
        name = certificate.subject
        privateKey = key
        signatureAlgorithm = algorithm
        keyIdentifier = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
        isSelf = false
    }
}
