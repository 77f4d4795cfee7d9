import SMTPCore
import Testing

@testable import DNS

@Suite("MXRouting.resolve: MX, plan and addresses together, over a StaticDNSResolver")
struct RouteResolutionTests {
    static func keepOrder(_ group: inout [MXRecord]) {}

    let resolver = StaticDNSResolver(
        mx: [
            "example.org": [MXRecord(preference: 20, exchange: "mx2.example.org"), MXRecord(preference: 10, exchange: "mx1.example.org")],
            "nullmx.org": [MXRecord(preference: 0, exchange: ".")],
            "dangling.org": [MXRecord(preference: 10, exchange: "gone.dangling.org")],
            "flaky.org": [
                MXRecord(preference: 10, exchange: "broken.flaky.org"), MXRecord(preference: 20, exchange: "ok.flaky.org"),
            ],
            "allflaky.org": [MXRecord(preference: 10, exchange: "broken.flaky.org")],
            "v6only.org": [MXRecord(preference: 10, exchange: "mx.v6only.org")],
        ],
        addresses: [
            "mx1.example.org": [IPAddress("192.0.2.1")!, IPAddress("2001:db8::1")!],
            "mx2.example.org": [IPAddress("192.0.2.2")!],
            "implicit.org": [IPAddress("192.0.2.9")!],
            "ok.flaky.org": [IPAddress("192.0.2.5")!],
            "mx.v6only.org": [IPAddress("2001:db8::6")!],
        ],
        txt: ["noaddress.org": ["v=spf1 -all"]],
        failures: ["broken.flaky.org": .temporaryFailure("SERVFAIL"), "down.org": .temporaryFailure("timeout")]
    )

    @Test("MX hosts by preference, each host's addresses interleaved IPv6 first")
    func ordinaryDomain() async throws {
        let route = try await MXRouting.resolve(domain: "example.org", using: resolver, randomize: Self.keepOrder)
        #expect(
            route
                == .attempts([
                    ConnectionAttempt(host: "mx1.example.org", address: IPAddress("2001:db8::1")!),
                    ConnectionAttempt(host: "mx1.example.org", address: IPAddress("192.0.2.1")!),
                    ConnectionAttempt(host: "mx2.example.org", address: IPAddress("192.0.2.2")!),
                ]))
    }

    @Test("RFC 5321 §5.1: a domain without MX records is its own mail host")
    func implicitMX() async throws {
        let route = try await MXRouting.resolve(domain: "implicit.org", using: resolver)
        #expect(route == .attempts([ConnectionAttempt(host: "implicit.org", address: IPAddress("192.0.2.9")!)]))
    }

    @Test("RFC 7505: a null MX is reported without looking up any address")
    func nullMX() async throws {
        #expect(try await MXRouting.resolve(domain: "nullmx.org", using: resolver) == .nullMX)
    }

    @Test("RFC 5321 §5.1: a nonexistent domain throws NXDOMAIN, with no A fallback")
    func nonexistentDomain() async {
        await #expect(throws: DNSError.nonexistentDomain("nowhere.org")) {
            try await MXRouting.resolve(domain: "nowhere.org", using: resolver)
        }
    }

    @Test("a failing MX lookup is a temporary failure, not a reason to fall back to A records")
    func mxLookupFails() async {
        await #expect(throws: DNSError.temporaryFailure("timeout")) {
            try await MXRouting.resolve(domain: "down.org", using: resolver)
        }
    }

    @Test("a host whose lookup fails temporarily is skipped while another host has addresses")
    func temporaryHostFailureSkipped() async throws {
        let route = try await MXRouting.resolve(domain: "flaky.org", using: resolver, randomize: Self.keepOrder)
        #expect(route == .attempts([ConnectionAttempt(host: "ok.flaky.org", address: IPAddress("192.0.2.5")!)]))
    }

    @Test("with every host failing temporarily the route is a temporary failure: a later try may work")
    func allHostsFailTemporarily() async {
        await #expect(throws: DNSError.temporaryFailure("SERVFAIL")) {
            try await MXRouting.resolve(domain: "allflaky.org", using: resolver)
        }
    }

    @Test("MX hosts that do not exist leave the domain unroutable (permanent, 5.4.4)")
    func danglingMX() async throws {
        let route = try await MXRouting.resolve(domain: "dangling.org", using: resolver)
        guard case .unroutable(let reason) = route else {
            Issue.record("expected unroutable, got \(route)")
            return
        }
        #expect(reason.contains("gone.dangling.org"))
    }

    @Test("a domain with neither MX nor address records is unroutable")
    func noAddressAtAll() async throws {
        let route = try await MXRouting.resolve(domain: "noaddress.org", using: resolver)
        guard case .unroutable(let reason) = route else {
            Issue.record("expected unroutable, got \(route)")
            return
        }
        #expect(reason.contains("no MX records"))
    }

    @Test("a host with only IPv6 addresses is unroutable for an IPv4-only server")
    func familyFilter() async throws {
        let route = try await MXRouting.resolve(domain: "v6only.org", using: resolver, preference: .ipv4Only)
        guard case .unroutable = route else {
            Issue.record("expected unroutable, got \(route)")
            return
        }
    }

    @Test("an invalid domain is refused before any lookup")
    func invalidDomain() async {
        await #expect(throws: DNSError.invalidName("exa mple.org")) {
            try await MXRouting.resolve(domain: "exa mple.org", using: resolver)
        }
    }
}
