import DNS
import Foundation
import SMTPCore

/// `postamt diagnose --domain`: what a domain publishes for mail: its MX hosts and whether
/// each takes mail on port 25 with STARTTLS, SPF and DMARC, the SRV records that point
/// mail clients to submission (RFC 6186, RFC 8314), and client autoconfiguration.
public struct DomainReport: Sendable, Encodable {
    public struct MXHost: Sendable, Encodable {
        public var host: String
        public var preference: Int
        public var addresses: [String]
        /// The probe of port 25 (at the first address), if the host has an address.
        public var smtp: PortReport?
        public var lookupError: String?
    }

    public struct Service: Sendable, Encodable {
        public var name: String
        public var target: String
        public var port: Int
    }

    public struct Autoconfiguration: Sendable, Encodable {
        public var url: String
        /// The HTTP status, or nil when nothing answered.
        public var status: Int?
        /// Whether the answer is the expected XML (`clientConfig` or `Autodiscover`).
        public var isValid: Bool
        public var error: String?
    }

    public enum MXState: String, Sendable, Encodable {
        case records
        /// No MX: mail goes to the domain's own address (RFC 5321 §5.1).
        case implicit
        /// `MX 0 .`: the domain takes no mail (RFC 7505).
        case nullMX = "null-mx"
        case missing
        case lookupFailed = "lookup-failed"
    }

    public var domain: String
    public var mxState: MXState
    public var mxHosts: [MXHost]
    public var spf: [String]
    public var dmarc: [String]
    public var services: [Service]
    public var autoconfiguration: [Autoconfiguration]
    public var findings: [Diagnosis.Finding]

    public var isHealthy: Bool { !findings.contains { $0.severity == .problem } }
}

/// Runs the checks of a ``DomainReport``.
public enum DomainCheck {
    public struct Settings: Sendable {
        public var probe: ProbeSettings
        /// The SMTP port of MX hosts (25; tests use another).
        public var smtpPort: Int
        public var httpPort: Int
        public var httpsPort: Int

        public init(probe: ProbeSettings, smtpPort: Int = 25, httpPort: Int = 80, httpsPort: Int = 443) {
            self.probe = probe
            self.smtpPort = smtpPort
            self.httpPort = httpPort
            self.httpsPort = httpsPort
        }
    }

    public static func check(domain: String, resolver: any DNSResolver, settings: Settings, now: Date = Date()) async -> DomainReport {
        async let mx = mxHosts(domain, resolver: resolver, settings: settings, now: now)
        async let spf = txt(domain, resolver: resolver, prefix: "v=spf1")
        async let dmarc = txt("_dmarc." + domain, resolver: resolver, prefix: "v=DMARC1")
        async let services = srv(domain, resolver: resolver)
        async let autoconfiguration = autoconfiguration(domain, resolver: resolver, settings: settings)
        let (state, hosts) = await mx
        var report = DomainReport(
            domain: domain, mxState: state, mxHosts: hosts, spf: await spf, dmarc: await dmarc, services: await services,
            autoconfiguration: await autoconfiguration, findings: []
        )
        report.findings = findings(report)
        return report
    }

    private static func mxHosts(_ domain: String, resolver: any DNSResolver, settings: Settings, now: Date) async -> (DomainReport.MXState, [DomainReport.MXHost]) {
        let records: [MXRecord]
        do {
            records = try await resolver.mx(domain)
        } catch .nonexistentDomain {
            return (.missing, [])
        } catch {
            return (.lookupFailed, [])
        }
        if records.count == 1, records[0].isNullExchange { return (.nullMX, []) }
        let state: DomainReport.MXState = records.isEmpty ? .implicit : .records
        let hosts: [(String, Int)] = records.isEmpty ? [(domain, 0)] : records.sorted { $0.preference < $1.preference }.map { ($0.exchange, Int($0.preference)) }
        let probed = await withTaskGroup(of: (Int, DomainReport.MXHost).self) { group in
            for (index, (host, preference)) in hosts.enumerated() {
                group.addTask {
                    var entry = DomainReport.MXHost(host: host, preference: preference, addresses: [], smtp: nil, lookupError: nil)
                    do {
                        let addresses = try await resolver.addresses(host)
                        entry.addresses = addresses.map(\.description)
                        if let first = addresses.first {
                            var probe = settings.probe
                            probe.host = first.description
                            probe.credentials = nil
                            var report = await PortProbe.probe(port: settings.smtpPort, settings: probe, now: now)
                            // The certificate is checked against the MX name, not the address.
                            if let certificate = report.certificate {
                                report.certificate?.matchesHost = CertificateInspector.matches(host: host, names: certificate.alternativeNames)
                            }
                            entry.smtp = report
                        } else {
                            entry.lookupError = "no address"
                        }
                    } catch {
                        entry.lookupError = "\(error)"
                    }
                    return (index, entry)
                }
            }
            var entries: [(Int, DomainReport.MXHost)] = []
            for await entry in group { entries.append(entry) }
            return entries.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return (state, probed)
    }

    private static func txt(_ name: String, resolver: any DNSResolver, prefix: String) async -> [String] {
        let records = (try? await resolver.txt(name)) ?? []
        return records.filter { $0.lowercased().hasPrefix(prefix.lowercased()) }
    }

    private static func srv(_ domain: String, resolver: any DNSResolver) async -> [DomainReport.Service] {
        var services: [DomainReport.Service] = []
        for name in ["_submissions._tcp", "_submission._tcp", "_autodiscover._tcp"] {
            for record in (try? await resolver.srv("\(name).\(domain)")) ?? [] where record.target != "." && !record.target.isEmpty {
                services.append(DomainReport.Service(name: name, target: record.target, port: Int(record.port)))
            }
        }
        return services
    }

    /// Mozilla's autoconfig (the `autoconfig.` host over HTTPS, then HTTP, and the
    /// well-known path on the domain) and Microsoft's Autodiscover (a POST of the Outlook
    /// request schema).
    private static func autoconfiguration(_ domain: String, resolver: any DNSResolver, settings: Settings) async -> [DomainReport.Autoconfiguration] {
        let query = "/mail/config-v1.1.xml?emailaddress=test%40\(domain)"
        let candidates: [(host: String, path: String, tls: Bool, post: Bool)] = [
            ("autoconfig.\(domain)", query, true, false),
            ("autoconfig.\(domain)", query, false, false),
            (domain, "/.well-known/autoconfig" + query, true, false),
            ("autodiscover.\(domain)", "/autodiscover/autodiscover.xml", true, true),
        ]
        let request = Array("""
            <?xml version="1.0" encoding="utf-8"?>
            <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
              <Request>
                <EMailAddress>test@\(domain)</EMailAddress>
                <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
              </Request>
            </Autodiscover>
            """.utf8)
        return await withTaskGroup(of: (Int, DomainReport.Autoconfiguration).self) { group in
            for (index, candidate) in candidates.enumerated() {
                group.addTask {
                    let url = "\(candidate.tls ? "https" : "http")://\(candidate.host)\(candidate.path)"
                    var entry = DomainReport.Autoconfiguration(url: url, status: nil, isValid: false, error: nil)
                    guard let address = try? await resolver.addresses(candidate.host).first else {
                        entry.error = "no address for \(candidate.host)"
                        return (index, entry)
                    }
                    do {
                        let response = try await HTTPProbe.request(
                            method: candidate.post ? .POST : .GET, host: candidate.host, address: address.description,
                            port: candidate.tls ? settings.httpsPort : settings.httpPort, path: candidate.path,
                            body: candidate.post ? request : [], contentType: candidate.post ? "text/xml" : nil, useTLS: candidate.tls,
                            trustedCertificates: settings.probe.trustedCertificates, timeout: settings.probe.replyTimeout
                        )
                        entry.status = response.status
                        let text = String(decoding: response.body, as: UTF8.self)
                        entry.isValid = response.status == 200 && (text.contains("<clientConfig") || text.contains("<Autodiscover"))
                    } catch {
                        entry.error = "\(error)"
                    }
                    return (index, entry)
                }
            }
            var entries: [(Int, DomainReport.Autoconfiguration)] = []
            for await entry in group { entries.append(entry) }
            return entries.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    static func findings(_ report: DomainReport) -> [Diagnosis.Finding] {
        typealias Finding = Diagnosis.Finding
        var found: [Finding] = []
        switch report.mxState {
        case .nullMX: found.append(Finding(kind: .domainAcceptsNoMail, port: nil, severity: .note, side: .none))
        case .missing: found.append(Finding(kind: .domainDoesNotExist, port: nil, severity: .problem, side: .server))
        case .lookupFailed: found.append(Finding(kind: .dnsLookupFailed, port: nil, severity: .problem, side: .network))
        case .implicit: found.append(Finding(kind: .noMXRecords, port: nil, severity: .warning, side: .server))
        case .records: break
        }
        for host in report.mxHosts {
            guard let smtp = host.smtp else {
                found.append(Finding(kind: .mxHostUnresolvable(host: host.host), port: nil, severity: .problem, side: .server))
                continue
            }
            switch smtp.reachability {
            case .open:
                if smtp.greeting?.code.kind != .positiveCompletion || smtp.security == .noGreeting {
                    found.append(Finding(kind: .mxHostNotAcceptingMail(host: host.host), port: smtp.port, severity: .problem, side: .server))
                } else if !smtp.isEncrypted {
                    found.append(Finding(kind: .mxHostWithoutTLS(host: host.host), port: smtp.port, severity: .warning, side: .server))
                }
            default:
                found.append(Finding(kind: .mxHostUnreachable(host: host.host), port: smtp.port, severity: .warning, side: .network))
            }
        }
        if report.mxState == .records || report.mxState == .implicit {
            if report.spf.isEmpty {
                found.append(Finding(kind: .noSPF, port: nil, severity: .warning, side: .server))
            } else if report.spf.count > 1 {
                found.append(Finding(kind: .multipleSPF, port: nil, severity: .problem, side: .server))
            }
            if report.dmarc.isEmpty { found.append(Finding(kind: .noDMARC, port: nil, severity: .warning, side: .server)) }
            if report.services.isEmpty { found.append(Finding(kind: .noSubmissionSRV, port: nil, severity: .note, side: .none)) }
            if !report.autoconfiguration.contains(where: \.isValid) {
                found.append(Finding(kind: .noAutoconfiguration, port: nil, severity: .note, side: .none))
            }
        }
        return found
    }
}
