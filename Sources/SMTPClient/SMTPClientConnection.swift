import NIOCore
import NIOPosix
import NIOSSL
import SMTPCore

/// A connection to another SMTP server, ready for messages once `connect` returns:
/// greeting, EHLO, STARTTLS and AUTH are done as the configuration asks. Messages can be
/// sent one after another on it (connection reuse).
public final class SMTPClientConnection: Sendable {
    /// How to treat the server's certificate.
    public enum CertificateVerification: Sendable, Hashable {
        /// Encrypt without authenticating (RFC 7435 opportunistic security), as for MX hosts
        /// without DANE or MTA-STS.
        case none
        /// Verify the chain against the system trust store and the name.
        case system
        /// Verify against these PEM certificates (a private CA) and the name.
        case certificates([String])
    }

    public struct Configuration: Sendable {
        public var session: ClientSession.Configuration
        public var verification: CertificateVerification
        public var connectTimeout: TimeAmount
        /// How long to wait for each kind of reply. Default: RFC 5321 §4.5.3.2's values
        /// (``ClientSession/ReplyTimeout/seconds``); diagnostics and tests wait less.
        public var replyTimeout: @Sendable (ClientSession.ReplyTimeout) -> TimeAmount

        public init(
            session: ClientSession.Configuration,
            verification: CertificateVerification = .none,
            connectTimeout: TimeAmount = .seconds(30),
            replyTimeout: @escaping @Sendable (ClientSession.ReplyTimeout) -> TimeAmount = { .seconds(Int64($0.seconds)) }
        ) {
            self.session = session
            self.verification = verification
            self.connectTimeout = connectTimeout
            self.replyTimeout = replyTimeout
        }
    }

    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPClientHandler>
    private let certificates: PeerCertificates
    /// What the server offered after the last EHLO.
    public let extensions: ServerExtensions
    /// Whether the session runs over TLS (STARTTLS or implicit).
    public let isTLSActive: Bool
    /// The event loop the connection's I/O runs on.
    public var eventLoop: any EventLoop { channel.eventLoop }

    private init(channel: any Channel, handler: NIOLoopBound<SMTPClientHandler>, certificates: PeerCertificates, extensions: ServerExtensions, isTLSActive: Bool) {
        self.channel = channel
        self.handler = handler
        self.certificates = certificates
        self.extensions = extensions
        self.isTLSActive = isTLSActive
    }

    /// Connects to `host` (an address or a name) on `port`. `serverName` is the name the
    /// certificate is checked against (and sent as SNI).
    public static func connect(
        host: String,
        port: Int,
        serverName: String?,
        configuration: Configuration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(SMTPClientError) -> SMTPClientConnection {
        let tlsContext: NIOSSLContext?
        do {
            tlsContext = try makeTLSContext(configuration)
        } catch {
            throw .tlsFailed("\(error)")
        }
        // SNI cannot carry an IP address (RFC 6066 §3); NIOSSL then checks the certificate
        // against the address it connected to.
        let serverName = serverName.flatMap { IPAddress($0) == nil ? $0 : nil }
        let eventLoop = group.next()
        let greeting = eventLoop.makePromise(of: ServerExtensions.self)
        let implicitTLS = configuration.session.tlsPolicy == .implicit
        let certificates = PeerCertificates()
        let recordsCertificates = configuration.verification == .none
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(configuration.connectTimeout)
                // TCP_NODELAY lives at the TCP level: at the socket level its number is SO_DEBUG, which
                // needs root, so that every connection of an unprivileged process failed.
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        if implicitTLS, let tlsContext {
                            try sync.addHandler(
                                recordsCertificates
                                    ? certificates.recordingHandler(context: tlsContext, serverName: serverName)
                                    : NIOSSLClientHandler(context: tlsContext, serverHostname: serverName)
                            )
                        }
                        try sync.addHandler(SMTPClientHandler(
                            session: ClientSession(configuration: configuration.session),
                            tlsContext: tlsContext,
                            serverName: serverName,
                            certificates: recordsCertificates ? certificates : nil,
                            replyTimeout: configuration.replyTimeout,
                            greeting: greeting
                        ))
                    }
                }
                .connect(host: host, port: port)
                .get()
        } catch {
            greeting.fail(error)
            throw .connectionFailed("\(host):\(port): \(error)")
        }
        let extensions: ServerExtensions
        do {
            extensions = try await greeting.futureResult.get()
        } catch let error as SMTPClientError {
            throw error
        } catch {
            throw .connectionFailed("\(error)")
        }
        let found = try? await channel.eventLoop.submit {
            let handler = try channel.pipeline.syncOperations.handler(type: SMTPClientHandler.self)
            return (NIOLoopBound(handler, eventLoop: channel.eventLoop), handler.isTLSActive)
        }.get()
        guard let (handler, isTLSActive) = found else { throw .session(.connectionClosed, transcript: []) }
        return SMTPClientConnection(channel: channel, handler: handler, certificates: certificates, extensions: extensions, isTLSActive: isTLSActive)
    }

    private static func makeTLSContext(_ configuration: Configuration) throws -> NIOSSLContext? {
        guard configuration.session.tlsPolicy != .none else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        switch configuration.verification {
        case .none:
            // Verified by nobody: the handler's callback accepts every chain and keeps it
            // (a callback runs only when verification is on).
            tls.certificateVerification = .noHostnameVerification
        case .system:
            tls.certificateVerification = .fullVerification
        case .certificates(let pems):
            tls.certificateVerification = .fullVerification
            tls.trustRoots = .certificates(try pems.flatMap { try NIOSSLCertificate.fromPEMBytes(Array($0.utf8)) })
        }
        return try NIOSSLContext(configuration: tls)
    }

    /// Sends one message and returns what happened to each recipient. Messages sent while
    /// others are in progress wait their turn, pipelined behind them when the server
    /// offers PIPELINING.
    public func send(_ message: OutgoingMessage) async throws(SMTPClientError) -> ClientSession.MessageResult {
        let promise = channel.eventLoop.makePromise(of: ClientSession.MessageResult.self)
        let handler = self.handler
        let channel = self.channel
        channel.eventLoop.execute {
            guard let context = try? channel.pipeline.syncOperations.context(handlerType: SMTPClientHandler.self) else {
                promise.fail(SMTPClientError.session(.connectionClosed, transcript: []))
                return
            }
            handler.value.send(message, context: context, promise: promise)
        }
        do {
            return try await promise.futureResult.get()
        } catch let error as SMTPClientError {
            throw error
        } catch {
            throw .connectionFailed("\(error)")
        }
    }

    /// One message sent with ``send(_:transcriptFromStart:)``, with what the caller needs
    /// to know about the connection afterwards.
    public struct SentMessage: Sendable {
        /// The server's answer for each recipient, or why the transaction failed.
        public var result: Result<ClientSession.MessageResult, SMTPClientError>
        /// The dialogue of this message, from its MAIL command to its result (after the
        /// handshake from the greeting on, when asked), with secrets redacted. A failed
        /// session's dialogue runs to its end.
        public var transcript: [TranscriptLine]
        /// Whether the connection takes more messages: open, and the session neither
        /// failed nor is quitting.
        public var isReady: Bool
    }

    /// Sends one message and reports its result, its part of the dialogue and whether the
    /// connection takes more, in one trip to the event loop and back (a relay sends many
    /// messages, and each separate question would be a trip of its own). A connection that
    /// no longer takes messages fails at once, with nothing sent. Several deliveries may
    /// send on one connection at once: their messages are pipelined one behind another
    /// when the server offers PIPELINING.
    public func send(_ message: OutgoingMessage, transcriptFromStart: Bool) async -> SentMessage {
        let promise = channel.eventLoop.makePromise(of: SentMessage.self)
        let handler = self.handler
        let channel = self.channel
        channel.eventLoop.execute {
            let enqueuedAt = handler.value.transcriptPosition
            let finish: @Sendable (Result<ClientSession.MessageResult, SMTPClientError>) -> Void = { sent in
                // A failed session's dialogue runs to its end: why it failed is in there.
                let lines = (try? sent.get().transcript) ?? handler.value.transcript(in: enqueuedAt..<handler.value.transcriptPosition)
                let transcript = transcriptFromStart
                    ? handler.value.transcript(in: 0..<(handler.value.handshakeTranscriptEnd ?? 0)) + lines : lines
                promise.succeed(SentMessage(
                    result: sent, transcript: transcript,
                    isReady: channel.isActive && handler.value.acceptsMessages
                ))
            }
            guard channel.isActive, let context = try? channel.pipeline.syncOperations.context(handlerType: SMTPClientHandler.self) else {
                return finish(.failure(.session(.connectionClosed, transcript: [])))
            }
            let sent = channel.eventLoop.makePromise(of: ClientSession.MessageResult.self)
            handler.value.send(message, context: context, promise: sent)
            sent.futureResult.whenComplete { result in
                finish(result.mapError { $0 as? SMTPClientError ?? .connectionFailed("\($0)") })
            }
        }
        // The promise only ever succeeds.
        return (try? await promise.futureResult.get())
            ?? SentMessage(result: .failure(.connectionFailed("the event loop stopped")), transcript: [], isReady: false)
    }

    /// Says QUIT and closes the connection.
    public func quit() async {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let handler = self.handler
        let channel = self.channel
        channel.eventLoop.execute {
            guard let context = try? channel.pipeline.syncOperations.context(handlerType: SMTPClientHandler.self) else {
                promise.succeed()
                return
            }
            handler.value.quit(context: context, promise: promise)
        }
        try? await promise.futureResult.get()
        try? await channel.close()
    }

    /// The server's greeting.
    public var greeting: Reply? { get async { await session { $0.greetingReply } } }
    /// What the server offered before STARTTLS, if STARTTLS was done.
    public var extensionsBeforeTLS: ServerExtensions? { get async { await session { $0.extensionsBeforeTLS } } }
    /// The reply to STARTTLS, if it was sent.
    public var startTLSReply: Reply? { get async { await session { $0.startTLSReply } } }

    /// The certificate chain the server presented, leaf first. Complete when the
    /// connection does not verify (``CertificateVerification/none``); otherwise the leaf.
    public var peerCertificates: [NIOSSLCertificate] {
        get async {
            let recorded = certificates.chain
            if !recorded.isEmpty { return recorded }
            let channel = self.channel
            let leaf = try? await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).peerCertificate
            }.get()
            return leaf.flatMap { $0 }.map { [$0] } ?? []
        }
    }

    /// The TLS version negotiated, e.g. "TLSv1.3"; nil without TLS.
    public var tlsVersion: String? {
        get async {
            let channel = self.channel
            let version = try? await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).tlsVersion
            }.get()
            return version.flatMap { $0 }.map(Self.name)
        }
    }

    private static func name(_ version: TLSVersion) -> String {
        switch version {
        case .tlsv1: "TLSv1.0"
        case .tlsv11: "TLSv1.1"
        case .tlsv12: "TLSv1.2"
        case .tlsv13: "TLSv1.3"
        }
    }

    private func session<T: Sendable>(_ read: @escaping @Sendable (ClientSession) -> T?) async -> T? {
        let handler = self.handler
        return (try? await channel.eventLoop.submit { read(handler.value.session) }.get()) ?? nil
    }

    /// Whether the connection takes messages: it is open, greeted and not quitting. False
    /// after the server closed the connection or said 421.
    public var isReady: Bool {
        get async {
            let handler = self.handler
            let channel = self.channel
            return (try? await channel.eventLoop.submit { channel.isActive && handler.value.acceptsMessages }.get()) ?? false
        }
    }

    /// How many messages given to ``send(_:)`` or ``send(_:transcriptFromStart:)`` have
    /// no result yet: the one in progress, those pipelined behind it and those waiting.
    public var messagesInProgress: Int {
        get async { await session { $0.messagesInProgress } ?? 0 }
    }

    /// Closes the connection without QUIT.
    public func close() async {
        try? await channel.close()
    }

    /// The dialogue after the first `position` lines, with secrets redacted.
    public func transcript(since position: Int) async -> [TranscriptLine] {
        let handler = self.handler
        return (try? await channel.eventLoop.submit { handler.value.transcript(since: position) }.get()) ?? []
    }

    /// The dialogue so far, with secrets redacted.
    public var transcript: [TranscriptLine] {
        get async {
            let handler = self.handler
            return (try? await channel.eventLoop.submit { handler.value.transcript }.get()) ?? []
        }
    }
}
