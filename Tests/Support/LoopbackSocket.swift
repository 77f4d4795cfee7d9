#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A TCP socket bound to 127.0.0.1 on a port the kernel chose: the ground of
/// ``SilentListener``, ``ReservedPort`` and ``freeLoopbackPorts(_:)``. The caller closes it.
func bindLoopbackSocket() throws(LoopbackSocketError) -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw LoopbackSocketError(errno: errno) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let result = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(descriptor, pointer, length) == 0 ? getsockname(descriptor, pointer, &length) : -1
        }
    }
    guard result == 0 else {
        let error = errno
        close(descriptor)
        throw LoopbackSocketError(errno: error)
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}

/// A TCP port on 127.0.0.1 that was free a moment ago, for servers that need a port
/// number in their configuration before they start. Another test can take it meanwhile;
/// a port that must stay closed is a ``ReservedPort``.
public func freeLoopbackPort() throws -> Int {
    try freeLoopbackPorts(1)[0]
}

/// `count` different TCP ports on 127.0.0.1 that were free a moment ago, for a server with
/// several listeners. All are held until the last is chosen: a port released at once can
/// be the kernel's next choice again, and two listeners on one port is a configuration
/// the server refuses.
public func freeLoopbackPorts(_ count: Int) throws -> [Int] {
    var held: [Int32] = []
    defer { held.forEach { close($0) } }
    var ports: [Int] = []
    for _ in 0..<count {
        let (descriptor, port) = try bindLoopbackSocket()
        held.append(descriptor)
        ports.append(port)
    }
    return ports
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
public func canConnect(port: Int) -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
}

/// A socket call on loopback failed, with its errno.
public struct LoopbackSocketError: Error {
    public var errno: Int32
}
