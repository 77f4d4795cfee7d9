import SMTPCore
import Testing

@testable import DNS

@Suite("StaticDNSResolver: a table that answers like DNS")
struct StaticDNSResolverTests {
    let resolver = StaticDNSResolver(
        mx: ["Example.org.": [MXRecord(preference: 10, exchange: "mx.example.org")]],
        addresses: ["mx.example.org": [IPAddress("192.0.2.1")!, IPAddress("2001:db8::1")!]],
        txt: ["_dmarc.example.org": ["v=DMARC1; p=none"]],
        srv: ["_submission._tcp.example.org": [SRVRecord(priority: 0, weight: 1, port: 587, target: "mx.example.org")]],
        failures: ["broken.example.org": .temporaryFailure("SERVFAIL")]
    )

    @Test("records are found without regard to case or a trailing dot")
    func caseInsensitive() async throws {
        #expect(try await resolver.mx("EXAMPLE.ORG") == [MXRecord(preference: 10, exchange: "mx.example.org")])
        #expect(try await resolver.mx("example.org.") == [MXRecord(preference: 10, exchange: "mx.example.org")])
        #expect(try await resolver.txt("_DMARC.example.org") == ["v=DMARC1; p=none"])
        #expect(try await resolver.srv("_submission._tcp.example.org").map(\.port) == [587])
    }

    @Test("addresses come IPv6 first, as UnboundResolver returns them")
    func addressesIPv6First() async throws {
        #expect(try await resolver.addresses("mx.example.org") == [IPAddress("2001:db8::1")!, IPAddress("192.0.2.1")!])
    }

    @Test("a name with other records, or an ancestor of one, exists: NODATA is an empty answer")
    func nodata() async throws {
        #expect(try await resolver.mx("mx.example.org") == [])
        #expect(try await resolver.addresses("example.org") == [])
        #expect(try await resolver.txt("_tcp.example.org") == [])
    }

    @Test("any other name is NXDOMAIN, carrying the name as asked (without a trailing dot)")
    func nxdomain() async {
        await #expect(throws: DNSError.nonexistentDomain("nowhere.example")) { try await resolver.mx("nowhere.example.") }
        await #expect(throws: DNSError.nonexistentDomain("xample.org")) { try await resolver.addresses("xample.org") }
    }

    @Test("a configured failure is thrown for every type")
    func failures() async {
        await #expect(throws: DNSError.temporaryFailure("SERVFAIL")) { try await resolver.mx("broken.example.org") }
        await #expect(throws: DNSError.temporaryFailure("SERVFAIL")) { try await resolver.addresses("broken.example.org") }
    }

    @Test("names are checked as UnboundResolver checks them")
    func invalidNames() async {
        await #expect(throws: DNSError.invalidName("a..b")) { try await resolver.mx("a..b") }
        await #expect(throws: DNSError.invalidName("")) { try await resolver.txt("") }
    }
}
