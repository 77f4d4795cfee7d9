@testable import SMTPCore

/// Drives a ``ServerSession`` the way the I/O layer does, answering its decisions with
/// configurable policies, and records everything it asks for.
struct SessionHarness {
    var session: ServerSession
    var senderPolicy: (ReversePath) -> ServerSession.PolicyDecision = { _ in .accept }
    var recipientPolicy: (ForwardPath) -> ServerSession.PolicyDecision = { _ in .accept }
    var authenticationPolicy: (Credentials) -> ServerSession.AuthenticationResult = { credentials in
        credentials.username == "alice" && credentials.password == Array("secret".utf8) ? .success(user: "alice") : .invalidCredentials
    }
    var storagePolicy: (Envelope) -> ServerSession.StorageResult = { _ in .stored(queueID: "Q1") }
    /// Whether decisions are answered at once; when false they pile up in `pendingActions`.
    var answersImmediately = true

    private(set) var replies: [Reply] = []
    private(set) var actions: [ServerSession.Action] = []
    private(set) var storedMessages: [(envelope: Envelope, content: [UInt8])] = []
    private(set) var closed = false
    private(set) var tlsStarted = false

    init(_ configuration: ServerSession.Configuration = .init(hostname: "mx.test")) {
        session = ServerSession(configuration: configuration)
        run(session.start())
    }

    /// Sends `text` as one write and returns the replies it produced.
    @discardableResult
    mutating func send(_ text: String) -> [Reply] {
        send(Array(text.utf8))
    }

    @discardableResult
    mutating func send(_ bytes: [UInt8]) -> [Reply] {
        let before = replies.count
        run(session.receive(bytes))
        return Array(replies[before...])
    }

    /// Replies, written as "code enhanced" (e.g. "250 2.1.0"), for compact assertions.
    @discardableResult
    mutating func codes(_ text: String) -> [String] {
        send(text).map(\.shortForm)
    }

    mutating func run(_ newActions: [ServerSession.Action]) {
        for action in newActions {
            actions.append(action)
            switch action {
            case .send(let reply): replies.append(reply)
            case .close: closed = true
            case .startTLS: tlsStarted = true
            case .foreignProtocol: break
            case .checkSender(let path, _):
                if answersImmediately { run(session.senderChecked(senderPolicy(path))) }
            case .checkRecipient(let path, _):
                if answersImmediately { run(session.recipientChecked(recipientPolicy(path))) }
            case .authenticate(let credentials):
                if answersImmediately { run(session.authenticationFinished(authenticationPolicy(credentials))) }
            case .storeMessage(let envelope, let content):
                let result = storagePolicy(envelope)
                if case .stored = result { storedMessages.append((envelope, content)) }
                if answersImmediately { run(session.messageStored(result)) }
            }
        }
    }
}

extension Reply {
    var shortForm: String {
        enhancedCode.map { "\(code.rawValue) \($0)" } ?? "\(code.rawValue)"
    }
}
