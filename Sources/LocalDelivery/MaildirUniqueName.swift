import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Unique file names for Maildir deliveries: `<seconds>.M<microseconds>P<pid>Q<counter>.<host>`.
///
/// Time, process ID and a per-process counter together make a name that no other
/// delivery on this host can have had, even with several deliveries per microsecond in
/// one process or several processes in one second; the host name separates hosts that
/// share the Maildir over a network file system.
///
/// - SeeAlso: https://cr.yp.to/proto/maildir.html ("How a message is delivered"), and the
///   newer naming conventions described there (`M`, `P`, `Q`).
enum MaildirUniqueName {
    /// The counter is shared by every Maildir in the process, because uniqueness is needed
    /// per host and process, not per directory.
    private static let counter = Counter()

    /// A fresh name for a delivery by `hostname` (already escaped with ``escape(hostname:)``).
    static func next(escapedHostname: String) -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return "\(now.tv_sec).M\(now.tv_nsec / 1000)P\(getpid())Q\(counter.next()).\(escapedHostname)"
    }

    /// The host name with `/` and `:` written as `\057` and `\072`, as the Maildir
    /// specification asks: `/` cannot be in a file name, and `:` starts the info part
    /// (`:2,S`) that readers append. An empty name becomes `localhost`.
    static func escape(hostname: String) -> String {
        guard !hostname.isEmpty else { return "localhost" }
        var result = ""
        for character in hostname {
            switch character {
            case "/": result += "\\057"
            case ":": result += "\\072"
            default: result.append(character)
            }
        }
        return result
    }

    /// A lock-protected counter: `Synchronization.Atomic` would need macOS 15, and the
    /// package still supports macOS 14.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value: UInt64 = 0

        func next() -> UInt64 {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
