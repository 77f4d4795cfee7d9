#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// A TCP socket bound to 127.0.0.1 on `port`, or on a port the kernel chose for 0: the
/// ground of ``SilentListener``, ``ReservedPort`` and ``freeLoopbackPorts(_:)``. The caller
/// closes it.
func bindLoopbackSocket(port: Int = 0) throws(LoopbackSocketError) -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw LoopbackSocketError(errno: errno) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
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
/// number in their configuration before they start (see ``freeLoopbackPorts(_:)``); a port
/// that must stay closed is a ``ReservedPort``.
public func freeLoopbackPort() throws -> Int {
    try freeLoopbackPorts(1)[0]
}

/// `count` different TCP ports on 127.0.0.1 that were free a moment ago, for a server with
/// several listeners.
///
/// The ports come from below the kernel's range for ports it chooses itself (32768 and up
/// on Linux), and none is handed out twice in one test run. A port the kernel chose and
/// that was released at once could be chosen again by the kernel for another test's
/// listener bound to port 0, or for an outgoing connection, before the server meant to
/// have it binds it; then one test's server talked to another test's sink.
public func freeLoopbackPorts(_ count: Int) throws -> [Int] {
    var ports: [Int] = []
    var tried = 0
    while ports.count < count {
        tried += 1
        guard tried <= PortsHandedOut.range.count else { throw LoopbackSocketError(errno: EADDRINUSE) }
        let candidate = PortsHandedOut.next()
        // Taken by something outside the tests: the next one.
        guard let (descriptor, port) = try? bindLoopbackSocket(port: candidate) else { continue }
        close(descriptor)
        ports.append(port)
    }
    return ports
}

/// The ports ``freeLoopbackPorts(_:)`` hands out: each once, from a start that differs
/// from run to run, so that two test processes at once seldom try the same ports.
private enum PortsHandedOut {
    static let range = 20_000..<32_768
    private static let handedOut = Mutex(Int.random(in: 0..<range.count))

    static func next() -> Int {
        handedOut.withLock { count in
            count += 1
            return range.lowerBound + count % range.count
        }
    }
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
