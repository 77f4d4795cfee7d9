import PostamtConfiguration
import SMTPCore

/// The DNS records a domain served by this configuration should publish, in zone-file
/// syntax with a comment above each saying what it is for.
struct DNSRecordSuggestions {
    struct Record: Equatable {
        var name: String
        var type: String
        var value: String
        var comment: String
    }

    var domain: String
    var configuration: PostamtConfiguration
    var ttl = 3600

    /// The host name mail clients and other servers connect to.
    var host: String { configuration.autoconfig.hostname ?? configuration.hostname }

    var records: [Record] {
        let domain = DomainName.normalized(self.domain) + "."
        let host = DomainName.normalized(self.host) + "."
        var records = [
            Record(name: domain, type: "MX", value: "10 \(host)", comment: "Mail for the domain goes to this server (RFC 5321 §5)."),
            Record(name: domain, type: "TXT", value: "\"v=spf1 mx -all\"", comment: "Only the domain's MX hosts send its mail (SPF, RFC 7208)."),
            Record(
                name: "_dmarc.\(domain)", type: "TXT", value: "\"v=DMARC1; p=none; rua=mailto:postmaster@\(DomainName.normalized(self.domain))\"",
                comment: "DMARC (RFC 7489): start with p=none and read the reports, then tighten to quarantine or reject."
            ),
        ]
        let submissions = configuration.listeners(.submissions).first?.port ?? 465
        let submission = configuration.listeners(.submission).first?.port ?? 587
        records.append(Record(
            name: "_submissions._tcp.\(domain)", type: "SRV", value: "0 1 \(submissions) \(host)",
            comment: "Mail clients submit with TLS from the first byte here (RFC 8314 §5.1), preferred."
        ))
        records.append(Record(
            name: "_submission._tcp.\(domain)", type: "SRV", value: "0 1 \(submission) \(host)",
            comment: "Mail clients submit with STARTTLS here (RFC 6186)."
        ))
        if let imap = configuration.autoconfig.imap {
            let secure = imap.port != 143
            records.append(Record(
                name: "_\(secure ? "imaps" : "imap")._tcp.\(domain)", type: "SRV", value: "0 1 \(imap.port) \(DomainName.normalized(imap.host)).",
                comment: "Mail clients read mail here (RFC 6186, RFC 8314)."
            ))
        }
        records.append(Record(
            name: "autoconfig.\(domain)", type: "CNAME", value: host,
            comment: "Thunderbird fetches http(s)://autoconfig.\(DomainName.normalized(self.domain))/mail/config-v1.1.xml: serve Postamt's admin listener there (through a TLS proxy)."
        ))
        records.append(Record(
            name: "_autodiscover._tcp.\(domain)", type: "SRV", value: "0 0 443 \(host)",
            comment: "Outlook posts to https://\(DomainName.normalized(self.host))/autodiscover/autodiscover.xml (through the same proxy)."
        ))
        return records
    }

    /// Problems with the configuration that make the records point at nothing useful.
    var warnings: [String] {
        var warnings: [String] = []
        for listener in configuration.listeners {
            let standard = switch listener.role {
            case .mx: 25
            case .submission: 587
            case .submissions: 465
            }
            if let address = IPAddress(listener.host), address.isLoopback {
                warnings.append("the \(listener.role) listener \(listener.address) is on a loopback address: nobody else can reach it")
            } else if listener.port != standard {
                warnings.append("the \(listener.role) listener uses port \(listener.port), not \(standard): \(listener.role == .mx ? "other servers only ever try port 25" : "mail clients that guess will try \(standard)")")
            }
        }
        if !configuration.localDomains.contains(DomainName.normalized(domain)) {
            warnings.append("\(domain) is not among local_domains (\(configuration.localDomains.joined(separator: ", "))): mail for it would be refused")
        }
        if configuration.listeners(.submission).isEmpty && configuration.listeners(.submissions).isEmpty {
            warnings.append("there is no submission listener: the SRV records point at ports nothing listens on")
        }
        return warnings
    }

    /// The zone-file text.
    func render() -> String {
        let width = max(records.map(\.name.count).max() ?? 0, 24)
        var lines = ["; DNS records for \(DomainName.normalized(domain)), served by \(DomainName.normalized(host))"]
        for warning in warnings { lines.append("; WARNING: \(warning)") }
        for record in records {
            lines.append("")
            lines.append("; \(record.comment)")
            let name = record.name.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("\(name) \(ttl) IN \(record.type.padding(toLength: 5, withPad: " ", startingAt: 0)) \(record.value)")
        }
        lines.append("")
        lines.append("; Also: a PTR record for the server's public address naming \(DomainName.normalized(host)), set by whoever runs the address.")
        lines.append("; DKIM: Postamt does not sign yet; its public key will be listed here once it does.")
        return lines.joined(separator: "\n")
    }
}
