#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A port on 127.0.0.1 that is bound but never listened on, for as long as this value
/// lives: connections to it are refused, and no other test's server can take it meanwhile
/// (a port that was merely free a moment ago could be).
public final class ReservedPort: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        (descriptor, port) = try bindLoopbackSocket()
    }

    deinit {
        close(descriptor)
    }
}
