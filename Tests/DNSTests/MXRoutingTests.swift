import Testing

@testable import DNS

@Suite("MXRouting.plan: RFC 5321 §5.1 host order, implicit MX, RFC 7505 null MX")
struct MXRoutingTests {
    /// A fixed "shuffle": reverses each group of equal preference, so a test can tell that
    /// the group was handed over and in which order it came back.
    static func reverse(_ group: inout [MXRecord]) { group.reverse() }

    struct Case: Sendable, CustomTestStringConvertible {
        var rule: String
        var records: [MXRecord]
        var expected: RoutePlan
        var testDescription: String { rule }
    }

    static func mx(_ preference: UInt16, _ exchange: String) -> MXRecord {
        MXRecord(preference: preference, exchange: exchange)
    }

    static let cases: [Case] = [
        Case(
            rule: "§5.1: ascending preference, whatever the order DNS returned",
            records: [mx(30, "c.example.org"), mx(10, "a.example.org"), mx(20, "b.example.org")],
            expected: .hosts(["a.example.org", "b.example.org", "c.example.org"])),
        Case(
            rule: "§5.1: preference is a number, not text (5 before 10 before 100)",
            records: [mx(100, "hundred.example.org"), mx(5, "five.example.org"), mx(10, "ten.example.org")],
            expected: .hosts(["five.example.org", "ten.example.org", "hundred.example.org"])),
        Case(
            rule: "§5.1: equal preferences go through the randomizer as one group, in place",
            records: [mx(10, "a.example.org"), mx(20, "x.example.org"), mx(10, "b.example.org"), mx(10, "c.example.org")],
            expected: .hosts(["c.example.org", "b.example.org", "a.example.org", "x.example.org"])),
        Case(
            rule: "§5.1: no MX records means the implicit MX, the domain itself",
            records: [],
            expected: .hosts(["example.org"])),
        Case(
            rule: "RFC 7505: a single MX of preference 0 with exchange \".\" is a null MX",
            records: [mx(0, ".")],
            expected: .nullMX),
        Case(
            rule: "RFC 7505: the root written as \"\" is a null MX too",
            records: [mx(0, "")],
            expected: .nullMX),
        Case(
            rule: "RFC 7505: a root exchange at another preference still cannot take mail",
            records: [mx(10, ".")],
            expected: .nullMX),
        Case(
            rule: "RFC 7505 §3 violated: a null MX mixed with real hosts is skipped, the hosts are used",
            records: [mx(0, "."), mx(10, "mx.example.org")],
            expected: .hosts(["mx.example.org"])),
        Case(
            rule: "a host listed at two preferences is tried once, at the better one",
            records: [mx(20, "mx1.example.org"), mx(10, "mx1.example.org"), mx(15, "mx2.example.org")],
            expected: .hosts(["mx1.example.org", "mx2.example.org"])),
        Case(
            rule: "duplicates differ only in case or a trailing dot (RFC 4343: names compare without case)",
            records: [mx(10, "MX.Example.ORG."), mx(20, "mx.example.org"), mx(30, "backup.example.org.")],
            expected: .hosts(["mx.example.org", "backup.example.org"])),
        Case(
            rule: "the same record twice is one host",
            records: [mx(10, "mx.example.org"), mx(10, "mx.example.org")],
            expected: .hosts(["mx.example.org"])),
    ]

    @Test("plan", arguments: cases)
    func plan(_ test: Case) {
        #expect(MXRouting.plan(domain: "example.org", records: test.records, randomize: Self.reverse) == test.expected)
    }

    @Test("the implicit MX is the domain normalized: lowercase, without a trailing dot")
    func implicitMXIsNormalized() {
        #expect(MXRouting.plan(domain: "Example.ORG.", records: [], randomize: Self.reverse) == .hosts(["example.org"]))
    }

    @Test("the randomizer sees each preference group once, in ascending order, and never a lone record twice")
    func randomizerGroups() {
        var groups = [[String]]()
        let records = [
            MXRecord(preference: 20, exchange: "c"), MXRecord(preference: 10, exchange: "a"),
            MXRecord(preference: 20, exchange: "d"), MXRecord(preference: 10, exchange: "b"),
            MXRecord(preference: 30, exchange: "e"),
        ]
        _ = MXRouting.plan(domain: "example.org", records: records) { group in groups.append(group.map(\.exchange)) }
        #expect(groups == [["a", "b"], ["c", "d"], ["e"]])
    }

    @Test("the randomizer is not called for a null MX or the implicit MX")
    func randomizerNotCalledWithoutHosts() {
        var calls = 0
        _ = MXRouting.plan(domain: "example.org", records: []) { _ in calls += 1 }
        _ = MXRouting.plan(domain: "example.org", records: [MXRecord(preference: 0, exchange: ".")]) { _ in calls += 1 }
        #expect(calls == 0)
    }

    @Test("§5.1: the default randomizer shuffles equal preferences but never moves a host across preferences")
    func defaultShuffle() {
        let records = (0..<5).map { MXRecord(preference: 10, exchange: "mx\($0).example.org") }
            + [MXRecord(preference: 5, exchange: "first.example.org"), MXRecord(preference: 50, exchange: "last.example.org")]
        var orders = Set<[String]>()
        for _ in 0..<200 {
            guard case .hosts(let hosts) = MXRouting.plan(domain: "example.org", records: records) else {
                Issue.record("expected hosts")
                return
            }
            #expect(hosts.first == "first.example.org")
            #expect(hosts.last == "last.example.org")
            #expect(Set(hosts.dropFirst().dropLast()) == Set((0..<5).map { "mx\($0).example.org" }))
            orders.insert(hosts)
        }
        // 120 orders are possible; 200 draws giving one would mean no shuffling at all.
        #expect(orders.count > 1)
    }
}
