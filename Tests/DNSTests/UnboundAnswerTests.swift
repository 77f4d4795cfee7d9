import SMTPCore
import Testing

@testable import DNS

@Suite("UnboundAnswer: rcodes and flags become records or DNSError")
struct UnboundAnswerTests {
    static func answer(
        rcode: Int32 = 0, hasData: Bool = false, nxdomain: Bool = false, secure: Bool = false, bogus: Bool = false,
        rdata: [[UInt8]] = []
    ) -> UnboundAnswer {
        UnboundAnswer(
            rcode: rcode, hasData: hasData, isNonexistent: nxdomain, isSecure: secure, isBogus: bogus,
            whyBogus: bogus ? "signature expired" : nil, rdata: rdata)
    }

    func records(_ answer: UnboundAnswer) throws(DNSError) -> [IPAddress] {
        try answer.records(of: .a, for: "host.example", parse: RData.a)
    }

    @Test("NOERROR with data: the records")
    func data() throws {
        #expect(try records(Self.answer(hasData: true, rdata: [[192, 0, 2, 1], [192, 0, 2, 2]])) == [
            IPAddress("192.0.2.1")!, IPAddress("192.0.2.2")!,
        ])
    }

    @Test("NOERROR without data (NODATA): no records, no error")
    func nodata() throws {
        #expect(try records(Self.answer()) == [])
    }

    @Test("NXDOMAIN (rcode 3, or libunbound's nxdomain flag): nonexistentDomain, permanent")
    func nxdomain() {
        #expect(throws: DNSError.nonexistentDomain("host.example")) { try records(Self.answer(rcode: 3, nxdomain: true)) }
        #expect(throws: DNSError.nonexistentDomain("host.example")) { try records(Self.answer(rcode: 3)) }
    }

    @Test("FORMERR, SERVFAIL, NOTIMP, REFUSED and other rcodes: temporaryFailure", arguments: [1, 2, 4, 5, 9] as [Int32])
    func otherRcodes(rcode: Int32) {
        let error = #expect(throws: DNSError.self) { try records(Self.answer(rcode: rcode)) }
        #expect(error?.isTemporary == true)
    }

    @Test("a bogus answer is a temporary failure even when it carries data (libunbound returns it with NOERROR)")
    func bogus() {
        #expect(throws: DNSError.temporaryFailure("DNSSEC validation failed for host.example A: signature expired")) {
            try records(Self.answer(hasData: true, bogus: true, rdata: [[192, 0, 2, 1]]))
        }
    }

    @Test("malformed record data is a temporary failure")
    func malformed() {
        #expect(throws: DNSError.temporaryFailure("malformed A record for host.example")) {
            try records(Self.answer(hasData: true, rdata: [[192, 0, 2]]))
        }
    }
}

@Suite("AddressLookup.combine: AAAA and A answers for one host")
struct AddressLookupTests {
    let v6 = IPAddress("2001:db8::1")!
    let v4 = IPAddress("192.0.2.1")!
    let temporary = DNSError.temporaryFailure("SERVFAIL")
    let nonexistent = DNSError.nonexistentDomain("host.example")

    @Test("both answered: IPv6 first, then IPv4")
    func both() throws {
        #expect(try AddressLookup.combine(ipv6: .success([v6]), ipv4: .success([v4])) == [v6, v4])
    }

    @Test("a temporary failure of one family does not hide the other's addresses")
    func partialFailure() throws {
        #expect(try AddressLookup.combine(ipv6: .failure(temporary), ipv4: .success([v4])) == [v4])
        #expect(try AddressLookup.combine(ipv6: .success([v6]), ipv4: .failure(temporary)) == [v6])
    }

    @Test("no addresses: a temporary failure wins over NXDOMAIN, NXDOMAIN over NODATA")
    func noAddresses() {
        #expect(throws: temporary) { try AddressLookup.combine(ipv6: .failure(nonexistent), ipv4: .failure(temporary)) }
        #expect(throws: temporary) { try AddressLookup.combine(ipv6: .success([]), ipv4: .failure(temporary)) }
        #expect(throws: nonexistent) { try AddressLookup.combine(ipv6: .failure(nonexistent), ipv4: .failure(nonexistent)) }
        #expect(throws: nonexistent) { try AddressLookup.combine(ipv6: .success([]), ipv4: .failure(nonexistent)) }
    }

    @Test("both NODATA: an empty list")
    func nodata() throws {
        #expect(try AddressLookup.combine(ipv6: .success([]), ipv4: .success([])) == [])
    }
}
