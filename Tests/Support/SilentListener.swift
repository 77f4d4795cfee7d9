#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A TCP port on 127.0.0.1 that takes connections (the kernel completes the handshake
/// from the listen backlog) but never says anything: a server that hangs before its
/// greeting, or a firewall that lets SYNs through to a dead process.
public final class SilentListener: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        let (descriptor, port) = try bindLoopbackSocket()
        guard listen(descriptor, 64) == 0 else {
            let error = errno
            close(descriptor)
            throw LoopbackSocketError(errno: error)
        }
        self.descriptor = descriptor
        self.port = port
    }

    deinit {
        close(descriptor)
    }
}
