import Testing

@testable import DNS

@Suite("DNSName: what may be asked for")
struct DNSNameTests {
    @Test(
        "valid names lose their trailing dot and keep their case",
        arguments: [
            ("example.org", "example.org"), ("Example.ORG.", "Example.ORG"), ("localhost", "localhost"),
            ("_submission._tcp.example.org", "_submission._tcp.example.org"), ("xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
            ("a-b.c_d.e1", "a-b.c_d.e1"),
        ])
    func valid(name: String, expected: String) throws {
        #expect(try DNSName.validated(name) == expected)
    }

    @Test(
        "invalid names are refused before a query is sent",
        arguments: [
            "", ".", "..", "a..b", ".example.org", "exa mple.org", "example.org..", "münchen.de", "a\\.b", "a\"b",
            "example.org\n", String(repeating: "a", count: 64) + ".org",
            // 254 characters: one past RFC 1035's 255 octets in wire form.
            (0..<4).map { _ in String(repeating: "a", count: 62) }.joined(separator: ".") + ".ab",
        ])
    func invalid(name: String) {
        #expect(throws: DNSError.invalidName(name)) { try DNSName.validated(name) }
    }

    @Test("the longest names and labels RFC 1035 allows are accepted")
    func limits() throws {
        let label = String(repeating: "a", count: 63)
        #expect(try DNSName.validated(label + ".org") == label + ".org")
        let longest = (0..<4).map { _ in String(repeating: "a", count: 62) }.joined(separator: ".") + ".a"
        #expect(longest.utf8.count == 253)
        #expect(try DNSName.validated(longest + ".") == longest)
    }

    @Test("normalized: lowercase ASCII, no trailing dot, the root stays \".\"")
    func normalized() {
        #expect(DNSName.normalized("MX.Example.ORG.") == "mx.example.org")
        #expect(DNSName.normalized(".") == ".")
        #expect(DNSName.normalized("") == "")
    }
}
