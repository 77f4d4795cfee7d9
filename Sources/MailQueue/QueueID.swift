import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The identifier of a queued message, like Postfix's queue IDs: it appears in the 250 reply,
/// the Received: header and every log line about the message.
///
/// Twelve characters of Crockford base32: 42 bits of milliseconds since 2020 (sortable by
/// arrival for about 139 years) and 18 bits from a counter that starts at a random value in
/// each process, so IDs made by one process never repeat (up to 262,144 in a millisecond).
/// Another process (a second node, `postamt sendmail`) can still make the same ID in the
/// same millisecond; the store reports that as ``StorageError/Kind/duplicateID`` and the
/// caller takes a new one.
public struct QueueID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let rawValue: String

    public init?(rawValue: String) {
        guard rawValue.utf8.count == 12, rawValue.utf8.allSatisfy({ QueueID.alphabet.contains($0) }) else { return nil }
        self.rawValue = rawValue
    }

    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    private static let epochMilliseconds: UInt64 = 1_577_836_800_000  // 2020-01-01
    private static let counter = Atomic<UInt64>(UInt64.random(in: 0..<(1 << 18)))

    /// A new ID for a message arriving now.
    public static func make() -> QueueID {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let milliseconds = UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec) / 1_000_000
        let sequence = counter.wrappingAdd(1, ordering: .relaxed).oldValue & (1 << 18 - 1)
        let value = (milliseconds &- epochMilliseconds) << 18 | sequence
        var characters = [UInt8](repeating: 0, count: 12)
        for index in 0..<12 {
            characters[11 - index] = alphabet[Int(value >> (5 * UInt64(index)) & 31)]
        }
        return QueueID(validated: String(decoding: characters, as: UTF8.self))
    }

    /// An ID made here from the alphabet, which needs no second look.
    private init(validated rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: QueueID, rhs: QueueID) -> Bool { lhs.rawValue < rhs.rawValue }
}
