import SwiftASN1
import X509

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SubjectAlternativeNames {
    /// DNS names followed by IP addresses, checked so that a typo fails here instead of as a
    /// certificate that no client accepts.
    init(hostnames: [String], ipAddresses: [String]) throws {
        var names: [GeneralName] = []
        for hostname in hostnames {
            // dNSName is an IA5String: internationalized names must be given as A-labels.
            guard !hostname.isEmpty, hostname.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw SelfSignedCertificateError.invalidHostname(hostname)
            }
            names.append(.dnsName(hostname))
        }
        for address in ipAddresses {
            guard let bytes = Self.addressBytes(address) else {
                throw SelfSignedCertificateError.invalidIPAddress(address)
            }
            names.append(.ipAddress(ASN1OctetString(contentBytes: bytes[...])))
        }
        self.init(names)
    }

    /// The network-order bytes of an IPv4 (4 bytes) or IPv6 (16 bytes) address, as an iPAddress
    /// name holds them (RFC 5280 §4.2.1.6).
    private static func addressBytes(_ address: String) -> [UInt8]? {
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, address, &v4) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET6, address, &v6) == 1 { return v6 }
        return nil
    }
}
