import Foundation
import NIOSSL
import Testing
import X509

@testable import TLSCertificates

@Suite("SelfSignedCertificate.makeCertificateAuthority and issued certificates")
struct CertificateAuthorityTests {
    static func verify(
        _ leaf: SelfSignedCertificate, trusting roots: [SelfSignedCertificate], hostname: String?, ip: String? = nil
    ) async throws -> Bool {
        let store = CertificateStore(try roots.map { try Certificate(pemEncoded: $0.certificatePEM) })
        var verifier = Verifier(rootCertificates: store) {
            RFC5280Policy()
            ServerIdentityPolicy(serverHostname: hostname, serverIP: ip)
        }
        let result = await verifier.validate(
            leaf: try Certificate(pemEncoded: leaf.certificatePEM), intermediates: CertificateStore())
        if case .validCertificate = result { return true }
        return false
    }

    @Test("a CA certificate: CA:true, keyCertSign, self-signed, named as asked")
    func certificateAuthority() throws {
        let ca = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt Test CA")
        let certificate = try Certificate(pemEncoded: ca.certificatePEM)
        guard case .isCertificateAuthority = try certificate.extensions.basicConstraints else {
            Issue.record("not a CA: \(String(describing: try certificate.extensions.basicConstraints))")
            return
        }
        #expect(try certificate.extensions.keyUsage?.keyCertSign == true)
        #expect(certificate.subject == (try DistinguishedName { CommonName("Postamt Test CA") }))
        #expect(certificate.issuer == certificate.subject)
        _ = try NIOSSLCertificate(bytes: Array(ca.certificatePEM.utf8), format: .pem)
    }

    @Test("an issued certificate names the CA as issuer and carries the CA's signature")
    func issuedBy() throws {
        let ca = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt Test CA")
        let leaf = try SelfSignedCertificate.make(hostnames: ["mail.example.test"], issuer: ca)
        let caCertificate = try Certificate(pemEncoded: ca.certificatePEM)
        let leafCertificate = try Certificate(pemEncoded: leaf.certificatePEM)
        #expect(leafCertificate.issuer == caCertificate.subject)
        #expect(caCertificate.publicKey.isValidSignature(leafCertificate.signature, for: leafCertificate))
        #expect(!leafCertificate.publicKey.isValidSignature(leafCertificate.signature, for: leafCertificate))
        #expect(
            try leafCertificate.extensions.authorityKeyIdentifier?.keyIdentifier
                == caCertificate.extensions.subjectKeyIdentifier?.keyIdentifier)
    }

    @Test("an issued certificate is a server certificate: serverAuth, digitalSignature, not a CA")
    func issuedExtensions() throws {
        let ca = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt Test CA")
        let leaf = try Certificate(
            pemEncoded: try SelfSignedCertificate.make(hostnames: ["mail.example.test"], issuer: ca).certificatePEM)
        #expect(try leaf.extensions.extendedKeyUsage == ExtendedKeyUsage([.serverAuth]))
        #expect(try leaf.extensions.keyUsage == KeyUsage(digitalSignature: true))
        #expect(try leaf.extensions.basicConstraints == .notCertificateAuthority)
        #expect(leaf.signatureAlgorithm == .ecdsaWithSHA256)
    }

    @Test("a verifier trusting the CA accepts the issued certificate for its names only")
    func verifiesAgainstCA() async throws {
        let ca = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt Test CA")
        let leaf = try SelfSignedCertificate.make(
            hostnames: ["mail.example.test"], ipAddresses: ["127.0.0.1"], issuer: ca)
        #expect(try await Self.verify(leaf, trusting: [ca], hostname: "mail.example.test"))
        #expect(try await Self.verify(leaf, trusting: [ca], hostname: nil, ip: "127.0.0.1"))
        #expect(try await !Self.verify(leaf, trusting: [ca], hostname: "other.example.test"))
        #expect(try await !Self.verify(leaf, trusting: [ca], hostname: nil, ip: "127.0.0.2"))
    }

    @Test("a verifier trusting another CA rejects the issued certificate")
    func otherCARejects() async throws {
        let ca = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt Test CA")
        let otherCA = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt Test CA")
        let leaf = try SelfSignedCertificate.make(hostnames: ["mail.example.test"], issuer: ca)
        #expect(try await !Self.verify(leaf, trusting: [otherCA], hostname: "mail.example.test"))
    }

    @Test("an expired issued certificate does not verify")
    func expiredRejected() async throws {
        let ca = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt Test CA")
        let leaf = try SelfSignedCertificate.make(
            hostnames: ["mail.example.test"], notBefore: Date(timeIntervalSinceNow: -30 * 86400), validity: 86400,
            issuer: ca)
        #expect(try Certificate(pemEncoded: leaf.certificatePEM).notValidAfter < Date())
        #expect(try await !Self.verify(leaf, trusting: [ca], hostname: "mail.example.test"))
    }

    @Test("an issuer whose key does not match its certificate is refused")
    func mismatchedIssuer() throws {
        let ca = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt Test CA")
        let otherCA = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt Test CA")
        let broken = SelfSignedCertificate(certificatePEM: ca.certificatePEM, privateKeyPEM: otherCA.privateKeyPEM)
        #expect(throws: SelfSignedCertificateError.issuerKeyDoesNotMatchCertificate) {
            try SelfSignedCertificate.make(hostnames: ["mail.example.test"], issuer: broken)
        }
    }
}
