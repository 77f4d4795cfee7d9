import Foundation
import NIOCore
import SMTPClient
import SMTPCore

/// Probes one port as a mail client would meet it: connects, waits for a plaintext
/// greeting, and when none comes (or only a refusal) tries TLS from the first byte; says
/// EHLO, tries STARTTLS, looks at the certificate, and logs in when given credentials.
///
/// Every step has a timeout, so a probe ends even against a server that never answers.
public enum PortProbe {
    public static func probe(port: Int, settings: ProbeSettings, now: Date = Date()) async -> PortReport {
        var report = PortReport(port: port, reachability: .open)
        let plaintext = await connect(port: port, tls: .opportunistic, settings: settings)
        switch plaintext {
        case .success(let connection):
            await describePlaintext(connection, into: &report, settings: settings, now: now)
            await connection.quit()
        case .failure(let error):
            report.transcript += lines(of: error)
            switch error.connectFailure {
            case .refused?:
                report.reachability = .refused
                return report
            case .timedOut?:
                report.reachability = .timedOut
                return report
            case .other?:
                report.reachability = .failed(reason: "\(error)")
                return report
            case nil:
                break
            }
            if case .tlsFailed(let reason) = error {
                // STARTTLS was accepted but the handshake failed: see the rest without TLS.
                report.security = .plaintext
                report.startTLS = .handshakeFailed(reason: reason)
                if case .success(let connection) = await connect(port: port, tls: .none, settings: settings) {
                    await describePlaintext(connection, into: &report, settings: settings, now: now)
                    report.startTLS = .handshakeFailed(reason: reason)
                    await connection.quit()
                }
                break
            }
            // No greeting, a refusal, or bytes that are not SMTP: perhaps the port wants TLS first.
            let refusal = error.reply
            switch await connect(port: port, tls: .implicit, settings: settings) {
            case .success(let connection):
                report.security = .implicitTLS
                report.plaintextReply = refusal
                report.greeting = await connection.greeting
                report.tlsVersion = await connection.tlsVersion
                report.certificate = await CertificateInspector.inspect(
                    await connection.peerCertificates, host: settings.host, trusted: settings.trustedCertificates, now: now
                )
                describe(extensions: connection.extensions, tls: true, into: &report)
                report.transcript += await connection.transcript(since: 0).map(\.description)
                await connection.quit()
            case .failure(let tlsError):
                report.transcript += lines(of: tlsError)
                if let refusal, case .session(let failure, _) = error {
                    report.security = .plaintext
                    switch failure {
                    case .ehloAndHeloRefused: report.helloRefusal = refusal
                    default: report.greeting = refusal
                    }
                } else {
                    report.security = .noGreeting
                    report.implicitTLSError = "\(tlsError)"
                }
            }
        }
        if let credentials = settings.credentials {
            report.authentication = await authenticate(port: port, report: report, credentials: credentials, settings: settings)
        }
        return report
    }

    /// Fills in what a plaintext session (with STARTTLS if it worked) showed.
    private static func describePlaintext(_ connection: SMTPClientConnection, into report: inout PortReport, settings: ProbeSettings, now: Date) async {
        report.security = .plaintext
        report.greeting = await connection.greeting
        let startTLSReply = await connection.startTLSReply
        if connection.isTLSActive {
            report.startTLS = .succeeded
            report.tlsVersion = await connection.tlsVersion
            report.certificate = await CertificateInspector.inspect(
                await connection.peerCertificates, host: settings.host, trusted: settings.trustedCertificates, now: now
            )
            if let before = await connection.extensionsBeforeTLS { describe(extensions: before, tls: false, into: &report) }
            describe(extensions: connection.extensions, tls: true, into: &report)
        } else {
            if let startTLSReply, !startTLSReply.isPositive {
                report.startTLS = .refused(reply: startTLSReply)
            } else {
                report.startTLS = .notOffered
            }
            describe(extensions: connection.extensions, tls: false, into: &report)
        }
        report.transcript += await connection.transcript(since: 0).map(\.description)
    }

    private static func describe(extensions: ServerExtensions, tls: Bool, into report: inout PortReport) {
        if tls {
            report.extensionsWithTLS = extensions.keywords
            report.authenticationWithTLS = extensions.authenticationMechanisms
        } else {
            report.extensionsBeforeTLS = extensions.keywords
            report.authenticationBeforeTLS = extensions.authenticationMechanisms
        }
        if let size = extensions.maximumMessageSize, size > 0 { report.sizeLimit = size }
    }

    /// Logs in on a new connection, over TLS only.
    private static func authenticate(port: Int, report: PortReport, credentials: Credentials, settings: ProbeSettings) async -> PortReport.AuthenticationOutcome {
        guard report.reachability == .open, report.security != nil, report.security != .noGreeting else { return .error(reason: "no SMTP session") }
        guard report.isEncrypted else {
            return report.authenticationBeforeTLS.isEmpty ? .notOffered : .refusedWithoutTLS
        }
        guard !report.authenticationWithTLS.isEmpty else { return .notOffered }
        let tls: ClientSession.TLSPolicy = report.security == .implicitTLS ? .implicit : .required
        switch await connect(port: port, tls: tls, settings: settings, credentials: credentials) {
        case .success(let connection):
            let mechanism = (await connection.transcript(since: 0)).first { $0.direction == .client && $0.text.hasPrefix("AUTH ") }
                .map { String($0.text.split(separator: " ")[1]) }
            await connection.quit()
            return .succeeded(mechanism: mechanism)
        case .failure(let error):
            if case .session(.authenticationFailed(let reply), _) = error { return .failed(reply: reply) }
            if case .session(.authenticationNotOffered, _) = error { return .notOffered }
            return .error(reason: "\(error)")
        }
    }

    static func connect(
        port: Int, tls: ClientSession.TLSPolicy, settings: ProbeSettings, credentials: Credentials? = nil
    ) async -> Result<SMTPClientConnection, SMTPClientError> {
        let timeout = TimeAmount(settings.replyTimeout)
        let configuration = SMTPClientConnection.Configuration(
            session: ClientSession.Configuration(clientName: settings.clientName, tlsPolicy: tls, credentials: credentials, usePipelining: false),
            verification: .none,
            connectTimeout: TimeAmount(settings.connectTimeout),
            replyTimeout: { _ in timeout }
        )
        do {
            return .success(try await SMTPClientConnection.connect(host: settings.host, port: port, serverName: settings.host, configuration: configuration))
        } catch {
            return .failure(error)
        }
    }

    private static func lines(of error: SMTPClientError) -> [String] {
        if case .session(_, let transcript) = error { return transcript.map(\.description) }
        return ["* \(error)"]
    }
}
