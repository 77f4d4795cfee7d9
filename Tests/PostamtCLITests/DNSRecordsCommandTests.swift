import Foundation
import Testing

/// `postamt dns-records`: the records to publish, from the configuration's listeners.
@Suite("postamt dns-records")
struct DNSRecordsCommandTests {
    static func config(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dns-records-\(UUID().uuidString).toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a production setup: MX, SPF, DMARC, both submission SRVs, IMAP, autoconfig and Autodiscover; no warnings")
    func production() async throws {
        let config = try Self.config("""
            hostname = "mail.example.com"
            local_domains = ["example.com"]
            [[listener]]
            role = "mx"
            address = "0.0.0.0:25"
            [[listener]]
            role = "submission"
            address = "0.0.0.0:587"
            [[listener]]
            role = "submissions"
            address = "0.0.0.0:465"
            [autoconfig]
            imap = "imap.example.com:993"
            """)
        let result = try await PostamtBinary.run(["dns-records", "Example.com", "--config", config, "--ttl", "300"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        for expected in [
            "example.com. 300 IN MX 10 mail.example.com.",
            "example.com. 300 IN TXT \"v=spf1 mx -all\"",
            "_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=none; rua=mailto:postmaster@example.com\"",
            "_submissions._tcp.example.com. 300 IN SRV 0 1 465 mail.example.com.",
            "_submission._tcp.example.com. 300 IN SRV 0 1 587 mail.example.com.",
            "_imaps._tcp.example.com. 300 IN SRV 0 1 993 imap.example.com.",
            "autoconfig.example.com. 300 IN CNAME mail.example.com.",
            "_autodiscover._tcp.example.com. 300 IN SRV 0 0 443 mail.example.com.",
        ] {
            #expect(lines.contains(expected), "missing: \(expected)\n\(result.standardOutput)")
        }
        #expect(!result.standardOutput.contains("WARNING"), "\(result.standardOutput)")
    }

    @Test("the defaults are warned about: loopback listeners and a domain that is not local")
    func warnings() async throws {
        let result = try await PostamtBinary.run(["dns-records", "example.org", "--hostname", "mail.example.org"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("; WARNING: the mx listener 127.0.0.1:2525 is on a loopback address"))
        #expect(result.standardOutput.contains("; WARNING: example.org is not among local_domains"))
        #expect(result.standardOutput.contains("_submission._tcp.example.org."))
    }

    @Test("a bad domain or TTL is a usage error (exit 2)")
    func usage() async throws {
        #expect(try await PostamtBinary.run(["dns-records", "not a domain"]).status == 2)
        #expect(try await PostamtBinary.run(["dns-records", "example.com", "--ttl", "0"]).status == 2)
    }
}
