import Glibc
import NIOCore

/// An address that several listening sockets share, one per event loop, and the check that
/// keeps a shared address from being shared by accident.
///
/// Linux spreads the connections to an address over the sockets of its `SO_REUSEPORT`
/// group. (BSD's option of that name lets the last socket bound take them all; Postamt is
/// built for Linux.)
enum ListeningAddress {
    /// A listening socket on `host:port` (0: one the kernel picks), for a channel to take
    /// over with `ServerBootstrap.withBoundSocket`, and the port it got.
    ///
    /// Made here rather than by NIO so that it is close-on-exec from the start: a process
    /// started meanwhile by another thread of the same program (a test's helper, say) would
    /// otherwise inherit it, and the port would go on accepting connections in that process
    /// after the server has closed it. Besides, `SO_REUSEADDR` so that connections of an
    /// earlier run in TIME_WAIT do not keep the port, and TCP_NODELAY, which Linux copies
    /// to every accepted socket, so that no connection needs a system call for it.
    static func listen(host: String, port: Int, sharingAddress: Bool, backlog: CInt) throws -> (descriptor: CInt, port: Int) {
        let address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        let descriptor = try socket(for: address, nonBlocking: true)
        do {
            try setOption(SOL_SOCKET, SO_REUSEADDR, on: descriptor)
            if sharingAddress { try setOption(SOL_SOCKET, SO_REUSEPORT, on: descriptor) }
            try setOption(CInt(IPPROTO_TCP), TCP_NODELAY, on: descriptor)
            try bind(descriptor, to: address, named: "\(host):\(port)")
            guard Glibc.listen(descriptor, backlog) == 0 else { throw IOError(errnoCode: errno, reason: "listen(\(host):\(port))") }
            var bound = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let named = withUnsafeMutablePointer(to: &bound) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            guard named == 0 else { throw IOError(errnoCode: errno, reason: "getsockname") }
            // The port is at the same place in both families' addresses.
            let boundPort = withUnsafePointer(to: &bound) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
            return (descriptor, boundPort)
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// Throws the error `bind` gives when `host:port` is taken, by a socket of a group or any
    /// other. Sockets in an `SO_REUSEPORT` group accept any other socket of the same user
    /// that asks for the option, so a second server started on the port by mistake would
    /// join the first and take a share of its connections. A socket bound without the
    /// option fails instead, as the second server's own would without a group; closed at
    /// once, it leaves the address to the group that follows.
    static func ensureFree(host: String, port: Int) throws {
        let address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        let descriptor = try socket(for: address, nonBlocking: false)
        defer { close(descriptor) }
        // As the listeners do: connections of an earlier run still in TIME_WAIT do not count.
        try setOption(SOL_SOCKET, SO_REUSEADDR, on: descriptor)
        try bind(descriptor, to: address, named: "\(host):\(port)")
    }

    /// Binds `descriptor`; the error names the address as the configuration gave it.
    private static func bind(_ descriptor: CInt, to address: SocketAddress, named name: String) throws {
        guard address.withSockAddr({ Glibc.bind(descriptor, $0, socklen_t($1)) }) == 0 else {
            throw IOError(errnoCode: errno, reason: "bind(\(name))")
        }
    }

    /// A close-on-exec TCP socket for `address`'s family.
    private static func socket(for address: SocketAddress, nonBlocking: Bool) throws -> CInt {
        var type = CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue)
        if nonBlocking { type |= CInt(SOCK_NONBLOCK.rawValue) }
        let descriptor = Glibc.socket(address.protocol.rawValue, type, 0)
        guard descriptor >= 0 else { throw IOError(errnoCode: errno, reason: "socket") }
        return descriptor
    }

    private static func setOption(_ level: CInt, _ name: CInt, on descriptor: CInt) throws {
        var on: CInt = 1
        guard setsockopt(descriptor, level, name, &on, socklen_t(MemoryLayout<CInt>.size)) == 0 else {
            throw IOError(errnoCode: errno, reason: "setsockopt")
        }
    }
}
