import Testing

@testable import SMTPCore

/// How the server's bytes are cut before they reach the client: a client must behave the
/// same whatever the network does to the stream.
enum ClientChunking: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// Each server turn as one read.
    case whole
    /// One read per byte.
    case byteByByte
    /// Reads of three bytes, so that CR and LF and reply lines are split in every way.
    case threes

    var testDescription: String { rawValue }

    func pieces(_ bytes: [UInt8]) -> [[UInt8]] {
        switch self {
        case .whole: [bytes]
        case .byteByByte: bytes.map { [$0] }
        case .threes: stride(from: 0, to: bytes.count, by: 3).map { Array(bytes[$0..<min($0 + 3, bytes.count)]) }
        }
    }
}

/// One step of a scripted dialogue between a ``ClientSession`` and a pretend server.
enum ClientStep: Sendable {
    /// The server sends this text.
    case server(String)
    /// The client must have written exactly this since the previous `client` step.
    case client(String)
    /// The I/O layer finished the TLS handshake.
    case tls
    /// The I/O layer hands the session a message.
    case send(OutgoingMessage)
    case quit
    /// The server closes the connection.
    case closed
    case timeout
}

/// A dialogue to run in every chunking, with the events it must produce.
struct ClientScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var configuration: ClientSession.Configuration
    var steps: [ClientStep]
    /// The actions other than `send`, summarised by ``ClientDialogue/summary(_:)``.
    var events: [String]

    init(_ name: String, _ configuration: ClientSession.Configuration, _ steps: [ClientStep], events: [String]) {
        self.name = name
        self.configuration = configuration
        self.steps = steps
        self.events = events
    }

    /// A scenario with ``ClientFixture/plain``: no TLS, no credentials.
    init(_ name: String, _ steps: [ClientStep], events: [String]) {
        self.init(name, ClientFixture.plain, steps, events: events)
    }

    var testDescription: String { name }
}

/// Runs a scripted dialogue and records what the client did.
struct ClientDialogue {
    var session: ClientSession
    var chunking: ClientChunking
    /// Bytes written since the last `client` step.
    var written: [UInt8] = []
    /// Every action except `send`, in order.
    var actions: [ClientSession.Action] = []
    /// How many `send` actions there were (a pipelined group is one).
    var writes = 0

    var events: [String] { actions.map(Self.summary) }

    var results: [ClientSession.MessageResult] {
        actions.compactMap { if case .messageResult(let result) = $0 { result } else { nil } }
    }

    init(_ configuration: ClientSession.Configuration, chunking: ClientChunking = .whole) {
        session = ClientSession(configuration: configuration)
        self.chunking = chunking
    }

    static func run(_ scenario: ClientScenario, chunking: ClientChunking, sourceLocation: SourceLocation = #_sourceLocation) -> ClientDialogue {
        var dialogue = ClientDialogue(scenario.configuration, chunking: chunking)
        dialogue.run(scenario.steps, sourceLocation: sourceLocation)
        #expect(dialogue.events == scenario.events, "\(scenario.name) [\(chunking)]", sourceLocation: sourceLocation)
        return dialogue
    }

    mutating func run(_ steps: [ClientStep], sourceLocation: SourceLocation = #_sourceLocation) {
        for step in steps {
            switch step {
            case .server(let text):
                for piece in chunking.pieces(Array(text.utf8)) { take(session.receive(piece)) }
            case .client(let expected):
                #expect(String(decoding: written, as: UTF8.self) == expected, "[\(chunking)]", sourceLocation: sourceLocation)
                written = []
            case .tls: take(session.tlsEstablished())
            case .send(let message): take(session.send(message))
            case .quit: take(session.quit())
            case .closed: take(session.connectionClosed())
            case .timeout: take(session.timedOut())
            }
        }
        #expect(String(decoding: written, as: UTF8.self) == "", "written but not checked [\(chunking)]", sourceLocation: sourceLocation)
    }

    mutating func take(_ newActions: [ClientSession.Action]) {
        var isWriting = false
        for action in newActions {
            if case .send(let bytes) = action {
                written += bytes
                // Sends that follow each other are one write, as the I/O layer makes them.
                if !isWriting { writes += 1 }
                isWriting = true
            } else {
                isWriting = false
                actions.append(action)
            }
        }
    }

    /// A compact form for assertions: `greeted`, `startTLS`, `close`,
    /// `failed: greeting 421 4.3.2`, `result: <b@y.test> 250 2.0.0 endOfData, ...`.
    static func summary(_ action: ClientSession.Action) -> String {
        switch action {
        case .send(let bytes): "send \(bytes.count)"
        case .startTLS: "startTLS"
        case .close: "close"
        case .greeted: "greeted"
        case .messageResult(let result):
            "result: " + result.recipientResults.map { "\($0.recipient.forwardPath) \($0.reply.compactCode) \($0.stage.rawValue)" }.joined(separator: ", ")
        case .sessionFailed(let failure): "failed: " + summary(failure)
        }
    }

    static func summary(_ failure: ClientSession.SessionFailure) -> String {
        switch failure {
        case .greeting(let reply): "greeting \(reply.compactCode)"
        case .ehloAndHeloRefused(let reply): "ehloAndHeloRefused \(reply.compactCode)"
        case .startTLSRequiredButNotOffered: "startTLSRequiredButNotOffered"
        case .startTLSRefused(let reply): "startTLSRefused \(reply.compactCode)"
        case .authenticationFailed(let reply): "authenticationFailed \(reply.compactCode)"
        case .authenticationNotOffered: "authenticationNotOffered"
        case .authenticationRequiresTLS: "authenticationRequiresTLS"
        case .serviceClosing(let reply): "serviceClosing \(reply.compactCode)"
        case .protocolError: "protocolError"
        case .connectionClosed: "connectionClosed"
        case .timeout: "timeout"
        }
    }
}

extension Reply {
    /// "250 2.0.0", or "354" without an enhanced code.
    var compactCode: String {
        enhancedCode.map { "\(code.rawValue) \($0)" } ?? "\(code.rawValue)"
    }
}

/// Addresses, messages and server replies shared by the client tests.
enum ClientFixture {
    static let plain = ClientSession.Configuration(clientName: "client.test", tlsPolicy: .none)
    static let opportunistic = ClientSession.Configuration(clientName: "client.test", tlsPolicy: .opportunistic)
    static let required = ClientSession.Configuration(clientName: "client.test", tlsPolicy: .required)
    static let alice = Credentials(mechanism: .plain, username: "alice", password: Array("secret".utf8))
    static let greeting = "220 mx.test ESMTP\r\n"

    /// An EHLO reply announcing `keywords`.
    static func ehlo(_ keywords: String...) -> String {
        let lines = ["mx.test Hello client.test"] + keywords
        return Reply(code: 250, enhancedCode: nil, lines: lines).encoded.clientText
    }

    static func mailbox(_ text: String) -> Mailbox { Mailbox(text)! }

    static func message(
        from sender: String? = "alice@a.test",
        to recipients: [String] = ["bob@b.test"],
        parameters: MailParameters = MailParameters(),
        recipientParameters: RecipientParameters = RecipientParameters(),
        content: String = "Subject: hi\r\n\r\nHello\r\n"
    ) -> OutgoingMessage {
        OutgoingMessage(
            reversePath: sender.map { .mailbox(mailbox($0)) } ?? .null,
            mailParameters: parameters,
            recipients: recipients.map { Envelope.Recipient(forwardPath: .mailbox(mailbox($0)), parameters: recipientParameters) },
            content: Array(content.utf8)
        )
    }

    /// Greeting and EHLO with the given keywords, the client's EHLO checked.
    static func greeted(_ keywords: String...) -> [ClientStep] {
        [.server(greeting), .client("EHLO client.test\r\n"), .server(Reply(code: 250, enhancedCode: nil, lines: ["mx.test Hello client.test"] + keywords).encoded.clientText)]
    }

    /// The usual message to one of three recipients.
    static let toBob = message(to: ["bob@b.test"])
    static let toCarol = message(to: ["carol@c.test"])
    static let toDave = message(to: ["dave@d.test"])

    /// The usual message: 22 octets.
    static let hello = message()
    static let helloData = "Subject: hi\r\n\r\nHello\r\n.\r\n"
}

extension Array where Element == UInt8 {
    var clientText: String { String(decoding: self, as: UTF8.self) }
}
