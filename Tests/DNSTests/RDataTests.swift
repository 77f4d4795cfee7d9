import SMTPCore
import Testing

@testable import DNS

@Suite("RData: record data in wire format (RFC 1035 §3.3)")
struct RDataTests {
    /// A name in wire format: length-prefixed labels and the root's zero.
    static func wire(_ name: String) -> [UInt8] {
        name.split(separator: ".").flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0]
    }

    @Test("MX: preference and exchange, as libunbound returned them from dnsmasq")
    func mx() {
        // Captured from libunbound: `10 mx1.example.test`.
        let data: [UInt8] = [
            0x00, 0x0a, 0x03, 0x6d, 0x78, 0x31, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x04, 0x74, 0x65, 0x73, 0x74, 0x00,
        ]
        #expect(RData.mx(data) == MXRecord(preference: 10, exchange: "mx1.example.test"))
    }

    @Test("RFC 7505: a null MX is preference 0 and the root name, read as \".\"")
    func nullMX() {
        let record = RData.mx([0, 0, 0])
        #expect(record == MXRecord(preference: 0, exchange: "."))
        #expect(record?.isNullExchange == true)
    }

    @Test("the name's case is kept; a preference over 255 uses both octets")
    func mxCaseAndPreference() {
        #expect(RData.mx([0x01, 0x2C] + Self.wire("MX.Example.org")) == MXRecord(preference: 300, exchange: "MX.Example.org"))
    }

    @Test(
        "malformed MX data is refused",
        arguments: [
            [], [0], [0, 10], [0, 10, 3, 0x6d, 0x78], [0, 10, 2, 0x6d, 0x78],
            [0, 10, 0xC0, 0x0C],  // a compression pointer: never in libunbound's record data
            [0, 10, 0x40, 0], [0, 10, 0, 0],  // a reserved label type; bytes after the name
        ] as [[UInt8]])
    func malformedMX(data: [UInt8]) {
        #expect(RData.mx(data) == nil)
    }

    @Test("a name over 255 octets is refused (RFC 1035 §2.3.4)")
    func overlongName() {
        let label = [UInt8(63)] + [UInt8](repeating: 0x61, count: 63)
        let name = label + label + label + label + [0]  // 4 × 64 + 1 = 257 octets
        #expect(RData.mx([0, 10] + name) == nil)
        #expect(RData.mx([0, 10] + Array(name.dropFirst(64))) != nil)
    }

    @Test("octets that are not letters, digits, - or _ are escaped as \\DDD, so no label can pass for two")
    func escapedLabel() {
        let data: [UInt8] = [0, 10, 3, 0x61, 0x2E, 0x62, 3, 0x6F, 0x72, 0x67, 0]  // "a.b" as one label, then "org"
        #expect(RData.mx(data)?.exchange == "a\\046b.org")
        #expect(RData.mx([0, 10, 2, 0x5C, 0x20, 0])?.exchange == "\\092\\032")
    }

    @Test("SRV: priority, weight, port and target (RFC 2782), as libunbound returned them from dnsmasq")
    func srv() {
        // `0 1 587 mail.example.test`.
        let data: [UInt8] = [0x00, 0x00, 0x00, 0x01, 0x02, 0x4b] + Self.wire("mail.example.test")
        #expect(RData.srv(data) == SRVRecord(priority: 0, weight: 1, port: 587, target: "mail.example.test"))
        #expect(RData.srv([0, 0, 0, 0, 0, 0, 0])?.isServiceUnavailable == true)
        #expect(RData.srv([0, 0, 0, 1, 2]) == nil)
    }

    @Test("TXT: the character-strings of one record are concatenated (RFC 7208 §3.3)")
    func txt() {
        #expect(RData.txt([11] + Array("v=spf1 -all".utf8)) == "v=spf1 -all")
        #expect(RData.txt([8] + Array("part one".utf8) + [8] + Array("part two".utf8)) == "part onepart two")
        #expect(RData.txt([0]) == "")
        #expect(RData.txt([5, 0x61]) == nil)
    }

    @Test("TXT octets that are not UTF-8 become U+FFFD instead of failing the lookup")
    func txtNotUTF8() {
        #expect(RData.txt([3, 0x61, 0xFF, 0x62]) == "a\u{FFFD}b")
    }

    @Test("A and AAAA: exactly 4 and 16 octets")
    func addresses() {
        #expect(RData.a([192, 0, 2, 1]) == IPAddress("192.0.2.1"))
        #expect(RData.a([192, 0, 2]) == nil)
        #expect(RData.aaaa([0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1]) == IPAddress("2001:db8::1"))
        #expect(RData.aaaa([192, 0, 2, 1]) == nil)
    }
}
