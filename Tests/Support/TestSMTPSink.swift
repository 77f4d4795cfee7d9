import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import SMTPCore
import SMTPServer
import TLSCertificates

/// An SMTP server for tests of everything that sends mail: Postamt's own SMTP layer with a
/// scriptable policy, so it can accept, answer 451 4.3.0 for the first N messages, refuse
/// recipients with 550 5.1.1, refuse every connection with 421, demand AUTH, or lack
/// extensions. It keeps what it accepted.
public final class TestSMTPSink: Sendable {
    public struct Behaviour: Sendable {
        /// Messages answered with 451 4.3.0 at the end of DATA before one is accepted.
        public var temporaryFailures: Int = 0
        /// Local parts refused at RCPT with 550 5.1.1.
        public var unknownRecipients: Set<String> = []
        /// Every connection gets 421 4.7.0 instead of a greeting.
        public var refusesConnections = false
        /// Submission-style: STARTTLS and AUTH (user "relay", password "relay-secret") first.
        public var requiresAuthentication = false
        /// TLS from the first byte.
        public var implicitTLS = false
        public var offersSTARTTLS = true
        public var offersSMTPUTF8 = true
        public var offersDSN = true
        public var maximumMessageSize: UInt64? = 10 * 1024 * 1024

        public init() {}
    }

    public static let username = "relay"
    public static let password = "relay-secret"

    public let port: Int
    /// The CA that issued the sink's certificate (for clients that verify).
    public let certificateAuthorityPEM: String
    private let server: SMTPServer
    private let policy: SinkPolicy

    private init(port: Int, certificateAuthorityPEM: String, server: SMTPServer, policy: SinkPolicy) {
        self.port = port
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.server = server
        self.policy = policy
    }

    public static func start(_ behaviour: Behaviour = Behaviour(), hostname: String = "sink.example.test") async throws -> TestSMTPSink {
        let tls = try TestTLS(hostnames: [hostname, "localhost"])
        var session = ServerSession.Configuration(
            hostname: hostname,
            maximumMessageSize: behaviour.maximumMessageSize,
            isImplicitTLS: behaviour.implicitTLS,
            isStartTLSAvailable: behaviour.offersSTARTTLS && !behaviour.implicitTLS,
            requiresTLS: behaviour.requiresAuthentication && !behaviour.implicitTLS,
            authenticationMechanisms: behaviour.requiresAuthentication ? [.plain, .login] : [],
            requiresAuthentication: behaviour.requiresAuthentication
        )
        session.offersSMTPUTF8 = behaviour.offersSMTPUTF8
        session.offersDSN = behaviour.offersDSN
        let policy = SinkPolicy(behaviour: behaviour)
        let server = SMTPServer(settings: SMTPServer.Settings(
            listeners: [.init(role: behaviour.implicitTLS ? .submissions : .mx, host: "127.0.0.1", port: 0, session: session)],
            tlsContext: tls.server,
            delegate: policy,
            limiter: ConnectionLimiter(maximumTotal: behaviour.refusesConnections ? 0 : 1000, maximumPerClient: 1000),
            logger: Logger(label: "sink")
        ))
        let port = try await server.start()[0].port
        return TestSMTPSink(port: port, certificateAuthorityPEM: tls.authorityPEM, server: server, policy: policy)
    }

    /// Messages accepted so far.
    public var received: [(envelope: Envelope, content: [UInt8])] { policy.received.withLockedValue { $0 } }

    /// How many messages reached the end of DATA (accepted or not).
    public var attempts: Int { policy.attempts.withLockedValue { $0 } }

    public func stop() async {
        await server.shutdown(gracePeriod: .seconds(1))
    }
}

final class SinkPolicy: SMTPSessionDelegate {
    let behaviour: TestSMTPSink.Behaviour
    let received = NIOLockedValueBox<[(envelope: Envelope, content: [UInt8])]>([])
    let attempts = NIOLockedValueBox(0)

    init(behaviour: TestSMTPSink.Behaviour) {
        self.behaviour = behaviour
    }

    func checkSender(_ path: ReversePath, parameters: MailParameters, connection: ConnectionInfo) async -> ServerSession.PolicyDecision { .accept }

    func checkRecipient(_ path: ForwardPath, parameters: RecipientParameters, connection: ConnectionInfo) async -> ServerSession.PolicyDecision {
        if let local = path.mailbox?.unquotedLocalPart, behaviour.unknownRecipients.contains(local) {
            return .reject(Reply(550, EnhancedStatusCode(.permanentFailure, 1, 1), "\(path): Recipient address rejected: User unknown"))
        }
        return .accept
    }

    func authenticate(_ credentials: Credentials, connection: ConnectionInfo) async -> ServerSession.AuthenticationResult {
        credentials.username == TestSMTPSink.username && credentials.password == Array(TestSMTPSink.password.utf8)
            ? .success(user: credentials.username) : .invalidCredentials
    }

    func store(_ envelope: Envelope, content: [UInt8], connection: ConnectionInfo) async -> ServerSession.StorageResult {
        let attempt = attempts.withLockedValue { count -> Int in
            count += 1
            return count
        }
        if attempt <= behaviour.temporaryFailures {
            return .failed(Reply(451, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "Mail server temporarily rejected message"))
        }
        received.withLockedValue { $0.append((envelope, content)) }
        return .stored(queueID: "SINK\(attempt)")
    }
}
