import Testing

@testable import SMTPCore

@Suite("IP addresses and networks")
struct IPAddressTests {
    @Test("parses and prints IPv4 and IPv6 (RFC 5952 form)", arguments: [
        ("192.0.2.1", "192.0.2.1"),
        ("0.0.0.0", "0.0.0.0"),
        ("2001:db8::1", "2001:db8::1"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("::1", "::1"),
        ("::", "::"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("::ffff:192.0.2.1", "::ffff:c000:201"),
        ("fe80::1:2:3:4", "fe80::1:2:3:4"),
    ])
    func roundTrip(text: String, printed: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.description == printed)
        #expect(IPAddress(printed) == address)
    }

    @Test("rejects what is not an address", arguments: ["", "1.2.3", "256.1.1.1", "1.2.3.4.5", "2001:db8::g", "1::2::3", "fe80::1%eth0", "localhost"])
    func rejects(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("networks contain what their prefix covers")
    func networks() throws {
        let loopback = try #require(IPNetwork("127.0.0.0/8"))
        #expect(loopback.contains(IPAddress("127.5.6.7")!))
        #expect(!loopback.contains(IPAddress("128.0.0.1")!))
        #expect(loopback.contains(IPAddress("::ffff:127.0.0.1")!))
        let v6 = try #require(IPNetwork("2001:db8::/32"))
        #expect(v6.contains(IPAddress("2001:db8:ffff::1")!))
        #expect(!v6.contains(IPAddress("2001:db9::1")!))
        #expect(!v6.contains(IPAddress("192.0.2.1")!))
        #expect(IPNetwork("0.0.0.0/0")!.contains(IPAddress("203.0.113.9")!))
        #expect(IPNetwork("192.0.2.1")!.prefixLength == 32)
        #expect(IPNetwork("10.0.0.0/33") == nil)
        #expect(IPNetwork("10.0.0.0/x") == nil)
        #expect(IPNetwork("10.0.0.0/-1") == nil)
        #expect(IPAddress("::1")!.isLoopback && IPAddress("127.0.0.2")!.isLoopback && !IPAddress("10.0.0.1")!.isLoopback)
    }
}
