import SMTPCore
import Testing

@testable import DNS

@Suite("MXRouting.attempts: connections in MX order, address families interleaved")
struct ConnectionAttemptTests {
    let v6a = IPAddress("2001:db8::a")!
    let v6b = IPAddress("2001:db8::b")!
    let v4a = IPAddress("192.0.2.1")!
    let v4b = IPAddress("192.0.2.2")!
    let v4c = IPAddress("192.0.2.3")!

    func pairs(_ attempts: [ConnectionAttempt]) -> [String] { attempts.map(\.description) }

    @Test("interleaved (the default): IPv6, IPv4, IPv6, IPv4… within each host, IPv6 first (RFC 8305 §4)")
    func interleaved() {
        let attempts = MXRouting.attempts(
            hosts: ["mx1.example.org"], addresses: ["mx1.example.org": [v4a, v4b, v4c, v6a, v6b]])
        #expect(
            pairs(attempts) == [
                "mx1.example.org[2001:db8::a]", "mx1.example.org[192.0.2.1]", "mx1.example.org[2001:db8::b]",
                "mx1.example.org[192.0.2.2]", "mx1.example.org[192.0.2.3]",
            ])
    }

    @Test("RFC 5321 §5.1: every address of a more preferred host comes before any of the next host")
    func hostOrderIsKept() {
        let attempts = MXRouting.attempts(
            hosts: ["mx1.example.org", "mx2.example.org"],
            addresses: ["mx2.example.org": [v6b, v4b], "mx1.example.org": [v4a, v6a]])
        #expect(
            pairs(attempts) == [
                "mx1.example.org[2001:db8::a]", "mx1.example.org[192.0.2.1]",
                "mx2.example.org[2001:db8::b]", "mx2.example.org[192.0.2.2]",
            ])
    }

    @Test(
        "family preferences",
        arguments: [
            (AddressFamilyPreference.ipv6First, ["2001:db8::a", "2001:db8::b", "192.0.2.1", "192.0.2.2"]),
            (.ipv4Only, ["192.0.2.1", "192.0.2.2"]),
            (.ipv6Only, ["2001:db8::a", "2001:db8::b"]),
            (.interleaved, ["2001:db8::a", "192.0.2.1", "2001:db8::b", "192.0.2.2"]),
        ])
    func familyPreferences(preference: AddressFamilyPreference, expected: [String]) {
        let attempts = MXRouting.attempts(
            hosts: ["mx.example.org"], addresses: ["mx.example.org": [v4a, v6a, v4b, v6b]], preference: preference)
        #expect(attempts.map(\.address.description) == expected)
    }

    @Test("hosts without addresses, or only of an unused family, are skipped")
    func hostsWithoutAddresses() {
        let attempts = MXRouting.attempts(
            hosts: ["gone.example.org", "v6only.example.org", "mx.example.org"],
            addresses: ["gone.example.org": [], "v6only.example.org": [v6a], "mx.example.org": [v4a]],
            preference: .ipv4Only)
        #expect(pairs(attempts) == ["mx.example.org[192.0.2.1]"])
    }

    @Test("an address shared by two MX names is tried once, under the first name")
    func sharedAddress() {
        let attempts = MXRouting.attempts(
            hosts: ["mx1.example.org", "mx2.example.org"],
            addresses: ["mx1.example.org": [v4a], "mx2.example.org": [v4a, v4b]])
        #expect(pairs(attempts) == ["mx1.example.org[192.0.2.1]", "mx2.example.org[192.0.2.2]"])
    }

    @Test("an IPv4-mapped IPv6 address counts as the IPv4 address")
    func mappedAddress() {
        let attempts = MXRouting.attempts(
            hosts: ["mx.example.org"], addresses: ["mx.example.org": [IPAddress("::ffff:192.0.2.1")!, v4a]],
            preference: .ipv4Only)
        #expect(pairs(attempts) == ["mx.example.org[192.0.2.1]"])
    }

    @Test("host names match without regard to case or a trailing dot")
    func hostNamesAreNormalized() {
        let attempts = MXRouting.attempts(hosts: ["mx.example.org"], addresses: ["MX.Example.org.": [v4a]])
        #expect(pairs(attempts) == ["mx.example.org[192.0.2.1]"])
    }
}
