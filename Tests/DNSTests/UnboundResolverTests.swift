import PostamtTestSupport
import SMTPCore
import Synchronization
import Testing

@testable import DNS

/// libunbound against a real dnsmasq on a loopback port (see ``Dnsmasq/zone``).
@Suite(
    "UnboundResolver against a real dnsmasq",
    .enabled(if: Dnsmasq.isAvailable, "dnsmasq is not installed (Debian package dnsmasq-base)")
)
struct UnboundResolverTests {
    static func resolver(
        _ server: Dnsmasq, timeout: Duration = .seconds(5), trustAnchors: [String] = [],
        upstreamSpecialUseZones: [String] = ["test."]
    ) throws -> UnboundResolver {
        try UnboundResolver(
            configuration: .init(
                upstream: .forwarders([server.forwarder]), queryTimeout: timeout, trustAnchors: trustAnchors,
                upstreamSpecialUseZones: upstreamSpecialUseZones))
    }

    @Test("MX records with their preferences")
    func mx() async throws {
        try await withDnsmasq { server in
            let resolver = try Self.resolver(server)
            let records = try await resolver.mx("example.test")
            #expect(Set(records) == [
                MXRecord(preference: 10, exchange: "mx1.example.test"), MXRecord(preference: 20, exchange: "mx2.example.test"),
            ])
        }
    }

    @Test("names are asked without regard to case or a trailing dot")
    func caseAndTrailingDot() async throws {
        try await withDnsmasq { server in
            let resolver = try Self.resolver(server)
            #expect(try await resolver.mx("EXAMPLE.Test.").count == 2)
        }
    }

    @Test("RFC 7505: a null MX arrives as preference 0 and \".\", and plans as nullMX")
    func nullMX() async throws {
        try await withDnsmasq { server in
            let records = try await Self.resolver(server).mx("nullmx.test")
            #expect(records == [MXRecord(preference: 0, exchange: ".")])
            #expect(MXRouting.plan(domain: "nullmx.test", records: records) == .nullMX)
        }
    }

    @Test("NOERROR without MX records (NODATA) is an empty array: the implicit MX applies")
    func nodata() async throws {
        try await withDnsmasq { server in
            let resolver = try Self.resolver(server)
            #expect(try await resolver.mx("mx1.example.test") == [])
            #expect(try await resolver.mx("implicit.test") == [])
            #expect(try await resolver.txt("mx2.example.test") == [])
        }
    }

    @Test("NXDOMAIN is nonexistentDomain", arguments: ["unknown.test", "nxdomain.test", "deep.below.nxdomain.test"])
    func nxdomain(name: String) async throws {
        try await withDnsmasq { server in
            let resolver = try Self.resolver(server)
            await #expect(throws: DNSError.nonexistentDomain(name)) { try await resolver.mx(name) }
            await #expect(throws: DNSError.nonexistentDomain(name)) { try await resolver.addresses(name) }
        }
    }

    @Test("AAAA and A are both asked; IPv6 first")
    func addresses() async throws {
        try await withDnsmasq { server in
            let resolver = try Self.resolver(server)
            #expect(try await resolver.addresses("mx1.example.test") == [IPAddress("::1")!, IPAddress("127.0.0.1")!])
            #expect(try await resolver.addresses("mx2.example.test") == [IPAddress("127.0.0.2")!])
            #expect(try await resolver.addresses("example.test") == [])
        }
    }

    @Test("TXT records, a multi-string record concatenated (RFC 7208 §3.3)")
    func txt() async throws {
        try await withDnsmasq { server in
            let resolver = try Self.resolver(server)
            #expect(try await resolver.txt("example.test") == ["v=spf1 -all"])
            #expect(try await resolver.txt("_dmarc.example.test") == ["v=DMARC1; p=reject"])
            #expect(try await resolver.txt("multi.example.test") == ["part onepart two"])
        }
    }

    @Test("SRV records (RFC 6186 names)")
    func srv() async throws {
        try await withDnsmasq { server in
            let resolver = try Self.resolver(server)
            #expect(try await resolver.srv("_submission._tcp.example.test") == [
                SRVRecord(priority: 0, weight: 1, port: 587, target: "mail.example.test")
            ])
            #expect(try await resolver.srv("_imaps._tcp.example.test") == [
                SRVRecord(priority: 10, weight: 5, port: 993, target: "mail.example.test")
            ])
            // No such service: the name does not exist (RFC 6186 §3.4: the client falls back).
            await #expect(throws: DNSError.nonexistentDomain("_imap._tcp.example.test")) {
                try await resolver.srv("_imap._tcp.example.test")
            }
        }
    }

    @Test("a server that refuses the query (REFUSED, which libunbound reports as SERVFAIL) is a temporary failure")
    func servfail() async throws {
        try await withDnsmasq { server in
            let resolver = try Self.resolver(server)
            // dnsmasq has no upstream (--no-resolv) and refuses names outside its zone.
            let start = ContinuousClock.now
            let error = await #expect(throws: DNSError.self) { try await resolver.mx("refused.example") }
            #expect(error?.isTemporary == true)
            _ = start
        }
    }

    @Test("without removing unbound's default local zone for test., .test names are NXDOMAIN locally")
    func testZoneNeedsForwarding() async throws {
        try await withDnsmasq { server in
            let resolver = try Self.resolver(server, upstreamSpecialUseZones: [])
            await #expect(throws: DNSError.nonexistentDomain("example.test")) { try await resolver.mx("example.test") }
        }
    }

    @Test("a task cancelled before it asks gets a temporary failure too")
    func cancelledBeforehand() async throws {
        try await withDnsmasq { server in
            let resolver = try Self.resolver(server)
            let lookup = Task { () async throws -> [MXRecord] in
                withUnsafeCurrentTask { $0?.cancel() }
                return try await resolver.mx("example.test")
            }
            let result = await lookup.result
            guard let error = result.failureValue as? DNSError else {
                Issue.record("expected a DNSError, got \(result)")
                return
            }
            #expect(error.isTemporary)
        }
    }

    @Test("DNSSEC: an answer that fails validation is a temporary failure, not data")
    func bogus() async throws {
        try await withDnsmasq { server in
            // A trust anchor for test. that dnsmasq's unsigned zone cannot match.
            let anchor = "test. DS 12345 13 2 " + String(repeating: "0", count: 64)
            let resolver = try Self.resolver(server, trustAnchors: [anchor])
            let error = await #expect(throws: DNSError.self) { try await resolver.mx("example.test") }
            guard case .temporaryFailure(let reason)? = error else {
                Issue.record("expected a temporary failure, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("DNSSEC validation failed"))
        }
    }

    @Test("DNSSEC: without a trust anchor nothing is secure")
    func insecure() async throws {
        try await withDnsmasq { server in
            let answer = try await Self.resolver(server).mxWithSecurity("example.test")
            #expect(answer.records.count == 2)
            #expect(!answer.isSecure)
        }
    }

    @Test("many concurrent lookups on one resolver each get their own answer")
    func concurrentLookups() async throws {
        try await withDnsmasq { server in
            let resolver = try Self.resolver(server)
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<300 {
                    group.addTask {
                        switch index % 4 {
                        case 0: return try await resolver.mx("example.test").count == 2
                        case 1: return try await resolver.addresses("mx1.example.test").count == 2
                        case 2: return try await resolver.txt("example.test") == ["v=spf1 -all"]
                        default:
                            do throws(DNSError) {
                                _ = try await resolver.mx("unknown\(index).test")
                                return false
                            } catch {
                                return error == .nonexistentDomain("unknown\(index).test")
                            }
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.count == 300)
            #expect(results.allSatisfy { $0 })
        }
    }

    @Test("MXRouting.resolve end to end: MX order, then each host's addresses, IPv6 first")
    func routeEndToEnd() async throws {
        try await withDnsmasq { server in
            let resolver = try Self.resolver(server)
            #expect(
                try await MXRouting.resolve(domain: "example.test", using: resolver)
                    == .attempts([
                        ConnectionAttempt(host: "mx1.example.test", address: IPAddress("::1")!),
                        ConnectionAttempt(host: "mx1.example.test", address: IPAddress("127.0.0.1")!),
                        ConnectionAttempt(host: "mx2.example.test", address: IPAddress("127.0.0.2")!),
                    ]))
            #expect(
                try await MXRouting.resolve(domain: "implicit.test", using: resolver)
                    == .attempts([
                        ConnectionAttempt(host: "implicit.test", address: IPAddress("::2")!),
                        ConnectionAttempt(host: "implicit.test", address: IPAddress("127.0.2.1")!),
                    ]))
            #expect(try await MXRouting.resolve(domain: "nullmx.test", using: resolver) == .nullMX)
            await #expect(throws: DNSError.nonexistentDomain("unknown.test")) {
                try await MXRouting.resolve(domain: "unknown.test", using: resolver)
            }
            guard case .attempts(let equal) = try await MXRouting.resolve(domain: "equal.test", using: resolver) else {
                Issue.record("expected attempts for equal.test")
                return
            }
            #expect(Set(equal.map(\.host)) == ["a.equal.test", "b.equal.test", "c.equal.test"])
        }
    }
}

/// libunbound's own answers and the failure paths: these need no DNS server (and no dnsmasq).
@Suite("UnboundResolver: local answers, timeouts, cancellation, shutdown")
struct UnboundResolverFailureTests {
    @Test("RFC 6761: localhost resolves to loopback and .invalid is NXDOMAIN, without asking the forwarder")
    func specialUseNames() async throws {
        // No server at all: these answers come from libunbound's own local zones.
        let resolver = try UnboundResolver(
            configuration: .init(upstream: .forwarders(["127.0.0.1@\(try freeUDPPort())"]), queryTimeout: .seconds(2)))
        #expect(try await resolver.addresses("localhost") == [IPAddress("::1")!, IPAddress("127.0.0.1")!])
        await #expect(throws: DNSError.nonexistentDomain("mail.invalid")) { try await resolver.mx("mail.invalid") }
    }

    @Test("no server listening: a temporary failure after the query timeout, not libunbound's own retries")
    func nothingListening() async throws {
        let port = try freeUDPPort()
        let resolver = try UnboundResolver(
            configuration: .init(upstream: .forwarders(["127.0.0.1@\(port)"]), queryTimeout: .milliseconds(800)))
        let start = ContinuousClock.now
        let error = await #expect(throws: DNSError.self) { try await resolver.mx("example.test") }
        #expect(error?.isTemporary == true)
        _ = start
    }

    @Test("a server that never answers: a temporary failure after the query timeout")
    func silentServer() async throws {
        let silent = try UDPSocket()  // bound, never read
        let resolver = try UnboundResolver(
            configuration: .init(upstream: .forwarders(["127.0.0.1@\(silent.port)"]), queryTimeout: .milliseconds(500)))
        let start = ContinuousClock.now
        let error = await #expect(throws: DNSError.self) { try await resolver.addresses("mx1.example.test") }
        guard case .temporaryFailure(let reason)? = error else {
            Issue.record("expected a temporary failure, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("no answer"))
        let elapsed = ContinuousClock.now - start
        // The reason ("no answer") shows the per-query deadline ended it, not libunbound's
        // own retries; the lower bound shows it did wait for that deadline.
        #expect(elapsed >= .milliseconds(450))
        withExtendedLifetime(silent) {}
    }

    @Test("cancelling the task ends the lookup at once, with a temporary failure")
    func cancellation() async throws {
        let silent = try UDPSocket()
        let resolver = try UnboundResolver(
            configuration: .init(upstream: .forwarders(["127.0.0.1@\(silent.port)"]), queryTimeout: .seconds(60)))
        // libunbound gives up on a silent server after some seconds of its own; a test
        // process busy elsewhere can wake this task only after that, when there is no lookup
        // left to cancel. Such a try proves nothing and is made again.
        for _ in 0..<3 {
            let lookup = LookupInFlight { try await resolver.mx("example.test") }
            try await Task.sleep(for: .milliseconds(100))
            guard lookup.isInFlight else { continue }
            lookup.task.cancel()
            let result = await lookup.task.result
            guard case .temporaryFailure(let reason)? = result.failureValue as? DNSError else {
                Issue.record("expected a temporary failure, got \(result)")
                return
            }
            // "cancelled" shows the cancellation ended the lookup, not the 60 s deadline.
            #expect(reason.contains("cancelled"))
            withExtendedLifetime(silent) {}
            return
        }
        Issue.record("three lookups in a row had ended before they could be cancelled")
    }

    @Test("shutdown fails the lookups in flight and every later one")
    func shutdown() async throws {
        let silent = try UDPSocket()
        // As above: a lookup that libunbound ended before the shutdown came is tried again,
        // with a resolver of its own.
        for _ in 0..<3 {
            let resolver = try UnboundResolver(
                configuration: .init(upstream: .forwarders(["127.0.0.1@\(silent.port)"]), queryTimeout: .seconds(60)))
            let lookup = LookupInFlight { try await resolver.mx("example.test") }
            try await Task.sleep(for: .milliseconds(100))
            guard lookup.isInFlight else {
                resolver.shutdown()
                continue
            }
            resolver.shutdown()
            #expect(await lookup.task.result.failureValue as? DNSError == UnboundEventLoop.shutDownError)
            await #expect(throws: UnboundEventLoop.shutDownError) { try await resolver.mx("example.test") }
            resolver.shutdown()  // a second time does nothing
            withExtendedLifetime(silent) {}
            return
        }
        Issue.record("three lookups in a row had ended before the shutdown")
    }

    @Test("invalid names fail without a query")
    func invalidName() async throws {
        let resolver = try UnboundResolver(configuration: .init(upstream: .forwarders(["127.0.0.1@9"])))
        await #expect(throws: DNSError.invalidName("bad name.test")) { try await resolver.mx("bad name.test") }
        await #expect(throws: DNSError.invalidName("a..test")) { try await resolver.addresses("a..test") }
    }
}

@Suite("UnboundResolver.Configuration")
struct UnboundConfigurationTests {
    @Test("forwarders are IP addresses with an optional @port", arguments: ["127.0.0.1", "127.0.0.1@5353", "::1@53", "2001:db8::1"])
    func validForwarders(forwarder: String) throws {
        try UnboundResolver.Configuration.validateForwarder(forwarder)
    }

    @Test(
        "anything else is refused before libunbound sees it",
        arguments: ["dns.example.org", "127.0.0.1:53", "127.0.0.1@", "127.0.0.1@0", "127.0.0.1@65536", "127.0.0.1@53@53", ""])
    func invalidForwarders(forwarder: String) {
        #expect(throws: UnboundSetupError.self) { try UnboundResolver.Configuration.validateForwarder(forwarder) }
        #expect(throws: UnboundSetupError.self) {
            try UnboundResolver(configuration: .init(upstream: .forwarders([forwarder])))
        }
    }

    @Test("an unknown libunbound option, a missing trust anchor file or a zero timeout fail at creation")
    func invalidSettings() {
        #expect(throws: UnboundSetupError.self) {
            try UnboundResolver(configuration: .init(upstream: .recursive, options: [.init("no-such-option", "1")]))
        }
        #expect(throws: UnboundSetupError.self) {
            try UnboundResolver(configuration: .init(upstream: .recursive, trustAnchorFile: "/nonexistent/root.key"))
        }
        #expect(throws: UnboundSetupError.self) {
            try UnboundResolver(configuration: .init(upstream: .recursive, queryTimeout: .zero))
        }
        #expect(throws: UnboundSetupError.self) { try UnboundResolver(configuration: .init(upstream: .forwarders([]))) }
    }

    @Test("known libunbound options are accepted, with or without the colon")
    func validOptions() throws {
        let resolver = try UnboundResolver(
            configuration: .init(upstream: .recursive, options: [.init("infra-cache-max-rtt", "1000"), .init("do-ip6:", "no")]))
        resolver.shutdown()
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// A lookup in a task of its own, and whether it is still waiting for its answer.
private struct LookupInFlight {
    /// Set when the lookup has its answer or its error.
    private final class EndFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    let task: Task<[MXRecord], any Error>
    private let ended = EndFlag()

    init(_ lookup: @escaping @Sendable () async throws -> [MXRecord]) {
        let ended = self.ended
        task = Task {
            defer { ended.value.store(true, ordering: .releasing) }
            return try await lookup()
        }
    }

    var isInFlight: Bool { !ended.value.load(ordering: .acquiring) }
}
