import Testing

@testable import PostamtConfiguration

@Suite("Sizes, durations, addresses and suggestions")
struct ValueSyntaxTests {
    @Test("sizes", arguments: [
        ("0", UInt64(0)), ("1000", 1000), ("512K", 524_288), ("512k", 524_288), ("25M", 26_214_400), ("1G", 1 << 30),
        ("3T", 3 << 40), (" 64K ", nil), ("25MB", nil), ("M", nil), ("", nil), ("-1K", nil), ("1.5M", nil),
        ("18446744073709551615", UInt64.max), ("18446744073709551615K", nil),
    ] as [(String, UInt64?)])
    func sizes(text: String, bytes: UInt64?) {
        #expect(ByteSize.parse(text) == bytes)
    }

    @Test("sizes are written back in the largest exact unit", arguments: [
        (UInt64(25 << 20), "25M"), (1536 << 10, "1536K"), (1000, "1000"), (1 << 30, "1G"), (0, "0"),
    ])
    func sizeFormat(bytes: UInt64, text: String) {
        #expect(ByteSize.format(bytes) == text)
    }

    @Test("durations", arguments: [
        ("0", Int64(0)), ("45", 45), ("30s", 30), ("5m", 300), ("1h", 3600), ("5d", 432_000), ("1w", 604_800),
        ("5M", nil), ("5 m", nil), ("m", nil), ("", nil), ("1.5h", nil), ("-5m", nil), ("99999999999999999d", nil),
    ] as [(String, Int64?)])
    func durations(text: String, seconds: Int64?) {
        #expect(DurationText.parse(text) == seconds.map { .seconds($0) })
    }

    @Test("durations are written back in the largest exact unit", arguments: [
        (Int64(300), "5m"), (90, "90s"), (3600, "1h"), (432_000, "5d"), (1_209_600, "2w"), (5400, "90m"),
    ])
    func durationFormat(seconds: Int64, text: String) {
        #expect(DurationText.format(.seconds(seconds)) == text)
    }

    @Test("host and port", arguments: [
        ("0.0.0.0:25", true, "0.0.0.0", 25),
        ("[::]:25", true, "::", 25),
        ("[2001:db8::1]", false, "2001:db8::1", nil),
        ("Mail.Example.NET:587", true, "mail.example.net", 587),
        ("relay.example", false, "relay.example", nil),
        ("localhost:0", true, "localhost", 0),
    ] as [(String, Bool, String, Int?)])
    func hostPort(text: String, portRequired: Bool, host: String, port: Int?) throws {
        #expect(try HostPort.parse(text, portRequired: portRequired).get() == HostPort(host: host, port: port))
    }

    @Test("addresses that are not host:port", arguments: [
        "", "0.0.0.0", "[::]", ":25", "[::1]25", "::1", "1.2.3:25", "999.0.0.1:25", "host name:25", "a.example:65536",
        "a.example:port", "[fe80::1%eth0]:25", "[a.example]:25",
    ])
    func badHostPort(text: String) {
        #expect(throws: HostPort.Problem.self) { try HostPort.parse(text, portRequired: true).get() }
    }

    @Test("edit distance counts a swap of neighbours as one edit", arguments: [
        ("hostname", "hostname", 0), ("hostnmae", "hostname", 1), ("hostnam", "hostname", 1), ("hotname", "hostname", 1),
        ("limts", "limits", 1), ("abc", "xyz", 3), ("", "abc", 3),
    ])
    func distance(a: String, b: String, expected: Int) {
        #expect(Suggestion.distance(a, b) == expected)
    }

    @Test("suggestions for typos, abbreviations and nothing for unrelated names", arguments: [
        ("hostnmae", "hostname"), ("HOSTNAME", "hostname"), ("data_dir", "data_directory"), ("log_levl", "log_level"),
        ("listeners", "listener"), ("cert", "certificate"), ("colour", nil), ("xy", nil),
    ] as [(String, String?)])
    func suggestions(name: String, expected: String?) {
        let known = FileReader.rootKeys + FileReader.tlsKeys
        #expect(Suggestion.closest(to: name, in: known) == expected)
    }

    @Test("domain names follow RFC 5321", arguments: [
        ("example.com", true), ("localhost", true), ("mail-1.example.com", true), ("xn--bcher-kva.example", true),
        ("bücher.example", true), ("example.com.", false), ("", false), ("-a.example", false), ("a-.example", false),
        ("a..example", false), ("a b.example", false), ("a@b.example", false), ("[192.0.2.1]", false), ("a_b.example", false),
    ])
    func domains(text: String, valid: Bool) {
        #expect(DomainName.isValid(text) == valid)
    }

    @Test("alias keys: lowercased mailboxes, or @domain for a catch-all", arguments: [
        ("Info@Example.COM", "info@example.com"), ("@Example.org", "@example.org"), ("info", nil), ("@", nil),
        ("@bad domain", nil), ("a@[192.0.2.1]", nil), ("\"john doe\"@example.com", "\"john doe\"@example.com"),
    ] as [(String, String?)])
    func aliasKeys(key: String, expected: String?) {
        #expect(FileReader.aliasAddress(key) == expected)
    }
}
