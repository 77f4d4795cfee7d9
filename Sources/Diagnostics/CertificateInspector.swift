import Foundation
import NIOSSL
import SMTPCore
import SwiftASN1
import X509

/// Reads the certificate chain a server presented and checks it the way a mail client
/// does: the dates, the names (RFC 6125), and a path to a trusted root (RFC 5280) in the
/// system's store or in the certificates the user gave.
public enum CertificateInspector {
    public static func inspect(_ chain: [NIOSSLCertificate], host: String, trusted: [String]?, now: Date) async -> CertificateReport? {
        let certificates = chain.compactMap { try? Certificate(derEncoded: $0.toDERBytes()) }
        guard let leaf = certificates.first else { return nil }
        let names = alternativeNames(of: leaf)
        let isSelfSigned = leaf.issuer == leaf.subject
        let roots: CertificateStore
        if let trusted {
            roots = CertificateStore(trusted.flatMap { pem in (try? PEMDocument.parseMultiple(pemString: pem))?.compactMap { try? Certificate(pemDocument: $0) } ?? [] })
        } else {
            roots = CertificateStore.systemTrustRoots
        }
        var verifier = Verifier(rootCertificates: roots) { RFC5280Policy(validationTime: now) }
        let result = await verifier.validate(leafCertificate: leaf, intermediates: CertificateStore(certificates.dropFirst()))
        var trustedChain = false
        var problem: String?
        switch result {
        case .validCertificate:
            trustedChain = true
        case .couldNotValidate:
            if now > leaf.notValidAfter {
                problem = "expired"
            } else if now < leaf.notValidBefore {
                problem = "not yet valid"
            } else if isSelfSigned {
                problem = "self-signed"
            } else {
                problem = trusted == nil ? "not issued by an authority the system trusts" : "not issued by an authority in the given CA file"
            }
        }
        return CertificateReport(
            subject: leaf.subject.description,
            alternativeNames: names,
            issuer: leaf.issuer.description,
            notValidBefore: leaf.notValidBefore,
            notValidAfter: leaf.notValidAfter,
            isSelfSigned: isSelfSigned,
            matchesHost: matches(host: host, names: names),
            chainTrusted: trustedChain,
            chainProblem: problem
        )
    }

    static func alternativeNames(of certificate: Certificate) -> [String] {
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { name in
            switch name {
            case .dnsName(let dns): return dns
            case .ipAddress(let octets): return address(Array(octets.bytes))
            default: return nil
            }
        }
    }

    private static func address(_ bytes: [UInt8]) -> String? {
        switch bytes.count {
        case 4: return bytes.map(String.init).joined(separator: ".")
        case 16:
            let groups = stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            return IPAddress(groups.joined(separator: ":"))?.description
        default: return nil
        }
    }

    /// RFC 6125 §6.4: names compare case-insensitively; a wildcard stands for exactly one
    /// whole left-most label. An address matches only an IP entry.
    static func matches(host: String, names: [String]) -> Bool {
        if let address = IPAddress(host) { return names.contains { IPAddress($0) == address } }
        let host = host.lowercased().trimmingSuffix(".")
        return names.contains { name in
            let name = name.lowercased().trimmingSuffix(".")
            if name.hasPrefix("*.") {
                guard let dot = host.firstIndex(of: ".") else { return false }
                return host[host.index(after: dot)...] == name.dropFirst(2) && host[..<dot].count > 0
            }
            return name == host
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
