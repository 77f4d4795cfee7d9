/// The client side of one SMTP session as a value: bytes from the server and requests
/// (send a message, quit) go in; bytes to write and outcomes come out. It has no sockets,
/// clocks or TLS of its own, so every dialogue can be tested with plain calls, and the
/// same logic serves outbound delivery, smarthosts, `postamt send` and `postamt diagnose`.
///
/// The I/O layer:
/// - feeds every read to ``receive(_:)``, in whatever pieces it arrives;
/// - carries out the returned ``Action``s in order: writes ``Action/send(_:)`` bytes,
///   starts TLS on ``Action/startTLS`` and then calls ``tlsEstablished()``, closes on
///   ``Action/close``;
/// - calls ``send(_:)`` with a message whenever ``isReadyForMessage`` (after
///   ``Action/greeted(_:)`` and after each ``Action/messageResult(_:)``), or whenever
///   ``acceptsMessages`` to have it sent after the messages before it, and ``quit()``
///   when it has no more;
/// - arms a timer for ``replyTimeout`` and calls ``timedOut()`` when it fires, and calls
///   ``connectionClosed()`` when the server closes.
///
/// The session reads the greeting, says EHLO (HELO if EHLO is not understood), starts TLS
/// as ``TLSPolicy`` says, authenticates when it has credentials, then sends messages with
/// MAIL, RCPT and DATA (or BDAT when the server offers CHUNKING), pipelined when the server
/// allows it.
///
/// - SeeAlso: RFC 5321 §3 (the SMTP procedures), §4.1.4 (command order), §4.2 (replies),
///   RFC 2920 (pipelining), RFC 3207 (STARTTLS), RFC 4954 (AUTH).
public struct ClientSession: Sendable {
    public let configuration: Configuration

    /// The longest reply line accepted, with its CRLF. RFC 5321 §4.5.3.1.5 allows 512
    /// octets; servers put longer text in replies, so the client is generous, but bounded
    /// so a hostile server cannot make it buffer without limit.
    public static let maximumReplyLineLength = 4096
    /// Lines kept in ``transcript``; older ones are dropped.
    public static let maximumTranscriptLines = 200

    /// What the server offers, from the latest EHLO reply; empty before EHLO, after HELO,
    /// and right after TLS is established (RFC 3207 §4.2).
    public internal(set) var serverExtensions = ServerExtensions()
    /// The last ``maximumTranscriptLines`` lines of the dialogue. AUTH secrets appear as
    /// `<redacted>` and message content as one line with its size.
    public var transcript: [TranscriptLine] { Array(recordedLines.suffix(Self.maximumTranscriptLines)) }
    /// The lines recorded last: at least the last ``maximumTranscriptLines``, at most twice
    /// that. Trimmed only once twice that many are there, so that a connection reused for
    /// many messages does not move every kept line once per line it records.
    private var recordedLines: [TranscriptLine] = []
    /// Lines recorded since the session began, including those dropped from ``transcript``:
    /// a position to take the lines of one message from (``transcript(since:)``).
    public private(set) var transcriptPosition = 0
    /// The ``transcriptPosition`` where the handshake (greeting, EHLO, STARTTLS, AUTH)
    /// ended, once it did.
    public private(set) var handshakeTranscriptEnd: Int?
    /// The server's greeting, once it came.
    public private(set) var greetingReply: Reply?
    /// What the server offered before STARTTLS, once STARTTLS was accepted (RFC 3207 §4.2:
    /// the client forgets it and asks again inside TLS).
    public private(set) var extensionsBeforeTLS: ServerExtensions?
    /// The reply to STARTTLS, if it was sent.
    public private(set) var startTLSReply: Reply?
    /// Whether the connection is encrypted: implicit TLS, or STARTTLS completed.
    public internal(set) var isTLSActive: Bool
    /// Whether the server accepted the credentials (235).
    public internal(set) var isAuthenticated = false
    /// Whether the server accepted EHLO; `false` after a fallback to HELO.
    public internal(set) var usedExtendedHello = false

    var phase: Phase = .handshake
    /// The replies the client waits for, oldest first. More than one only while MAIL,
    /// RCPT and DATA are pipelined (RFC 2920 §3.1 requires replies in command order).
    var pending: [Expectation] = [.greeting]
    /// The message whose replies come next.
    var transaction: Transaction?
    /// Messages whose first commands went out right behind ``transaction``'s content (RFC
    /// 2920 §3.1 lets the content start a group), oldest first; their replies follow the
    /// reply to that content. One with DATA, whose own content waits for its 354; several
    /// with BDAT, each sent whole behind the one before. Their commands are recorded in the
    /// transcript once the message before has its result, so that each message's lines
    /// stay together (a message's own dialogue is what its delivery record shows).
    var followingTransactions: [Transaction] = []
    /// The largest chunk sent right behind its MAIL and RCPT, before their replies (RFC
    /// 3030 with RFC 2920): at 100 Mbit/s, about one round trip across the internet.
    static let largestPipelinedChunk = 256 * 1024
    /// Messages given to ``send(_:)`` while another was in progress, oldest first.
    var queuedMessages: [OutgoingMessage] = []
    /// Where the dialogue of each message started and not finished begins, oldest first.
    var messageTranscriptStarts: [Int] = []
    /// The result of a failed transaction, given out once RSET is answered, so that a
    /// ``Action/messageResult(_:)`` always means "ready for the next message".
    var resultAwaitingReset: MessageResult?
    var quitRequested = false
    /// The server refused STARTTLS and the policy allows going on without it.
    var startTLSDeclined = false
    var ignoredOctetsBeforeTLS = 0
    var lineDecoder = LineDecoder(maximumLineLength: ClientSession.maximumReplyLineLength)
    var replyParser = ReplyParser()

    enum Phase: Sendable, Hashable {
        /// Greeting, EHLO or HELO, STARTTLS, AUTH.
        case handshake
        /// After 220 to STARTTLS until the handshake is done; input is ignored.
        case awaitingTLS
        /// Greeted: messages can be sent.
        case established
        /// QUIT sent; the next reply or the end of the connection finishes the session.
        case quitting
        case closed
    }

    /// A command whose reply is due.
    enum Expectation: Sendable, Hashable {
        case greeting
        case extendedHello
        case hello
        case startTLS
        case authentication(AuthenticationStep)
        case mail
        case recipient(Int)
        case data
        /// The reply after the content and its final ".".
        case endOfData
        /// The reply after a lone "." sent because DATA got 354 with no recipient accepted.
        case emptyData
        case reset
        case quit
    }

    enum AuthenticationStep: Sendable, Hashable {
        /// After the last credential was sent: 235, or a failure.
        case outcome
        /// After AUTH LOGIN: a 334 asking for the user name.
        case loginUsername
        /// After the user name: a 334 asking for the password.
        case loginPassword
        /// After "*", sent to cancel an exchange the mechanism does not expect.
        case cancelled
    }

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.isTLSActive = configuration.tlsPolicy == .implicit
    }

    // MARK: Observing

    /// Whether ``send(_:)`` may be called now: greeted, and no message, RSET or QUIT in
    /// progress.
    public var isReadyForMessage: Bool {
        phase == .established && pending.isEmpty && transaction == nil && resultAwaitingReset == nil && queuedMessages.isEmpty
            && !quitRequested
    }

    /// Whether ``send(_:)`` will send a message on this connection, now when
    /// ``isReadyForMessage`` or else after the messages before it: greeted and not quitting.
    public var acceptsMessages: Bool {
        phase == .established && !quitRequested
    }

    /// Messages given to ``send(_:)`` whose result has not come yet.
    public var messagesInProgress: Int {
        queuedMessages.count + (transaction == nil ? 0 : 1) + followingTransactions.count
            + (resultAwaitingReset == nil ? 0 : 1)
    }

    public var isClosed: Bool { phase == .closed }

    /// The timeout for the reply the client is waiting for; `nil` when it waits for none
    /// (idle, during the TLS handshake, or closed).
    ///
    /// While content is on the wire, the end-of-data timeout (RFC 5321 §4.5.3.2.6) covers
    /// every reply before its reply too: a server may hold the replies to commands
    /// pipelined with a BDAT chunk (RFC 2920 §3.2) until it has processed the content.
    public var replyTimeout: ReplyTimeout? {
        guard phase != .awaitingTLS && phase != .closed else { return nil }
        if pending.contains(.endOfData) { return .dataTermination }
        return pending.first?.timeout
    }

    // MARK: Events

    /// Bytes from the server, in any chunking.
    public mutating func receive(_ bytes: some Collection<UInt8>) -> [Action] {
        var actions = [Action]()
        var input = ArraySlice(Array(bytes))
        while !input.isEmpty {
            switch phase {
            case .closed:
                return actions
            case .awaitingTLS:
                // Whatever arrives between the 220 to STARTTLS and the handshake was never
                // protected by TLS: a man in the middle could have added replies that the
                // client would read as coming from inside TLS (the client-side mirror of
                // CVE-2011-0411). RFC 3207 §4.2: discard it all.
                ignoredOctetsBeforeTLS += input.count
                return actions
            case .handshake, .established, .quitting:
                guard let line = lineDecoder.decodeLine(&input) else { return actions }
                handle(line, into: &actions)
            }
        }
        return actions
    }

    /// The TLS handshake after ``Action/startTLS`` finished. Everything learned before is
    /// forgotten and EHLO is sent again (RFC 3207 §4.2).
    public mutating func tlsEstablished() -> [Action] {
        guard phase == .awaitingTLS else { return [] }
        var actions = [Action]()
        if ignoredOctetsBeforeTLS > 0 {
            record(.note, "ignored \(ignoredOctetsBeforeTLS) octets sent before the TLS handshake (RFC 3207 §4.2)")
            ignoredOctetsBeforeTLS = 0
        }
        record(.note, "TLS established")
        isTLSActive = true
        serverExtensions = ServerExtensions()
        usedExtendedHello = false
        lineDecoder.reset()
        replyParser = ReplyParser()
        phase = .handshake
        if quitRequested {
            sendQuit(into: &actions)
        } else {
            sendHello(extended: true, into: &actions)
        }
        return actions
    }

    /// Ends the session politely: QUIT, then ``Action/close`` after the 221 (RFC 5321
    /// §4.1.1.10). A message in progress is finished first; during the handshake, QUIT
    /// goes out at the next point where a command may be sent.
    public mutating func quit() -> [Action] {
        switch phase {
        case .closed, .quitting:
            return []
        case .awaitingTLS:
            // Nothing can be said in plaintext any more, and TLS is not up yet.
            phase = .closed
            return [.close]
        case .handshake:
            quitRequested = true
            return []
        case .established:
            guard pending.isEmpty else {
                quitRequested = true
                return []
            }
            var actions = [Action]()
            sendQuit(into: &actions)
            return actions
        }
    }

    /// The server closed the connection (or the TLS handshake failed). A message in
    /// progress is reported with a synthesised 451 4.4.2 for the recipients the server had
    /// not decided on yet: sending again later is right, though if the connection was lost
    /// after the final "." the server may have delivered it (RFC 1047).
    public mutating func connectionClosed() -> [Action] {
        switch phase {
        case .closed:
            return []
        case .quitting:
            // A server may close without answering QUIT; the session is over either way.
            phase = .closed
            return []
        case .handshake, .awaitingTLS, .established:
            var actions = [Action]()
            abort(.connectionClosed, closes: false, into: &actions)
            return actions
        }
    }

    /// The timer for ``replyTimeout`` fired. When the client waits for no reply, this is
    /// taken as an idle timeout and the session quits politely.
    public mutating func timedOut() -> [Action] {
        switch phase {
        case .closed:
            return []
        case .quitting:
            phase = .closed
            return [.close]
        case .established where pending.isEmpty:
            return quit()
        case .handshake, .awaitingTLS, .established:
            var actions = [Action]()
            abort(.timeout, into: &actions)
            return actions
        }
    }

    // MARK: Replies

    private mutating func handle(_ line: LineDecoder.Line, into actions: inout [Action]) {
        guard case .line(let bytes) = line else {
            abort(.protocolError("a reply line is longer than \(Self.maximumReplyLineLength) octets"), into: &actions)
            return
        }
        // Decoded and cleaned once, for the transcript and the parser alike.
        let text = Reply.sanitized(String(decoding: bytes, as: UTF8.self))
        recordSanitized(.server, text)
        let reply: Reply?
        do {
            reply = try replyParser.parse(sanitizedLine: text)
        } catch {
            abort(.protocolError(error.description), into: &actions)
            return
        }
        if let reply { handle(reply, into: &actions) }
    }

    private mutating func handle(_ reply: Reply, into actions: inout [Action]) {
        guard !pending.isEmpty else {
            // RFC 5321 §3.8: a server may send 421 unprompted before it closes (e.g. on
            // its own idle timeout). Anything else unprompted breaks the reply order.
            if reply.code == 421 {
                abort(.serviceClosing(reply), into: &actions)
            } else {
                abort(.protocolError("unexpected reply when none was due: \(reply)"), into: &actions)
            }
            return
        }
        let expectation = pending.removeFirst()
        if expectation == .quit {
            phase = .closed
            actions.append(.close)
            return
        }
        if reply.code == 421 && expectation != .greeting {
            // The server is closing: the command failed, and nothing pipelined after it
            // will be answered.
            abort(.serviceClosing(reply), interruption: (reply, expectation.stage), into: &actions)
            return
        }
        guard expectation.allows(reply.code.kind) else {
            abort(.protocolError("\(reply) is not a possible reply to \(expectation.commandName)"), into: &actions)
            return
        }
        switch expectation {
        case .greeting:
            greetingReceived(reply, into: &actions)
        case .extendedHello:
            if reply.code.kind == .positiveCompletion {
                serverExtensions = ServerExtensions(ehloReply: reply)
                usedExtendedHello = true
                afterHello(into: &actions)
            } else if reply.code.kind == .permanentNegative && !quitRequested {
                // RFC 5321 §3.2: a server that does not know EHLO answers 500 or 502 (some
                // answer 501 or 554), and the client falls back to HELO.
                sendHello(extended: false, into: &actions)
            } else if quitRequested {
                sendQuit(into: &actions)
            } else {
                fail(.ehloAndHeloRefused(reply), into: &actions)
            }
        case .hello:
            guard reply.code.kind == .positiveCompletion else {
                fail(.ehloAndHeloRefused(reply), into: &actions)
                return
            }
            serverExtensions = ServerExtensions()
            usedExtendedHello = false
            afterHello(into: &actions)
        case .startTLS:
            startTLSReplied(reply, into: &actions)
        case .authentication(let step):
            authenticationReplied(reply, step: step, into: &actions)
        case .mail, .recipient, .data, .endOfData, .emptyData, .reset:
            transactionReplied(reply, to: expectation, into: &actions)
        case .quit:
            break
        }
    }

    // MARK: Handshake

    private mutating func greetingReceived(_ reply: Reply, into actions: inout [Action]) {
        greetingReply = reply
        guard reply.code.kind == .positiveCompletion else {
            // RFC 5321 §3.1: after 554 the server waits for QUIT; after 421 it closes.
            if reply.code == 421 {
                abort(.greeting(reply), into: &actions)
            } else {
                fail(.greeting(reply), into: &actions)
            }
            return
        }
        if quitRequested {
            sendQuit(into: &actions)
        } else {
            sendHello(extended: true, into: &actions)
        }
    }

    private mutating func sendHello(extended: Bool, into actions: inout [Action]) {
        let name = configuration.clientName
        write(extended ? .extendedHello(name) : .hello(name), into: &actions)
        pending = [extended ? .extendedHello : .hello]
    }

    /// After a positive EHLO or HELO reply: STARTTLS, AUTH, or ready.
    private mutating func afterHello(into actions: inout [Action]) {
        if quitRequested {
            sendQuit(into: &actions)
            return
        }
        let wantsTLS = configuration.tlsPolicy == .opportunistic || configuration.tlsPolicy == .required
        if wantsTLS && !isTLSActive && !startTLSDeclined {
            if serverExtensions.startTLS {
                write(.startTLS, into: &actions)
                pending = [.startTLS]
                return
            }
            if configuration.tlsPolicy == .required {
                fail(.startTLSRequiredButNotOffered, into: &actions)
                return
            }
        }
        if let credentials = configuration.credentials, !isAuthenticated {
            authenticate(with: credentials, into: &actions)
            return
        }
        becomeEstablished(into: &actions)
    }

    private mutating func startTLSReplied(_ reply: Reply, into actions: inout [Action]) {
        startTLSReply = reply
        if reply.code.kind == .positiveCompletion {
            extensionsBeforeTLS = serverExtensions
            phase = .awaitingTLS
            // Bytes already buffered came before TLS too; they are dropped with the rest.
            lineDecoder.reset()
            replyParser = ReplyParser()
            actions.append(.startTLS)
        } else if configuration.tlsPolicy == .required {
            fail(.startTLSRefused(reply), into: &actions)
        } else {
            // RFC 3207 §4: after 454 the client decides; opportunistic TLS goes on in
            // plaintext (RFC 7435 §1.3) rather than not delivering at all.
            startTLSDeclined = true
            record(.note, "continuing without TLS")
            afterHello(into: &actions)
        }
    }

    private mutating func authenticate(with credentials: Credentials, into actions: inout [Action]) {
        guard isTLSActive || configuration.allowPlaintextAuthentication else {
            fail(.authenticationRequiresTLS, into: &actions)
            return
        }
        if serverExtensions.offers(.plain) {
            // RFC 4616 §2: message = [authzid] NUL authcid NUL passwd, without authzid;
            // sent as the initial response to save a round trip (RFC 4954 §4).
            let response = [0] + Array(credentials.username.utf8) + [0] + credentials.password
            write(.authenticate(mechanism: SASLMechanism.plain.rawValue, initialResponse: response), transcript: "AUTH PLAIN <redacted>", into: &actions)
            pending = [.authentication(.outcome)]
        } else if serverExtensions.offers(.login) {
            write(.authenticate(mechanism: SASLMechanism.login.rawValue, initialResponse: nil), into: &actions)
            pending = [.authentication(.loginUsername)]
        } else {
            fail(.authenticationNotOffered, into: &actions)
        }
    }

    private mutating func authenticationReplied(_ reply: Reply, step: AuthenticationStep, into actions: inout [Action]) {
        guard let credentials = configuration.credentials else { return }
        switch (step, reply.code.kind) {
        case (.cancelled, _):
            fail(.authenticationFailed(reply), into: &actions)
        case (_, .positiveCompletion):
            isAuthenticated = true
            becomeEstablished(into: &actions)
        case (.loginUsername, .positiveIntermediate):
            // The LOGIN prompts ("Username:", "Password:") vary between servers; only their
            // order matters.
            writeSASLResponse(Base64.encode(Array(credentials.username.utf8)), into: &actions)
            pending = [.authentication(.loginPassword)]
        case (.loginPassword, .positiveIntermediate):
            writeSASLResponse(Base64.encode(credentials.password), into: &actions)
            pending = [.authentication(.outcome)]
        case (.outcome, .positiveIntermediate):
            // A challenge after the last response: cancel with "*" (RFC 4954 §4) rather
            // than guess what the server wants.
            record(.client, "*")
            actions.append(.send([0x2A, ASCII.cr, ASCII.lf]))
            pending = [.authentication(.cancelled)]
        default:
            fail(.authenticationFailed(reply), into: &actions)
        }
    }

    private mutating func writeSASLResponse(_ base64: String, into actions: inout [Action]) {
        record(.client, "<redacted>")
        actions.append(.send(Array(base64.utf8) + [ASCII.cr, ASCII.lf]))
    }

    private mutating func becomeEstablished(into actions: inout [Action]) {
        phase = .established
        handshakeTranscriptEnd = transcriptPosition
        actions.append(.greeted(serverExtensions))
        if quitRequested { sendQuit(into: &actions) }
    }

    // MARK: Ending

    mutating func sendQuit(into actions: inout [Action]) {
        quitRequested = false
        write(.quit, into: &actions)
        pending = [.quit]
        phase = .quitting
    }

    /// A failure after which the server still listens: report it and QUIT.
    mutating func fail(_ failure: SessionFailure, into actions: inout [Action]) {
        abandonQueuedMessages(into: &actions)
        actions.append(.sessionFailed(failure))
        sendQuit(into: &actions)
    }

    /// A failure after which nothing more can be said: report the message in progress
    /// with `interruption` for its undecided recipients, report the failure, close.
    mutating func abort(
        _ failure: SessionFailure,
        interruption: (reply: Reply, stage: Stage)? = nil,
        closes: Bool = true,
        into actions: inout [Action]
    ) {
        if phase == .quitting {
            // The client was leaving anyway: a garbled or missing 221 is no failure.
            phase = .closed
            pending = []
            if closes { actions.append(.close) }
            return
        }
        if var transaction {
            // A 421 before the reply to the content: the server closed without reading it.
            if case .serviceClosing = failure, interruption?.stage != .endOfData { transaction.isContentSent = false }
            give(transaction.result(interruption: interruption ?? Self.synthesizedInterruption(failure)), into: &actions)
            self.transaction = nil
        } else if let result = resultAwaitingReset {
            give(result, into: &actions)
        }
        resultAwaitingReset = nil
        let unanswered = Self.synthesizedInterruption(failure)
        for var following in followingTransactions {
            // Its commands went out, but its replies would have come after the interruption;
            // its own dialogue says so, since the line that ended the session is another's.
            recordLines(of: following)
            record(.note, "no reply to these: \(unanswered.reply)")
            // Replies come in command order: after a 421 to a command before them the
            // server read nothing of these, content or not, so they can go on at once.
            if case .serviceClosing = failure { following.isContentSent = false }
            give(following.result(interruption: unanswered), into: &actions)
        }
        followingTransactions = []
        abandonQueuedMessages(into: &actions)
        pending = []
        phase = .closed
        actions.append(.sessionFailed(failure))
        if closes { actions.append(.close) }
    }

    /// Results for the messages still queued: none of them was sent, so each recipient
    /// gets a transient reply and the message is tried again elsewhere or later.
    mutating func abandonQueuedMessages(into actions: inout [Action]) {
        let reply = Reply(451, EnhancedStatusCode(.persistentTransientFailure, 4, 2), "Not sent: the SMTP session ended before this message's turn")
        for message in queuedMessages {
            give(Self.refusingAll(message, with: reply), startingAt: transcriptPosition, into: &actions)
        }
        queuedMessages = []
    }

    /// The reply given to recipients the server had not decided on when the session
    /// ended. Transient: the message can be sent again on another connection.
    static func synthesizedInterruption(_ failure: SessionFailure) -> (reply: Reply, stage: Stage) {
        let reply: Reply
        switch failure {
        case .timeout:
            reply = Reply(451, EnhancedStatusCode(.persistentTransientFailure, 4, 2), "Timed out waiting for the server's reply; not known to be delivered")
        case .protocolError(let message):
            reply = Reply(451, EnhancedStatusCode(.persistentTransientFailure, 5, 0), "SMTP protocol error: \(message)")
        case .serviceClosing(let closing):
            reply = closing
        default:
            reply = Reply(451, EnhancedStatusCode(.persistentTransientFailure, 4, 2), "Connection closed before the server's reply; not known to be delivered")
        }
        return (reply, .local)
    }

    // MARK: Writing

    mutating func write(_ command: Command, transcript text: String? = nil, into actions: inout [Action]) {
        record(.client, text ?? command.line)
        actions.append(.send(command.encoded))
    }


    /// The lines recorded at `positions`, as far as they are still kept.
    public func transcript(in positions: Range<Int>) -> [TranscriptLine] {
        let kept = min(recordedLines.count, Self.maximumTranscriptLines)
        let firstKept = transcriptPosition - kept
        let lower = max(positions.lowerBound, firstKept), upper = min(positions.upperBound, transcriptPosition)
        guard lower < upper else { return [] }
        let offset = recordedLines.count - kept
        return Array(recordedLines[(offset + lower - firstKept)..<(offset + upper - firstKept)])
    }

    /// Gives a message's result with its dialogue: from `start`, or else from where the
    /// oldest message started and not finished began. The lines are taken now, before
    /// anything recorded after the result can push them out.
    ///
    /// Commands pipelined behind another message's content are recorded after that
    /// message's result (``recordLines(of:)``), so a message's dialogue holds its own lines
    /// only.
    mutating func give(_ result: MessageResult, startingAt start: Int? = nil, into actions: inout [Action]) {
        let start = start ?? (messageTranscriptStarts.isEmpty ? transcriptPosition : messageTranscriptStarts.removeFirst())
        var result = result
        result.transcript = transcript(in: start..<transcriptPosition)
        actions.append(.messageResult(result))
    }

    /// Records the commands of one of ``followingTransactions``, sent earlier, where its dialogue
    /// begins.
    mutating func recordLines(of following: Transaction) {
        noteMessageStart()
        record(.note, "pipelined: sent behind the content of the message before (RFC 2920)")
        for line in following.openingLines { record(.client, line) }
    }

    /// Records where a message's dialogue begins; its result takes it again.
    mutating func noteMessageStart() {
        messageTranscriptStarts.append(transcriptPosition)
    }

    /// The lines recorded after `position` (a ``transcriptPosition`` taken earlier), as far
    /// as they are still kept.
    public func transcript(since position: Int) -> [TranscriptLine] {
        transcript(in: position..<max(position, transcriptPosition))
    }

    mutating func record(_ direction: TranscriptLine.Direction, _ text: String) {
        recordSanitized(direction, Reply.sanitized(text))
    }

    /// Records a line ``Reply/sanitized(_:)`` has cleaned already.
    private mutating func recordSanitized(_ direction: TranscriptLine.Direction, _ text: String) {
        transcriptPosition += 1
        recordedLines.append(TranscriptLine(direction, sanitized: text))
        if recordedLines.count > 2 * Self.maximumTranscriptLines {
            recordedLines.removeFirst(recordedLines.count - Self.maximumTranscriptLines)
        }
    }
}

extension ClientSession.Expectation {
    var timeout: ClientSession.ReplyTimeout {
        switch self {
        case .greeting: .greeting
        case .mail: .mail
        case .recipient: .recipient
        case .data: .dataInitiation
        case .endOfData, .emptyData: .dataTermination
        case .extendedHello, .hello, .startTLS, .authentication, .reset, .quit: .command
        }
    }

    /// The stage a recipient's fate is decided at when this command's reply decides it.
    var stage: ClientSession.Stage {
        switch self {
        case .mail: .mail
        case .recipient: .recipient
        case .data: .data
        case .endOfData, .emptyData: .endOfData
        default: .local
        }
    }

    var commandName: String {
        switch self {
        case .greeting: "the greeting"
        case .extendedHello: "EHLO"
        case .hello: "HELO"
        case .startTLS: "STARTTLS"
        case .authentication: "AUTH"
        case .mail: "MAIL"
        case .recipient: "RCPT"
        case .data: "DATA"
        case .endOfData, .emptyData: "the end of data"
        case .reset: "RSET"
        case .quit: "QUIT"
        }
    }

    /// RFC 5321 §4.3.2: 3yz answers only DATA (354) and AUTH (334); DATA is never
    /// answered with 2yz. A reply outside these means client and server disagree about
    /// where they are in the dialogue.
    func allows(_ kind: ReplyCode.Kind) -> Bool {
        switch self {
        case .authentication, .quit: true
        case .data: kind != .positiveCompletion
        default: kind != .positiveIntermediate
        }
    }
}
