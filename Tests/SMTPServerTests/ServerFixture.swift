import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import PostamtTestSupport
import SMTPCore
import TLSCertificates

@testable import SMTPServer

/// The SMTP layer's own delegate for these tests: recipients at example.test are accepted,
/// alice/secret authenticates, stored messages are kept in memory. It stands in for the
/// composition root, which the PostamtServer tests cover.
final class RecordingDelegate: SMTPSessionDelegate {
    let stored = NIOLockedValueBox<[(Envelope, [UInt8])]>([])
    let storageResult = NIOLockedValueBox<ServerSession.StorageResult?>(nil)
    let storeDelay = NIOLockedValueBox<Duration>(.zero)
    /// Answers senders and recipients on the event loop, and stores before `store` returns
    /// (as the composition root does with a commit on the calling thread).
    let answersAtOnce = NIOLockedValueBox(false)

    func checkSender(_ path: ReversePath, parameters: MailParameters, connection: ConnectionInfo) async -> ServerSession.PolicyDecision { .accept }

    func checkRecipient(_ path: ForwardPath, parameters: RecipientParameters, connection: ConnectionInfo) async -> ServerSession.PolicyDecision {
        recipientDecision(path)
    }

    func immediateSenderDecision(_ path: ReversePath, parameters: MailParameters, connection: ConnectionInfo) -> ServerSession.PolicyDecision? {
        answersAtOnce.withLockedValue { $0 } ? .accept : nil
    }

    func immediateRecipientDecision(_ path: ForwardPath, parameters: RecipientParameters, connection: ConnectionInfo) -> ServerSession.PolicyDecision? {
        answersAtOnce.withLockedValue { $0 } ? recipientDecision(path) : nil
    }

    private func recipientDecision(_ path: ForwardPath) -> ServerSession.PolicyDecision {
        path.mailbox?.domain.normalized == "example.test" ? .accept : .reject(Reply(554, EnhancedStatusCode(.permanentFailure, 7, 1), "Relaying denied"))
    }

    func authenticate(_ credentials: Credentials, connection: ConnectionInfo) async -> ServerSession.AuthenticationResult {
        credentials.username == "alice" && credentials.password == Array("secret".utf8) ? .success(user: "alice") : .invalidCredentials
    }

    func store(_ envelope: Envelope, content: [UInt8], connection: ConnectionInfo) async -> ServerSession.StorageResult {
        let delay = storeDelay.withLockedValue { $0 }
        if delay > .zero { try? await Task.sleep(for: delay) }
        return keep(envelope, content: content)
    }

    func store(_ envelope: Envelope, content: [UInt8], connection: ConnectionInfo, completion: @escaping @Sendable (ServerSession.StorageResult) -> Void) {
        if answersAtOnce.withLockedValue({ $0 }) {
            completion(keep(envelope, content: content))
        } else {
            Task { completion(await store(envelope, content: content, connection: connection)) }
        }
    }

    private func keep(_ envelope: Envelope, content: [UInt8]) -> ServerSession.StorageResult {
        if let result = storageResult.withLockedValue({ $0 }) { return result }
        return stored.withLockedValue { stored in
            stored.append((envelope, content))
            return .stored(queueID: "Q\(stored.count)")
        }
    }
}

/// An SMTPServer on free loopback ports: one listener per role, TLS from a fresh certificate.
struct ServerFixture {
    let server: SMTPServer
    let delegate: RecordingDelegate
    let ports: [ListenerRole: Int]
    let clientTLS: NIOSSLContext
    /// The client events this server reported (wrong ports, failed handshakes).
    let events: NIOLockedValueBox<[ServerEvent]>

    static func start(
        maximumPerClient: Int = 20,
        commandTimeout: TimeAmount = .minutes(5),
        dataTimeout: TimeAmount = .minutes(10),
        silenceLimit: TimeAmount = .seconds(5),
        adjust: (inout ServerSession.Configuration) -> Void = { _ in }
    ) async throws -> ServerFixture {
        let tls = try TestTLS(hostnames: ["mx.example.test"], ipAddresses: ["127.0.0.1"])
        let clientTLS = tls.clientTrustingServer

        func session(_ base: ServerSession.Configuration) -> ServerSession.Configuration {
            var configuration = base
            adjust(&configuration)
            return configuration
        }
        let delegate = RecordingDelegate()
        let events = NIOLockedValueBox<[ServerEvent]>([])
        let server = SMTPServer(settings: SMTPServer.Settings(
            listeners: [
                .init(role: .mx, host: "127.0.0.1", port: 0, session: session(.mx(hostname: "mx.example.test", isStartTLSAvailable: true))),
                .init(role: .submission, host: "127.0.0.1", port: 0, session: session(.submission(hostname: "mx.example.test"))),
                .init(role: .submissions, host: "127.0.0.1", port: 0, session: session(.submissions(hostname: "mx.example.test"))),
            ],
            tlsContext: tls.server,
            delegate: delegate,
            limiter: ConnectionLimiter(maximumTotal: 100, maximumPerClient: maximumPerClient),
            commandTimeout: commandTimeout,
            dataTimeout: dataTimeout,
            implicitTLSSilenceLimit: silenceLimit,
            metrics: ServerMetrics(observer: { event in events.withLockedValue { $0.append(event) } }),
            logger: Logger(label: "test")
        ))
        var ports = [ListenerRole: Int]()
        for bound in try await server.start() { ports[bound.role] = bound.port }
        return ServerFixture(server: server, delegate: delegate, ports: ports, clientTLS: clientTLS, events: events)
    }

    func connect(_ role: ListenerRole, tls: Bool = false) async throws -> TestSMTPClient {
        try await TestSMTPClient.connect(port: ports[role]!, tls: tls ? clientTLS : nil, serverName: "mx.example.test")
    }
}
