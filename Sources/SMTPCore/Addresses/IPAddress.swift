/// An IPv4 or IPv6 address as bytes, parsed from and printed to its usual text form.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(UInt32)
    /// 16 bytes, network order.
    case v6([UInt8])

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (with `::` and an optional trailing
    /// IPv4 part). A zone (`%eth0`) is not accepted.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)[...]
        if IPAddressSyntax.isIPv4(bytes) {
            let value = bytes.split(separator: ASCII.dot).reduce(UInt32(0)) { result, part in
                result << 8 | UInt32(part.reduce(0) { $0 * 10 + Int($1 - 0x30) })
            }
            self = .v4(value)
            return
        }
        guard IPAddressSyntax.isIPv6(bytes), let parsed = IPAddress.parseIPv6(bytes) else { return nil }
        self = .v6(parsed)
    }

    private static func parseIPv6(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        func groups(_ part: ArraySlice<UInt8>) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var result = [UInt8]()
            var pieces = part.split(separator: ASCII.colon, omittingEmptySubsequences: false)
            var tail = [UInt8]()
            if let last = pieces.last, last.contains(ASCII.dot) {
                guard case .v4(let value)? = IPAddress(String(decoding: last, as: UTF8.self)) else { return nil }
                tail = [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
                pieces.removeLast()
            }
            for piece in pieces {
                guard let value = UInt16(String(decoding: piece, as: UTF8.self), radix: 16) else { return nil }
                result += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return result + tail
        }
        let text = Array(bytes)
        if let compression = (0..<max(0, text.count - 1)).first(where: { text[$0] == ASCII.colon && text[$0 + 1] == ASCII.colon }) {
            guard let left = groups(text[..<compression]), let right = groups(text[(compression + 2)...]) else { return nil }
            let zeros = 16 - left.count - right.count
            guard zeros >= 0 else { return nil }
            return left + [UInt8](repeating: 0, count: zeros) + right
        }
        guard let all = groups(text[...]), all.count == 16 else { return nil }
        return all
    }

    /// IPv4 in dotted quads; IPv6 in RFC 5952 form (lower case, longest zero run as `::`).
    public var description: String {
        switch self {
        case .v4(let value):
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        case .v6(let bytes):
            let words = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            var bestStart = -1
            var bestLength = 1
            var index = 0
            while index < 8 {
                if words[index] == 0 {
                    var end = index
                    while end < 8 && words[end] == 0 { end += 1 }
                    if end - index > bestLength {
                        bestStart = index
                        bestLength = end - index
                    }
                    index = end
                } else {
                    index += 1
                }
            }
            func hex(_ range: Range<Int>) -> String { range.map { String(words[$0], radix: 16) }.joined(separator: ":") }
            if bestStart < 0 { return hex(0..<8) }
            return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
        }
    }

    /// An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) as the IPv4 address it stands for.
    public var unmapped: IPAddress {
        guard case .v6(let bytes) = self, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else {
            return self
        }
        return .v4(UInt32(bytes[12]) << 24 | UInt32(bytes[13]) << 16 | UInt32(bytes[14]) << 8 | UInt32(bytes[15]))
    }

    public var isLoopback: Bool {
        switch unmapped {
        case .v4(let value): value >> 24 == 127
        case .v6(let bytes): bytes == [UInt8](repeating: 0, count: 15) + [1]
        }
    }
}

/// A network in CIDR notation, e.g. `127.0.0.0/8` or `2001:db8::/32`.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    /// Parses `address/prefix`; a bare address is a single-host network.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(String(parts[0])) else { return nil }
        let maximum = if case .v4 = address { 32 } else { 128 }
        let length: Int
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...maximum).contains(value), parts[1].allSatisfy(\.isNumber) else { return nil }
            length = value
        } else {
            length = maximum
        }
        self.address = address
        self.prefixLength = length
    }

    public var description: String { "\(address)/\(prefixLength)" }

    /// Whether `candidate` is inside this network; IPv4-mapped IPv6 addresses match IPv4 networks.
    public func contains(_ candidate: IPAddress) -> Bool {
        switch (address, candidate.unmapped) {
        case (.v4(let network), .v4(let value)):
            guard prefixLength > 0 else { return true }
            let mask: UInt32 = prefixLength == 32 ? .max : ~(UInt32.max >> UInt32(prefixLength))
            return network & mask == value & mask
        case (.v6(let network), .v6(let value)):
            var remaining = prefixLength
            for index in 0..<16 where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if network[index] & mask != value[index] & mask { return false }
                remaining -= bits
            }
            return true
        default:
            return false
        }
    }
}
