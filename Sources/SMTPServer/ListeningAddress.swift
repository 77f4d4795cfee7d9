import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An address that several listening sockets share, one per event loop, and the check that
/// keeps a shared address from being shared by accident.
enum ListeningAddress {
    /// Linux spreads the connections to an address over the sockets of its `SO_REUSEPORT`
    /// group. BSD's option of that name lets the last socket bound take them all.
    #if os(Linux)
    static let supportsSharing = true
    #else
    static let supportsSharing = false
    #endif
    static let reusePort = ChannelOptions.Types.SocketOption(level: .socket, name: NIOBSDSocket.Option(rawValue: SO_REUSEPORT))

    /// Throws the error `bind` gives when `host:port` is taken, by a socket of a group or any
    /// other. Sockets in an `SO_REUSEPORT` group accept any other socket of the same user
    /// that asks for the option, so a second server started on the port by mistake would
    /// join the first and take a share of its connections. A socket bound without the
    /// option fails instead, as the second server's own would without a group; closed at
    /// once, it leaves the address to the group that follows.
    static func ensureFree(host: String, port: Int) throws {
        let address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        #if canImport(Glibc)
        let type = CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue)
        #else
        let type = SOCK_STREAM
        #endif
        let descriptor = socket(address.protocol.rawValue, type, 0)
        guard descriptor >= 0 else { throw IOError(errnoCode: errno, reason: "socket") }
        defer { close(descriptor) }
        // As the listeners do: connections of an earlier run still in TIME_WAIT do not count.
        var on: CInt = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<CInt>.size))
        let result = address.withSockAddr { bind(descriptor, $0, socklen_t($1)) }
        guard result == 0 else { throw IOError(errnoCode: errno, reason: "bind(\(host):\(port))") }
    }
}
