import Foundation
import SMTPCore

/// The conclusion drawn from the probes of a server's ports: the setting to type into a
/// mail client, and everything that is wrong, with whose side it is on.
///
/// Pure: built from ``PortReport``s, so every verdict is tested without a network.
public struct Diagnosis: Sendable, Encodable {
    /// The mail client setting that works: server, port, security and login.
    public struct ClientSetting: Sendable, Hashable, Encodable {
        public enum Security: String, Sendable, Hashable, Encodable {
            /// "SSL/TLS" in mail clients: TLS from the first byte (RFC 8314).
            case implicitTLS = "ssl-tls"
            /// "STARTTLS" in mail clients (RFC 3207).
            case startTLS = "starttls"
        }

        public var host: String
        public var port: Int
        public var security: Security
        /// Whether the server asks for a login ("normal password" in mail clients).
        public var requiresLogin: Bool

        public init(host: String, port: Int, security: Security, requiresLogin: Bool) {
            self.host = host
            self.port = port
            self.security = security
            self.requiresLogin = requiresLogin
        }
    }

    /// One thing found, good or bad.
    public struct Finding: Sendable, Hashable, Encodable {
        public enum Severity: String, Sendable, Hashable, Encodable {
            /// Sending fails or is unsafe because of it.
            case problem
            /// Worth knowing; sending can work.
            case warning
            case note
        }

        /// Whose side the cause is on.
        public enum Side: String, Sendable, Hashable, Encodable {
            /// The mail server or its operator.
            case server
            /// The network between here and the server: a firewall, a provider that blocks a port.
            case network
            /// The mail client's settings (port, security, name, password).
            case client
            case none
        }

        public enum Kind: Sendable, Hashable, Encodable {
            case filtered
            case refused
            case unreachable(reason: String)
            case noGreeting(tlsError: String?)
            case refusedAtConnect(reply: Reply)
            case helloRefused(reply: Reply)
            case startTLSRefused(reply: Reply)
            case startTLSFailed(reason: String)
            case noEncryption
            case certificateExpired(on: Date)
            case certificateNotYetValid(from: Date)
            case certificateNameMismatch(names: [String])
            case certificateSelfSigned
            case certificateUntrusted(reason: String)
            case authenticationNotOffered
            case authenticationOnlyWithoutTLS
            case authenticationFailed(reply: Reply)
            case authenticationSucceeded
            case serverToServerPort
            case noUsableSetting
            case testMessageSent(reply: Reply)
            case testMessageFailed(reply: Reply?, reason: String)
            // --domain
            case domainAcceptsNoMail
            case domainDoesNotExist
            case dnsLookupFailed
            case noMXRecords
            case mxHostUnresolvable(host: String)
            case mxHostNotAcceptingMail(host: String)
            case mxHostWithoutTLS(host: String)
            case mxHostUnreachable(host: String)
            case noSPF
            case multipleSPF
            case noDMARC
            case noSubmissionSRV
            case noAutoconfiguration
        }

        public var kind: Kind
        public var port: Int?
        public var severity: Severity
        public var side: Side
    }

    /// The outcome of `--send-to`.
    public struct TestMessage: Sendable, Hashable, Encodable {
        public var port: Int
        public var recipient: String
        public var reply: Reply?
        public var error: String?
        public var transcript: [String]

        public init(port: Int, recipient: String, reply: Reply?, error: String?, transcript: [String]) {
            self.port = port
            self.recipient = recipient
            self.reply = reply
            self.error = error
            self.transcript = transcript
        }

        public var isDelivered: Bool { reply?.code.kind == .positiveCompletion && error == nil }
    }

    public var host: String
    public var date: Date
    public var ports: [PortReport]
    public var recommendation: ClientSetting?
    public var findings: [Finding]
    public var testMessage: TestMessage?

    /// Whether everything is fine: a working setting and no problem.
    public var isHealthy: Bool {
        recommendation != nil && !findings.contains { $0.severity == .problem }
    }

    public init(host: String, ports: [PortReport], date: Date = Date(), testMessage: TestMessage? = nil) {
        self.host = host
        self.date = date
        self.ports = ports.sorted { $0.port < $1.port }
        self.testMessage = testMessage
        recommendation = Self.recommend(host: host, ports: self.ports)
        findings = Self.findings(ports: self.ports, recommendation: recommendation, date: date)
        if let testMessage { findings.append(Self.finding(for: testMessage)) }
    }

    /// The best port for a mail client: encrypted with AUTH inside TLS, a login that worked
    /// when one was tried, TLS from the first byte before STARTTLS (RFC 8314 §3.3), a valid
    /// certificate before a broken one, and port 25 last.
    static func recommend(host: String, ports: [PortReport]) -> ClientSetting? {
        let usable = ports.filter { report in
            report.reachability == .open && report.isEncrypted && report.greeting?.code.kind == .positiveCompletion
                && report.helloRefusal == nil && report.offersAuthenticationWithTLS
        }
        func rank(_ report: PortReport) -> [Int] {
            let loginFailed: Int = if case .failed? = report.authentication { 1 } else { 0 }
            let loginUnknown: Int = if case .succeeded? = report.authentication { 0 } else { 1 }
            let certificateBroken = report.certificate.map { $0.chainTrusted && $0.matchesHost ? 0 : 1 } ?? 1
            return [loginFailed, loginUnknown, certificateBroken, report.port == 25 ? 1 : 0, report.security == .implicitTLS ? 0 : 1, report.port]
        }
        guard let best = usable.min(by: { rank($0).lexicographicallyPrecedes(rank($1)) }) else { return nil }
        return ClientSetting(host: host, port: best.port, security: best.security == .implicitTLS ? .implicitTLS : .startTLS, requiresLogin: true)
    }

    static func findings(ports: [PortReport], recommendation: ClientSetting?, date: Date) -> [Finding] {
        var found: [Finding] = []
        let anyOpen = ports.contains { $0.reachability == .open }
        for report in ports {
            func add(_ kind: Finding.Kind, _ severity: Finding.Severity, _ side: Finding.Side) {
                found.append(Finding(kind: kind, port: report.port, severity: severity, side: side))
            }
            switch report.reachability {
            case .refused:
                add(.refused, .note, .none)
                continue
            case .timedOut:
                add(.filtered, recommendation == nil ? .problem : .warning, .network)
                continue
            case .failed(let reason):
                add(.unreachable(reason: reason), .problem, .network)
                continue
            case .open:
                break
            }
            switch report.security {
            case .noGreeting?, nil:
                add(.noGreeting(tlsError: report.implicitTLSError), .problem, .server)
                continue
            case .plaintext?, .implicitTLS?:
                break
            }
            if let greeting = report.greeting, greeting.code.kind != .positiveCompletion {
                add(.refusedAtConnect(reply: greeting), .problem, .server)
                continue
            }
            if let refusal = report.helloRefusal {
                add(.helloRefused(reply: refusal), .problem, .server)
                continue
            }
            switch report.startTLS {
            case .refused(let reply)?:
                add(.startTLSRefused(reply: reply), .problem, .server)
            case .handshakeFailed(let reason)?:
                add(.startTLSFailed(reason: reason), .problem, .server)
            case .notOffered? where report.security == .plaintext:
                add(.noEncryption, .warning, .server)
            default:
                break
            }
            if let certificate = report.certificate {
                if certificate.isExpired(at: date) {
                    add(.certificateExpired(on: certificate.notValidAfter), .problem, .server)
                } else if certificate.isNotYetValid(at: date) {
                    add(.certificateNotYetValid(from: certificate.notValidBefore), .problem, .server)
                }
                if !certificate.matchesHost {
                    add(.certificateNameMismatch(names: certificate.alternativeNames), .problem, .client)
                }
                if certificate.isSelfSigned {
                    add(.certificateSelfSigned, .problem, .server)
                } else if !certificate.chainTrusted, !certificate.isExpired(at: date), !certificate.isNotYetValid(at: date) {
                    add(.certificateUntrusted(reason: certificate.chainProblem ?? "untrusted"), .problem, .server)
                }
            }
            if report.isEncrypted, report.authenticationWithTLS.isEmpty {
                add(.authenticationNotOffered, report.port == 25 ? .note : .warning, .server)
            }
            if !report.isEncrypted, !report.authenticationBeforeTLS.isEmpty {
                add(.authenticationOnlyWithoutTLS, .problem, .server)
            }
            switch report.authentication {
            case .failed(let reply)?:
                // 535: the name or password is wrong; 454 and other 4xx: the server cannot
                // check logins now (RFC 4954 §6).
                add(.authenticationFailed(reply: reply), .problem, reply.code.kind == .permanentNegative ? .client : .server)
            case .succeeded?:
                add(.authenticationSucceeded, .note, .none)
            default:
                break
            }
        }
        if let recommendation, recommendation.port == 25 {
            found.append(Finding(kind: .serverToServerPort, port: 25, severity: .warning, side: .network))
        }
        if recommendation == nil {
            found.append(Finding(kind: .noUsableSetting, port: nil, severity: .problem, side: anyOpen ? .server : .network))
        }
        return found
    }

    static func finding(for test: TestMessage) -> Finding {
        if test.isDelivered, let reply = test.reply {
            return Finding(kind: .testMessageSent(reply: reply), port: test.port, severity: .note, side: .none)
        }
        return Finding(kind: .testMessageFailed(reply: test.reply, reason: test.error ?? ""), port: test.port, severity: .problem, side: .server)
    }
}
