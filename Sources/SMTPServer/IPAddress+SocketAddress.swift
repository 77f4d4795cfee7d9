import NIOCore
import SMTPCore

#if canImport(Glibc)
import Glibc
#endif

extension IPAddress {
    /// The address of an IPv4 or IPv6 socket address, read from its bytes; nil for a Unix
    /// domain socket. Every accepted connection takes its client's address from here, where
    /// going through `SocketAddress.ipAddress` printed it and parsed the text back.
    init?(socketAddress address: SocketAddress) {
        switch address {
        case .v4(let v4):
            self = .v4(UInt32(bigEndian: v4.address.sin_addr.s_addr))
        case .v6(let v6):
            self = .v6(withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) })
        case .unixDomainSocket:
            return nil
        }
    }
}
