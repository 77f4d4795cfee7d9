import PropertyBased
import Testing

@testable import SMTPCore

/// A ``ClientSession`` and a ``ServerSession`` talking to each other in memory: the
/// client's bytes go to the server, the server's replies to the client, and the server's
/// questions are answered at once (every sender accepted, recipients by ``refuses(_:)``,
/// alice/secret authenticated, every message stored).
struct ClientServerLoop {
    enum Mode: String, CaseIterable, Sendable {
        /// Port 25 without TLS.
        case plain
        /// Port 25 with STARTTLS, required by the client.
        case startTLS
        /// Port 587: STARTTLS and AUTH required by the server.
        case submission
        /// Port 465: implicit TLS and AUTH.
        case implicitTLS
    }

    var client: ClientSession
    var server: ServerSession
    var chunking: ClientChunking
    var messages: [OutgoingMessage]
    private(set) var stored: [(envelope: Envelope, content: [UInt8])] = []
    private(set) var results: [ClientSession.MessageResult] = []
    private(set) var failures: [ClientSession.SessionFailure] = []
    private(set) var greetings = 0
    private(set) var clientClosed = false
    private(set) var serverClosed = false
    private var toServer: [[UInt8]] = []
    private var toClient: [[UInt8]] = []
    private var clientWantsTLS = false
    private var serverWantsTLS = false

    /// Recipients the server refuses with 550 5.1.1: a fixed function of the address, so
    /// the test knows the expected outcome.
    static func refuses(_ path: ForwardPath) -> Bool { path.description.utf8.count % 4 == 0 }

    init(mode: Mode, pipelining: Bool, chunking: ClientChunking, messages: [OutgoingMessage]) {
        let alice = Credentials(mechanism: .plain, username: "alice", password: Array("secret".utf8))
        let serverConfiguration: ServerSession.Configuration
        let clientConfiguration: ClientSession.Configuration
        switch mode {
        case .plain:
            serverConfiguration = .mx(hostname: "mx.test", isStartTLSAvailable: false)
            clientConfiguration = .init(clientName: "client.test", tlsPolicy: .opportunistic, usePipelining: pipelining)
        case .startTLS:
            serverConfiguration = .mx(hostname: "mx.test", isStartTLSAvailable: true)
            clientConfiguration = .init(clientName: "client.test", tlsPolicy: .required, usePipelining: pipelining)
        case .submission:
            serverConfiguration = .submission(hostname: "smtp.test")
            clientConfiguration = .init(clientName: "client.test", tlsPolicy: .required, credentials: alice, usePipelining: pipelining)
        case .implicitTLS:
            serverConfiguration = .submissions(hostname: "smtp.test")
            clientConfiguration = .init(clientName: "client.test", tlsPolicy: .implicit, credentials: alice, usePipelining: pipelining)
        }
        client = ClientSession(configuration: clientConfiguration)
        server = ServerSession(configuration: serverConfiguration)
        self.chunking = chunking
        self.messages = messages
    }

    mutating func run() {
        serverDid(server.start())
        var steps = 0
        while !toServer.isEmpty || !toClient.isEmpty {
            steps += 1
            if steps > 100_000 {
                Issue.record("the dialogue does not end")
                return
            }
            if !toClient.isEmpty {
                clientDid(client.receive(toClient.removeFirst()))
            } else {
                serverDid(server.receive(toServer.removeFirst()))
            }
            if clientWantsTLS && serverWantsTLS {
                clientWantsTLS = false
                serverWantsTLS = false
                serverDid(server.tlsEstablished())
                clientDid(client.tlsEstablished())
            }
        }
    }

    private mutating func clientDid(_ actions: [ClientSession.Action]) {
        for action in actions {
            switch action {
            case .send(let bytes): toServer.append(bytes)
            case .startTLS: clientWantsTLS = true
            case .close: clientClosed = true
            case .greeted: greetings += 1
            case .messageResult(let result): results.append(result)
            case .sessionFailed(let failure): failures.append(failure)
            }
        }
        guard client.isReadyForMessage else { return }
        if messages.isEmpty {
            clientDid(client.quit())
        } else {
            clientDid(client.send(messages.removeFirst()))
        }
    }

    private mutating func serverDid(_ actions: [ServerSession.Action]) {
        for action in actions {
            switch action {
            case .send(let reply): toClient += chunking.pieces(reply.encoded)
            case .startTLS: serverWantsTLS = true
            case .close: serverClosed = true
            case .checkSender: serverDid(server.senderChecked(.accept))
            case .checkRecipient(let path, _):
                let refusal = Reply(550, EnhancedStatusCode(.permanentFailure, 1, 1), "No such user")
                serverDid(server.recipientChecked(Self.refuses(path) ? .reject(refusal) : .accept))
            case .authenticate(let credentials):
                let good = credentials.username == "alice" && credentials.password == Array("secret".utf8)
                serverDid(server.authenticationFinished(good ? .success(user: "alice") : .invalidCredentials))
            case .storeMessage(let envelope, let content):
                stored.append((envelope, content))
                serverDid(server.messageStored(.stored(queueID: "Q\(stored.count)")))
            case .foreignProtocol(let kind): Issue.record("server saw \(kind)")
            }
        }
    }
}

/// Generators of messages for the round trip.
enum ClientGenerators {
    static let utf8Mailboxes = ["jörg@bücher.test", "用户@例子.广告", "δοκιμή@παράδειγμα.δοκιμή"].map { Mailbox($0)! }
    static let mailbox = zip(Gen<Bool>.bool(0.15), CommandGenerators.mailbox, pick(utf8Mailboxes))
        .map { useUTF8, ascii, utf8 in useUTF8 ? utf8 : ascii }
    static let reversePath = zip(Gen<Bool>.bool(0.15), mailbox).map { isNull, mailbox -> ReversePath in isNull ? .null : .mailbox(mailbox) }
    static let forwardPath = zip(Gen<Bool>.bool(0.1), mailbox).map { isPostmaster, mailbox -> ForwardPath in
        isPostmaster ? .postmaster : .mailbox(mailbox)
    }
    static let recipient = zip(forwardPath, CommandGenerators.recipientParameters).map { Envelope.Recipient(forwardPath: $0, parameters: $1) }
    static let mailParameters = zip(
        pick([nil, .sevenBit, .eightBitMIME] as [MailParameters.BodyType?]),
        Gen<Bool>.bool(0.2),
        pick(MailParameters.DSNReturn.allCases).optional,
        CommandGenerators.xtextValue.optional,
        CommandGenerators.xtextValue.optional
    ).map { body, utf8, ret, envelopeID, submitter in
        // SIZE is set to nonsense on purpose: the client must declare the real size.
        MailParameters(size: 7, body: body, smtpUTF8: utf8, dsnReturn: ret, envelopeID: envelopeID, authenticatedSubmitter: submitter)
    }
    static let content = pick(["Subject: test", "a", ".", "..", "\r\n", "\n", "\r", " ", "é", "\r\n.\r\n", "\n.\n", "\r.\r", "\r\n.\n", "\t"])
        .array(of: 0...40)
        .map { Array($0.joined().utf8) }
    static let message = zip(reversePath, mailParameters, recipient.array(of: 1...4), content).map {
        OutgoingMessage(reversePath: $0, mailParameters: $1, recipients: $2, content: $3)
    }
}

@Suite("Client session against the server session, in memory")
struct ClientServerRoundTripTests {
    /// What the server must have stored for `message`, if anything.
    static func expectedEnvelope(for message: OutgoingMessage, authenticated: Bool) -> (mail: MailParameters, recipients: [Envelope.Recipient])? {
        let accepted = message.recipients.filter { !ClientServerLoop.refuses($0.forwardPath) }
        guard !accepted.isEmpty else { return nil }
        var parameters = message.mailParameters
        parameters.size = UInt64(DataEncoder.normalized(message.content).count)
        parameters.smtpUTF8 = message.needsSMTPUTF8
        if !authenticated { parameters.authenticatedSubmitter = nil }
        return (parameters, accepted)
    }

    static func check(_ loop: ClientServerLoop, mode: ClientServerLoop.Mode, sent messages: [OutgoingMessage]) {
        let authenticated = mode == .submission || mode == .implicitTLS
        #expect(loop.failures.isEmpty, "\(loop.failures)")
        #expect(loop.greetings == 1)
        #expect(loop.clientClosed && loop.serverClosed, "QUIT, 221 and close on both sides")
        #expect(loop.results.count == messages.count)
        var stored = loop.stored[...]
        for (message, result) in zip(messages, loop.results) {
            for (recipient, outcome) in zip(message.recipients, result.recipientResults) {
                #expect(outcome.recipient == recipient)
                if ClientServerLoop.refuses(recipient.forwardPath) {
                    #expect(outcome.reply.code == 550 && outcome.stage == .recipient)
                } else {
                    #expect(outcome.isAccepted, "\(recipient.forwardPath): \(outcome.reply)")
                }
            }
            guard let expected = expectedEnvelope(for: message, authenticated: authenticated) else {
                #expect(result.finalReply == nil)
                continue
            }
            guard let (envelope, content) = stored.popFirst() else {
                Issue.record("message not stored: \(message)")
                return
            }
            #expect(content == DataEncoder.normalized(message.content))
            #expect(envelope.reversePath == message.reversePath)
            #expect(envelope.recipients == expected.recipients)
            #expect(envelope.mailParameters == expected.mail)
            #expect(envelope.clientName == "client.test" && envelope.usedExtendedHello)
            #expect(envelope.isTLS == (mode != .plain))
            #expect(envelope.authenticatedUser == (authenticated ? "alice" : nil))
        }
        #expect(stored.isEmpty, "stored more than was sent")
    }

    @Test("a fixed message through every listener kind, pipelined or not, in every chunking", arguments: ClientServerLoop.Mode.allCases, [true, false])
    func fixed(mode: ClientServerLoop.Mode, pipelining: Bool) {
        let messages = [
            ClientFixture.message(to: ["bob@b.test", "carol@c.test"], content: "Subject: hi\n\n.leading dot\r\nend"),
            ClientFixture.message(from: nil, to: ["jörg@bücher.test"], content: "Grüße\r\n"),
        ]
        for chunking in ClientChunking.allCases {
            var loop = ClientServerLoop(mode: mode, pipelining: pipelining, chunking: chunking, messages: messages)
            loop.run()
            Self.check(loop, mode: mode, sent: messages)
        }
    }

    @Test("generated messages arrive with exactly the envelope and content sent")
    func generated() async {
        let modes = pick(ClientServerLoop.Mode.allCases)
        let chunkings = pick(ClientChunking.allCases)
        await propertyCheck(count: 150, input: ClientGenerators.message.array(of: 1...3), modes, Gen<Bool>.bool(), chunkings) { messages, mode, pipelining, chunking in
            var loop = ClientServerLoop(mode: mode, pipelining: pipelining, chunking: chunking, messages: messages)
            loop.run()
            Self.check(loop, mode: mode, sent: messages)
        }
    }
}
