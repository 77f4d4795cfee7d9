import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The local time that starts a log line, `2026-12-01T01:11:43+0000` (the format of
/// swift-log's `StreamLogHandler`), formatted once a second and then reused.
///
/// `StreamLogHandler` formats it for every line through `localtime`, which also reads the
/// time zone again each time and shares one result buffer among all threads.
final class LogTimestamp: Sendable {
    private let cached = Mutex<(second: time_t, text: [UInt8])>((-1, []))

    /// The timestamp for the current second.
    var now: [UInt8] {
        let second = time(nil)
        return cached.withLock { cached in
            if cached.second != second { cached = (second, Self.format(second)) }
            return cached.text
        }
    }

    /// `second` as local time, with the zone's offset.
    static func format(_ second: time_t) -> [UInt8] {
        var second = second
        var parts = tm()
        guard localtime_r(&second, &parts) != nil else { return Array("<unknown>".utf8) }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return buffer.prefix(count).map { UInt8(bitPattern: $0) }
    }
}
