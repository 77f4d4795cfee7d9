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
        /// Every MAIL FROM gets 451 4.3.0: a server with a problem of its own.
        public var refusesSenders = false
        /// The names the certificate is for (default: the host name and "localhost"), and
        /// the addresses (default: 127.0.0.1 and ::1).
        public var certificateHostnames: [String]?
        public var certificateAddresses: [String] = ["127.0.0.1", "::1"]
        /// A certificate that expired a day ago.
        public var certificateExpired = false
        /// How long the sink waits for a command before it says 421 and closes.
        public var commandTimeout: Duration = .seconds(300)
        /// After the final dot, never answer (until the sink stops): a server that hangs.
        public var hangsAfterData = false
        /// How long each message is held at the end of DATA before the reply, so that
        /// concurrent deliveries overlap and ``TestSMTPSink/maximumConcurrentMessages``
        /// shows how many arrive at once.
        public var holdsEachMessage: Duration?
        /// Hold each message at the end of DATA until ``TestSMTPSink/releaseHeldMessages()``
        /// (or the sink stops), so that a test decides when the reply goes out.
        public var holdsMessagesUntilReleased = false

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

    /// Starts a sink on `port` (0: any free port).
    public static func start(_ behaviour: Behaviour = Behaviour(), hostname: String = "sink.example.test", port: Int = 0) async throws -> TestSMTPSink {
        let tls = try TestTLS(
            hostnames: behaviour.certificateHostnames ?? [hostname, "localhost"], ipAddresses: behaviour.certificateAddresses,
            expired: behaviour.certificateExpired
        )
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
            listeners: [.init(role: behaviour.implicitTLS ? .submissions : .mx, host: "127.0.0.1", port: port, session: session)],
            tlsContext: tls.server,
            delegate: policy,
            limiter: ConnectionLimiter(maximumTotal: behaviour.refusesConnections ? 0 : 1000, maximumPerClient: 1000),
            commandTimeout: TimeAmount(behaviour.commandTimeout),
            logger: Logger(label: "sink")
        ))
        let port = try await server.start()[0].port
        return TestSMTPSink(port: port, certificateAuthorityPEM: tls.authorityPEM, server: server, policy: policy)
    }

    /// Messages accepted so far.
    public var received: [(envelope: Envelope, content: [UInt8])] { policy.received.withLockedValue { $0 } }

    /// How many messages reached the end of DATA (accepted or not).
    public var attempts: Int { policy.attempts.withLockedValue { $0 } }

    /// The number of different connections messages arrived on.
    public var connectionsUsed: Int { policy.sessions.withLockedValue { $0.count } }

    /// The most messages that were at the end of DATA at the same time.
    public var maximumConcurrentMessages: Int { policy.concurrency.withLockedValue { $0.maximum } }

    /// Lets the messages held at the end of DATA (and any that arrive later) be answered.
    public func releaseHeldMessages() {
        policy.released.withLockedValue { $0 = true }
    }

    public func stop() async {
        // No new connection first: a client whose session ends with the stop must not
        // reach this sink again while it shuts down.
        await server.stopListening()
        policy.stopped.withLockedValue { $0 = true }
        await server.shutdown(gracePeriod: .seconds(1))
    }
}

final class SinkPolicy: SMTPSessionDelegate {
    let behaviour: TestSMTPSink.Behaviour
    let received = NIOLockedValueBox<[(envelope: Envelope, content: [UInt8])]>([])
    let attempts = NIOLockedValueBox(0)
    let sessions = NIOLockedValueBox<Set<String>>([])
    let concurrency = NIOLockedValueBox((current: 0, maximum: 0))
    let stopped = NIOLockedValueBox(false)
    let released = NIOLockedValueBox(false)

    init(behaviour: TestSMTPSink.Behaviour) {
        self.behaviour = behaviour
    }

    func checkSender(_ path: ReversePath, parameters: MailParameters, connection: ConnectionInfo) async -> ServerSession.PolicyDecision {
        behaviour.refusesSenders
            ? .reject(Reply(451, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "Local error in processing, try again later"))
            : .accept
    }

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
        sessions.withLockedValue { _ = $0.insert(connection.sessionID) }
        if behaviour.hangsAfterData {
            while !stopped.withLockedValue({ $0 }) { try? await Task.sleep(for: .milliseconds(50)) }
            return .failed(Reply(421, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "Stopping"))
        }
        if behaviour.holdsEachMessage != nil || behaviour.holdsMessagesUntilReleased {
            concurrency.withLockedValue { state in
                state.current += 1
                state.maximum = max(state.maximum, state.current)
            }
            if let hold = behaviour.holdsEachMessage { try? await Task.sleep(for: hold) }
            while behaviour.holdsMessagesUntilReleased, !released.withLockedValue({ $0 }), !stopped.withLockedValue({ $0 }) {
                try? await Task.sleep(for: .milliseconds(5))
            }
            concurrency.withLockedValue { $0.current -= 1 }
        }
        if attempt <= behaviour.temporaryFailures {
            return .failed(Reply(451, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "Mail server temporarily rejected message"))
        }
        received.withLockedValue { $0.append((envelope, content)) }
        return .stored(queueID: "SINK\(attempt)")
    }
}
