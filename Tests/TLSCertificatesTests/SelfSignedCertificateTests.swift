import Foundation
import NIOSSL
import SwiftASN1
import Testing
import X509

@testable import TLSCertificates

@Suite("SelfSignedCertificate.make: server certificates for first runs and tests")
struct SelfSignedCertificateTests {
    @Test("the certificate and key are PEM that NIOSSL reads, and they belong together")
    func parsesWithNIOSSL() throws {
        let made = try SelfSignedCertificate.make(hostnames: ["mail.example.test"])
        #expect(made.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(made.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let certificate = try NIOSSLCertificate(bytes: Array(made.certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(made.privateKeyPEM.utf8), format: .pem)
        // BoringSSL refuses a server context whose key does not match its certificate.
        _ = try NIOSSLContext(
            configuration: .makeServerConfiguration(
                certificateChain: [.certificate(certificate)], privateKey: .privateKey(key)))
    }

    @Test("hostnames become DNS names and IP addresses become IP names (RFC 5280 §4.2.1.6)")
    func subjectAlternativeNames() throws {
        let made = try SelfSignedCertificate.make(
            hostnames: ["mail.example.test", "localhost"], ipAddresses: ["127.0.0.1", "::1"])
        let certificate = try Certificate(pemEncoded: made.certificatePEM)
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        #expect(
            Array(names) == [
                .dnsName("mail.example.test"),
                .dnsName("localhost"),
                .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                .ipAddress(ASN1OctetString(contentBytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
            ])
    }

    @Test("the subject common name is the first hostname, and the certificate is its own issuer")
    func subjectAndIssuer() throws {
        let certificate = try Certificate(
            pemEncoded: try SelfSignedCertificate.make(hostnames: ["mx1.example.test", "mx2.example.test"])
                .certificatePEM)
        #expect(certificate.subject == (try DistinguishedName { CommonName("mx1.example.test") }))
        #expect(certificate.issuer == certificate.subject)
        #expect(certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
    }

    @Test("without hostnames the common name is the first IP address")
    func ipOnly() throws {
        let certificate = try Certificate(
            pemEncoded: try SelfSignedCertificate.make(hostnames: [], ipAddresses: ["192.0.2.1"]).certificatePEM)
        #expect(certificate.subject == (try DistinguishedName { CommonName("192.0.2.1") }))
    }

    @Test("a server certificate: serverAuth, not a CA, ECDSA P-256 with SHA-256")
    func serverExtensions() throws {
        let certificate = try Certificate(
            pemEncoded: try SelfSignedCertificate.make(hostnames: ["mail.example.test"]).certificatePEM)
        #expect(try certificate.extensions.extendedKeyUsage == ExtendedKeyUsage([.serverAuth]))
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
        // As its own issuer it must not restrict key usage, or BoringSSL will not trust it.
        #expect(try certificate.extensions.keyUsage == nil)
        #expect(certificate.signatureAlgorithm == .ecdsaWithSHA256)
        #expect(certificate.version == .v3)
    }

    @Test("by default valid from an hour ago for 825 days")
    func defaultValidity() throws {
        let before = Date()
        let certificate = try Certificate(
            pemEncoded: try SelfSignedCertificate.make(hostnames: ["mail.example.test"]).certificatePEM)
        // Certificate times have whole seconds.
        #expect(abs(certificate.notValidBefore.timeIntervalSince(before) + 3600) < 5)
        #expect(abs(certificate.notValidAfter.timeIntervalSince(certificate.notValidBefore) - 825 * 86400) < 1)
    }

    @Test("an expired certificate can be made on purpose")
    func expired() throws {
        let made = try SelfSignedCertificate.make(
            hostnames: ["mail.example.test"], notBefore: Date(timeIntervalSinceNow: -30 * 86400), validity: 86400)
        let certificate = try Certificate(pemEncoded: made.certificatePEM)
        #expect(certificate.notValidAfter < Date())
        // NIOSSL still loads it: expiry is the peer's verdict, not a parse error.
        _ = try NIOSSLCertificate(bytes: Array(made.certificatePEM.utf8), format: .pem)
    }

    @Test("every certificate gets its own key and serial number")
    func freshKeys() throws {
        let first = try SelfSignedCertificate.make(hostnames: ["mail.example.test"])
        let second = try SelfSignedCertificate.make(hostnames: ["mail.example.test"])
        #expect(first.privateKeyPEM != second.privateKeyPEM)
        #expect(
            try Certificate(pemEncoded: first.certificatePEM).serialNumber
                != Certificate(pemEncoded: second.certificatePEM).serialNumber)
    }

    @Test("no names, bad hostnames and bad IP addresses are refused")
    func invalidNames() {
        #expect(throws: SelfSignedCertificateError.noNames) { try SelfSignedCertificate.make(hostnames: []) }
        #expect(throws: SelfSignedCertificateError.invalidHostname("")) {
            try SelfSignedCertificate.make(hostnames: [""])
        }
        #expect(throws: SelfSignedCertificateError.invalidHostname("bücher.example")) {
            try SelfSignedCertificate.make(hostnames: ["bücher.example"])
        }
        #expect(throws: SelfSignedCertificateError.invalidHostname("two words")) {
            try SelfSignedCertificate.make(hostnames: ["two words"])
        }
        for address in ["256.0.0.1", "localhost", "", "[::1]", "1.2.3"] {
            #expect(throws: SelfSignedCertificateError.invalidIPAddress(address)) {
                try SelfSignedCertificate.make(hostnames: ["mail.example.test"], ipAddresses: [address])
            }
        }
    }
}
