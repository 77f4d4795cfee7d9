/// The server side of one SMTP session as a value: bytes and decisions go in, replies and
/// actions come out. It owns framing (command lines, DATA, BDAT chunks, SASL responses),
/// command sequencing and limits; it has no sockets, clocks or storage.
///
/// Commands a client pipelines (RFC 2920) are answered strictly in order: while the
/// session waits for a decision (a policy check, a password check, storage), further input
/// is held and processed once the decision arrives.
///
/// - SeeAlso: RFC 5321 §4.1.4 (command order), §4.3.2 (replies per command), RFC 2920,
///   RFC 3030, RFC 3207, RFC 4954.
public struct ServerSession: Sendable {
    public let configuration: Configuration

    private var phase: Phase = .notStarted
    private var hello: Hello?
    private var isTLS: Bool
    private var authenticatedUser: String?
    private var transaction: Transaction?
    private var errorCount = 0
    private var isShuttingDown = false
    private var hasReceivedBytes = false

    private var commandDecoder = LineDecoder(maximumLineLength: CommandParser.maximumBufferedLineLength)
    private var responseDecoder = LineDecoder(maximumLineLength: ServerSession.maximumAuthenticationLineLength)
    private var dataDecoder: DataDecoder
    private var pendingInput: [UInt8] = []
    /// The content of the message being received, decoded straight into place and handed
    /// over whole with ``Action/storeMessage(_:content:)``: gathered piece by piece
    /// in the I/O layer it was copied once more, and again each time it grew.
    private var content: [UInt8] = []

    /// RFC 4954 §4: a server must accept SASL response lines of at least 12288 octets.
    public static let maximumAuthenticationLineLength = 12288

    private enum Phase: Sendable {
        case notStarted
        case command
        /// Waiting for the I/O layer to answer an action; input is held meanwhile.
        case awaiting(Decision)
        case data
        case binaryData(remaining: UInt64, isLast: Bool, rejection: Reply?)
        case authenticating(AuthenticationStep)
        /// After 220 to STARTTLS, until the handshake is done. Input is discarded.
        case awaitingTLS
        case closed
    }

    private enum Decision: Sendable {
        case sender(ReversePath, MailParameters)
        case recipient(ForwardPath, RecipientParameters)
        case authentication
        case storage
    }

    private enum AuthenticationStep: Sendable {
        case plainResponse
        case loginUsername
        case loginPassword(username: String)
    }

    private struct Hello: Sendable {
        var name: String
        var isExtended: Bool
    }

    private struct Transaction: Sendable {
        var reversePath: ReversePath
        var parameters: MailParameters
        var recipients: [Envelope.Recipient] = []
        var hasContent = false
        var usedChunking = false
        var chunkedSize: UInt64 = 0
        var inspector = LineEndingInspector()
    }

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.isTLS = configuration.isImplicitTLS
        self.dataDecoder = DataDecoder(
            maximumSize: configuration.maximumMessageSize,
            bareLineEndingPolicy: configuration.bareLineEndingPolicy
        )
    }

    // MARK: Observing

    /// Whether the session waits for the I/O layer to answer an action. An I/O layer can
    /// stop reading from the socket meanwhile, which bounds pipelined input.
    public var isAwaitingDecision: Bool {
        if case .awaiting = phase { return true }
        return false
    }

    /// Bytes received while awaiting a decision, held until it comes (at most the
    /// configuration's `maximumPendingInput`).
    public var pendingInputCount: Int { pendingInput.count }

    public var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    /// Whether message content (DATA or a BDAT chunk) is being received, for which RFC 5321
    /// §4.5.3.2 allows longer pauses than between commands.
    public var isReceivingContent: Bool {
        switch phase {
        case .data, .binaryData: true
        default: false
        }
    }

    /// Whether a mail transaction (MAIL accepted, not yet finished) is open.
    public var hasOpenTransaction: Bool { transaction != nil }

    /// The authenticated user, once AUTH succeeded.
    public var authenticatedUserName: String? { authenticatedUser }

    public var isTLSActive: Bool { isTLS }

    // MARK: Events

    /// The connection is open: greet the client (RFC 5321 §4.3.1).
    public mutating func start() -> [Action] {
        guard case .notStarted = phase else { return [] }
        phase = .command
        return [.send(Reply(220, nil, "\(configuration.hostname) ESMTP Postamt"))]
    }

    /// Bytes from the client.
    public mutating func receive(_ bytes: some Collection<UInt8>) -> [Action] {
        switch phase {
        case .notStarted, .closed:
            return []
        case .awaitingTLS:
            // Anything sent in plaintext after STARTTLS is discarded, never executed once
            // TLS is up (CVE-2011-0411).
            return []
        case .awaiting:
            pendingInput.append(contentsOf: bytes)
            if pendingInput.count > configuration.maximumPendingInput {
                pendingInput.removeAll()
                abandonTransaction()
                return closing(Reply(421, EnhancedStatusCode(.persistentTransientFailure, 7, 0), "\(configuration.hostname) Too much pipelined input, closing connection"))
            }
            return []
        default:
            var actions = [Action]()
            if !hasReceivedBytes, let first = bytes.first {
                hasReceivedBytes = true
                // A TLS handshake record (content type 22) where SMTP was expected; no SMTP
                // command starts with a control character.
                if first == 0x16 {
                    phase = .closed
                    return [.foreignProtocol(.tlsHandshake), .close]
                }
            }
            // Content is decoded from the read itself, not from a copy of it; only what
            // follows the end of data (pipelined commands) is copied.
            if case .data = phase, let rest = bytes.withContiguousStorageIfAvailable({ buffer in
                let end = decodeContent(from: buffer, into: &actions)
                return Array(buffer[end...])
            }) {
                guard !rest.isEmpty else { return actions }
                var input = rest[...]
                process(&input, into: &actions)
                return actions
            }
            var input = ArraySlice(bytes)
            process(&input, into: &actions)
            return actions
        }
    }

    /// Octets of content held for the message being received (for tests: none once it is
    /// stored, refused or abandoned).
    var heldContentCount: Int { content.count }

    /// Octets of room held for the content of the message being received (for tests).
    var heldContentCapacity: Int { content.capacity }

    /// Decodes content from `bytes` into ``content``, and finishes the message at the end
    /// of data; returns the offset after what it took.
    private mutating func decodeContent(from bytes: UnsafeBufferPointer<UInt8>, into actions: inout [Action]) -> Int {
        // Room for all of `bytes`, growing by doubling as an append would: the decoder then
        // appends without reallocating in between.
        let needed = content.count + bytes.count
        if needed > content.capacity { content.reserveCapacity(max(needed, content.capacity * 2)) }
        let (end, outcome) = dataDecoder.decode(bytes, into: &content)
        if let outcome { finishData(outcome, into: &actions) }
        return end
    }

    /// The answer to ``Action/checkSender(_:_:)``.
    public mutating func senderChecked(_ decision: PolicyDecision) -> [Action] {
        guard case .awaiting(.sender(let path, let parameters)) = phase else { return [] }
        phase = .command
        var actions = [Action]()
        switch decision {
        case .accept:
            transaction = Transaction(reversePath: path, parameters: parameters)
            actions.append(.send(Reply(250, EnhancedStatusCode(.success, 1, 0), "Sender \(path) OK")))
        case .reject(let reply):
            actions += error(reply)
        }
        resume(into: &actions)
        return actions
    }

    /// The answer to ``Action/checkRecipient(_:_:)``.
    public mutating func recipientChecked(_ decision: PolicyDecision) -> [Action] {
        guard case .awaiting(.recipient(let path, let parameters)) = phase else { return [] }
        phase = .command
        var actions = [Action]()
        switch decision {
        case .accept:
            transaction?.recipients.append(Envelope.Recipient(forwardPath: path, parameters: parameters))
            actions.append(.send(Reply(250, EnhancedStatusCode(.success, 1, 5), "Recipient \(path) OK")))
        case .reject(let reply):
            actions += error(reply)
        }
        resume(into: &actions)
        return actions
    }

    /// The answer to ``Action/authenticate(_:)``.
    public mutating func authenticationFinished(_ result: AuthenticationResult) -> [Action] {
        guard case .awaiting(.authentication) = phase else { return [] }
        phase = .command
        var actions = [Action]()
        switch result {
        case .success(let user):
            authenticatedUser = user
            actions.append(.send(Reply(235, EnhancedStatusCode(.success, 7, 0), "Authentication successful")))
        case .invalidCredentials:
            actions += error(Reply(535, EnhancedStatusCode(.permanentFailure, 7, 8), "Authentication credentials invalid"))
        case .temporaryFailure:
            actions += error(Reply(454, EnhancedStatusCode(.persistentTransientFailure, 7, 0), "Temporary authentication failure, try again later"))
        case .tooManyFailures:
            return closing(Reply(421, EnhancedStatusCode(.persistentTransientFailure, 7, 0), "\(configuration.hostname) Too many failed authentication attempts, closing connection"))
        }
        resume(into: &actions)
        return actions
    }

    /// The answer to ``Action/storeMessage(_:content:)``.
    public mutating func messageStored(_ result: StorageResult) -> [Action] {
        guard case .awaiting(.storage) = phase else { return [] }
        phase = .command
        transaction = nil
        var actions = [Action]()
        switch result {
        case .stored(let queueID):
            actions.append(.send(Reply(250, EnhancedStatusCode(.success, 0, 0), "Ok: queued as \(queueID)")))
        case .failed(let reply):
            actions.append(.send(reply))
        }
        resume(into: &actions)
        return actions
    }

    /// The TLS handshake after STARTTLS finished. The session starts over without any
    /// knowledge gained before TLS (RFC 3207 §4.2); the client must send EHLO again.
    public mutating func tlsEstablished() -> [Action] {
        guard case .awaitingTLS = phase else { return [] }
        isTLS = true
        hello = nil
        authenticatedUser = nil
        transaction = nil
        commandDecoder.reset()
        phase = .command
        return []
    }

    /// The client was idle longer than the current RFC 5321 §4.5.3.2 timeout allows.
    public mutating func timedOut() -> [Action] {
        if isClosed { return [] }
        abandonTransaction()
        return closing(Reply(421, EnhancedStatusCode(.persistentTransientFailure, 4, 2), "\(configuration.hostname) Timeout exceeded, closing connection"))
    }

    /// The server is stopping: an idle session is closed now with 421 4.3.2; a session in
    /// the middle of a transaction may finish it, and is closed at its next MAIL.
    public mutating func shutdown() -> [Action] {
        isShuttingDown = true
        guard case .command = phase, transaction == nil, !commandDecoder.hasPartialLine else { return [] }
        return closing(Reply(421, EnhancedStatusCode(.persistentTransientFailure, 3, 2), "\(configuration.hostname) Service shutting down, closing connection"))
    }

    // MARK: Input processing

    private mutating func resume(into actions: inout [Action]) {
        guard !pendingInput.isEmpty, case .command = phase else { return }
        var input = ArraySlice(pendingInput)
        pendingInput = []
        process(&input, into: &actions)
    }

    private mutating func process(_ input: inout ArraySlice<UInt8>, into actions: inout [Action]) {
        while !input.isEmpty {
            switch phase {
            case .notStarted, .closed:
                return
            case .awaitingTLS:
                input = input[input.endIndex...]
                return
            case .awaiting:
                pendingInput.append(contentsOf: input)
                return
            case .command:
                guard let line = commandDecoder.decodeLine(&input) else { return }
                handle(line, into: &actions)
            case .authenticating(let step):
                guard let line = responseDecoder.decodeLine(&input) else { return }
                handleAuthenticationResponse(line, step: step, into: &actions)
            case .data:
                let end = input.withUnsafeBufferPointer { decodeContent(from: $0, into: &actions) }
                input = input.dropFirst(end)
            case .binaryData(let remaining, let isLast, let rejection):
                let take = Int(min(remaining, UInt64(input.count)))
                let chunk = input.prefix(take)
                input = input.dropFirst(take)
                if rejection == nil { receiveChunk(chunk, into: &actions) }
                let left = remaining - UInt64(take)
                phase = .binaryData(remaining: left, isLast: isLast, rejection: rejection)
                if left == 0 { finishChunk(isLast: isLast, rejection: rejection, into: &actions) }
            }
        }
    }

    private mutating func handle(_ line: LineDecoder.Line, into actions: inout [Action]) {
        guard case .line(let bytes) = line else {
            actions += error(CommandParseError.lineTooLong(limit: CommandParser.maximumBufferedLineLength).reply)
            return
        }
        let verb = bytes.prefix { $0 != ASCII.space }
        if verb.count <= 8, CommandParser.foreignProtocolVerbs.contains(String(decoding: verb.map(ASCII.uppercased), as: UTF8.self)) {
            actions.append(.foreignProtocol(.http))
            actions += closing(Reply(421, EnhancedStatusCode(.persistentTransientFailure, 7, 0), "\(configuration.hostname) This is an SMTP server, closing connection"))
            return
        }
        switch CommandParser.parse(bytes) {
        case .failure(let parseError):
            actions += error(parseError.reply)
        case .success(let command):
            execute(command, into: &actions)
        }
    }

    // MARK: Commands

    private mutating func execute(_ command: Command, into actions: inout [Action]) {
        switch command {
        case .extendedHello(let name), .hello(let name):
            let isExtended = if case .extendedHello = command { true } else { false }
            abandonTransaction()
            hello = Hello(name: name, isExtended: isExtended)
            actions.append(.send(isExtended ? extendedHelloReply(clientName: name) : Reply(250, nil, "\(configuration.hostname) Hello \(name)")))
        case .mail(let path, let parameters):
            mail(path, parameters, into: &actions)
        case .recipient(let path, let parameters):
            recipient(path, parameters, into: &actions)
        case .data:
            data(into: &actions)
        case .binaryData(let size, let isLast):
            binaryData(size: size, isLast: isLast, into: &actions)
        case .reset:
            abandonTransaction()
            actions.append(.send(Reply(250, EnhancedStatusCode(.success, 0, 0), "Ok")))
        case .noop:
            actions.append(.send(Reply(250, EnhancedStatusCode(.success, 0, 0), "Ok")))
        case .quit:
            abandonTransaction()
            phase = .closed
            actions.append(.send(Reply(221, EnhancedStatusCode(.success, 0, 0), "\(configuration.hostname) Bye")))
            actions.append(.close)
        case .verify:
            // RFC 5321 §3.5.3: 252 when the server will not say whether a mailbox exists.
            // The same answer for every address, so VRFY cannot be used to find users.
            actions.append(.send(Reply(252, EnhancedStatusCode(.success, 5, 0), "Cannot verify the address, but will accept the message and attempt delivery")))
        case .expand:
            actions.append(.send(Reply(502, EnhancedStatusCode(.permanentFailure, 5, 1), "EXPN is not available")))
        case .help:
            actions.append(.send(Reply(214, EnhancedStatusCode(.success, 0, 0), "Postamt: see RFC 5321 for the SMTP commands; `postamt explain CODE` explains any reply")))
        case .startTLS:
            startTLS(into: &actions)
        case .authenticate(let mechanism, let initialResponse):
            authenticate(mechanism: mechanism, initialResponse: initialResponse, into: &actions)
        }
    }

    private func extendedHelloReply(clientName: String) -> Reply {
        var lines = ["\(configuration.hostname) Hello \(clientName)", "PIPELINING"]
        if let size = configuration.maximumMessageSize { lines.append("SIZE \(size)") } else { lines.append("SIZE") }
        lines.append("8BITMIME")
        if configuration.offersSMTPUTF8 { lines.append("SMTPUTF8") }
        lines.append("ENHANCEDSTATUSCODES")
        lines.append("CHUNKING")
        if configuration.offersDSN { lines.append("DSN") }
        if configuration.isStartTLSAvailable && !isTLS { lines.append("STARTTLS") }
        if offersAuthentication {
            lines.append("AUTH " + configuration.authenticationMechanisms.map(\.rawValue).joined(separator: " "))
        }
        return Reply(code: 250, enhancedCode: nil, lines: lines)
    }

    private var offersAuthentication: Bool {
        !configuration.authenticationMechanisms.isEmpty && (isTLS || !configuration.authenticationRequiresTLS)
    }

    private mutating func mail(_ path: ReversePath, _ parameters: MailParameters, into actions: inout [Action]) {
        if configuration.requiresHello && hello == nil {
            actions += error(Reply(503, EnhancedStatusCode(.permanentFailure, 5, 1), "Send EHLO or HELO first"))
        } else if transaction != nil {
            actions += error(Reply(503, EnhancedStatusCode(.permanentFailure, 5, 1), "Nested MAIL command"))
        } else if configuration.requiresTLS && !isTLS {
            actions += error(Reply(530, EnhancedStatusCode(.permanentFailure, 7, 0), "Must issue a STARTTLS command first"))
        } else if configuration.requiresAuthentication && authenticatedUser == nil {
            actions += error(Reply(530, EnhancedStatusCode(.permanentFailure, 7, 0), "Authentication required"))
        } else if isShuttingDown {
            actions += closing(Reply(421, EnhancedStatusCode(.persistentTransientFailure, 3, 2), "\(configuration.hostname) Service shutting down, closing connection"))
        } else if parameters.body == .binaryMIME {
            actions += error(Reply(555, EnhancedStatusCode(.permanentFailure, 5, 4), "BODY=BINARYMIME is not supported"))
        } else if parameters.usesDSN && !configuration.offersDSN {
            actions += error(Reply(555, EnhancedStatusCode(.permanentFailure, 5, 4), "DSN parameters are not supported"))
        } else if parameters.smtpUTF8 && !configuration.offersSMTPUTF8 {
            actions += error(Reply(555, EnhancedStatusCode(.permanentFailure, 5, 4), "SMTPUTF8 is not supported"))
        } else if let size = parameters.size, let maximum = configuration.maximumMessageSize, size > maximum {
            actions += error(messageTooBig)
        } else {
            phase = .awaiting(.sender(path, parameters))
            actions.append(.checkSender(path, parameters))
        }
    }

    private mutating func recipient(_ path: ForwardPath, _ parameters: RecipientParameters, into actions: inout [Action]) {
        guard let transaction else {
            actions += error(Reply(503, EnhancedStatusCode(.permanentFailure, 5, 1), "Need MAIL before RCPT"))
            return
        }
        if transaction.hasContent {
            actions += error(Reply(503, EnhancedStatusCode(.permanentFailure, 5, 1), "RCPT not allowed after BDAT"))
        } else if transaction.recipients.count >= configuration.maximumRecipients {
            // RFC 5321 §4.5.3.1.10: 452 lets the client send to the rest in a later transaction.
            actions += error(Reply(452, EnhancedStatusCode(.persistentTransientFailure, 5, 3), "Too many recipients"))
        } else if let mailbox = path.mailbox, !mailbox.isASCII, !transaction.parameters.smtpUTF8 {
            actions += error(CommandParseError.nonASCIIAddressWithoutSMTPUTF8().reply)
        } else if parameters.usesDSN && !configuration.offersDSN {
            actions += error(Reply(555, EnhancedStatusCode(.permanentFailure, 5, 4), "DSN parameters are not supported"))
        } else {
            phase = .awaiting(.recipient(path, parameters))
            actions.append(.checkRecipient(path, parameters))
        }
    }

    private mutating func data(into actions: inout [Action]) {
        guard let transaction else {
            actions += error(Reply(503, EnhancedStatusCode(.permanentFailure, 5, 1), "Need MAIL command"))
            return
        }
        if transaction.usedChunking {
            actions += error(Reply(503, EnhancedStatusCode(.permanentFailure, 5, 1), "DATA not allowed after BDAT"))
        } else if transaction.recipients.isEmpty {
            // RFC 5321 §3.3 allows 503 or 554 here; 554 says why.
            actions += error(Reply(554, EnhancedStatusCode(.permanentFailure, 5, 1), "No valid recipients"))
        } else {
            self.transaction?.hasContent = true
            phase = .data
            actions.append(.send(Reply(354, nil, "End data with <CR><LF>.<CR><LF>")))
            content = []
            if let declared = transaction.parameters.size { reserveContent(adding: declared) }
        }
    }

    /// Makes room for `expected` more octets of content before they arrive, so that the
    /// content grows without copies in between (a client's SIZE=, a BDAT chunk's size).
    /// No more than the message size limit and ``contentReservationLimit`` in all: the
    /// figure is the client's word, and beyond it the content grows as it comes.
    private mutating func reserveContent(adding expected: UInt64) {
        let wanted = min(UInt64(content.count) &+ expected, configuration.maximumMessageSize ?? .max, UInt64(Self.contentReservationLimit))
        if wanted > content.capacity { content.reserveCapacity(Int(wanted)) }
    }

    /// The most content reserved on a client's word before it arrives.
    static let contentReservationLimit = 1 << 20

    private mutating func finishData(_ outcome: DataDecoder.Outcome, into actions: inout [Action]) {
        phase = .command
        if let rejection = contentRejection(
            exceedsSize: outcome.exceedsMaximumSize,
            hasBareLineEndings: outcome.hasBareLineEndings,
            hasOverlongLines: outcome.hasOverlongLines
        ) {
            transaction = nil
            content = []
            actions += error(rejection)
            return
        }
        store(into: &actions)
    }

    private func contentRejection(exceedsSize: Bool, hasBareLineEndings: Bool, hasOverlongLines: Bool) -> Reply? {
        if exceedsSize { return messageTooBig }
        if hasBareLineEndings && configuration.bareLineEndingPolicy == .reject {
            return Reply(550, EnhancedStatusCode(.permanentFailure, 6, 0), "Message contains bare CR or LF characters; SMTP requires CRLF line endings (RFC 5321 2.3.8)")
        }
        if hasOverlongLines && configuration.longLinePolicy == .reject {
            return Reply(550, EnhancedStatusCode(.permanentFailure, 6, 0), "Message contains a line longer than 1000 octets (RFC 5321 4.5.3.1.6)")
        }
        return nil
    }

    private var messageTooBig: Reply {
        Reply(552, EnhancedStatusCode(.permanentFailure, 3, 4), "Message size exceeds fixed maximum message size")
    }

    private mutating func store(into actions: inout [Action]) {
        guard let transaction else { return }
        let envelope = Envelope(
            clientName: hello?.name ?? "",
            usedExtendedHello: hello?.isExtended ?? false,
            isTLS: isTLS,
            authenticatedUser: authenticatedUser,
            reversePath: transaction.reversePath,
            mailParameters: transaction.parameters,
            recipients: transaction.recipients,
            usedChunking: transaction.usedChunking
        )
        phase = .awaiting(.storage)
        let message = content
        content = []
        actions.append(.storeMessage(envelope, content: message))
    }

    // MARK: BDAT (RFC 3030)

    private mutating func binaryData(size: UInt64, isLast: Bool, into actions: inout [Action]) {
        // A rejected BDAT's chunk must still be read (RFC 3030 §2), then the error is sent.
        var rejection: Reply? = nil
        if transaction == nil {
            rejection = Reply(503, EnhancedStatusCode(.permanentFailure, 5, 1), "Need MAIL command")
        } else if transaction?.recipients.isEmpty == true {
            rejection = Reply(554, EnhancedStatusCode(.permanentFailure, 5, 1), "No valid recipients")
        } else if transaction?.hasContent == true && transaction?.usedChunking == false {
            rejection = Reply(503, EnhancedStatusCode(.permanentFailure, 5, 1), "BDAT not allowed after DATA")
        }
        if rejection == nil && transaction?.hasContent == false {
            transaction?.hasContent = true
            transaction?.usedChunking = true
            content = []
        }
        if rejection == nil { reserveContent(adding: size) }
        phase = .binaryData(remaining: size, isLast: isLast, rejection: rejection)
        if size == 0 { finishChunk(isLast: isLast, rejection: rejection, into: &actions) }
    }

    private mutating func receiveChunk(_ chunk: ArraySlice<UInt8>, into actions: inout [Action]) {
        guard !chunk.isEmpty, var transaction else { return }
        let before = transaction.chunkedSize
        transaction.chunkedSize += UInt64(chunk.count)
        transaction.inspector.inspect(chunk)
        self.transaction = transaction
        let maximum = configuration.maximumMessageSize ?? .max
        if before < maximum {
            let allowed = Int(min(UInt64(chunk.count), maximum - before))
            content.append(contentsOf: chunk.prefix(allowed))
        }
    }

    private mutating func finishChunk(isLast: Bool, rejection: Reply?, into actions: inout [Action]) {
        phase = .command
        if let rejection {
            actions += error(rejection)
            return
        }
        guard var transaction else { return }
        let exceedsSize = configuration.maximumMessageSize.map { transaction.chunkedSize > $0 } ?? false
        if !isLast && !exceedsSize {
            actions.append(.send(Reply(250, EnhancedStatusCode(.success, 0, 0), "\(transaction.chunkedSize) octets received")))
            return
        }
        transaction.inspector.finish()
        self.transaction = transaction
        let inspector = transaction.inspector
        if let rejection = contentRejection(
            exceedsSize: exceedsSize,
            hasBareLineEndings: inspector.bareCarriageReturns + inspector.bareLineFeeds > 0,
            hasOverlongLines: inspector.longestLineLength + 2 > DataDecoder.maximumTextLineLength
        ) {
            self.transaction = nil
            content = []
            actions += error(rejection)
            return
        }
        store(into: &actions)
    }

    // MARK: STARTTLS (RFC 3207)

    private mutating func startTLS(into actions: inout [Action]) {
        if !configuration.isStartTLSAvailable || configuration.isImplicitTLS {
            actions += error(Reply(502, EnhancedStatusCode(.permanentFailure, 5, 1), "STARTTLS not available"))
        } else if isTLS {
            actions += error(Reply(503, EnhancedStatusCode(.permanentFailure, 5, 1), "TLS already active"))
        } else if transaction != nil {
            actions += error(Reply(503, EnhancedStatusCode(.permanentFailure, 5, 1), "STARTTLS not allowed during a mail transaction"))
        } else {
            phase = .awaitingTLS
            commandDecoder.reset()
            actions.append(.send(Reply(220, EnhancedStatusCode(.success, 0, 0), "Ready to start TLS")))
            actions.append(.startTLS)
        }
    }

    // MARK: AUTH (RFC 4954)

    private mutating func authenticate(mechanism: String, initialResponse: [UInt8]?, into actions: inout [Action]) {
        if configuration.authenticationMechanisms.isEmpty {
            actions += error(Reply(502, EnhancedStatusCode(.permanentFailure, 5, 1), "AUTH not available on this port"))
        } else if hello?.isExtended != true {
            actions += error(Reply(503, EnhancedStatusCode(.permanentFailure, 5, 1), "Send EHLO first"))
        } else if configuration.authenticationRequiresTLS && !isTLS {
            actions += error(Reply(538, EnhancedStatusCode(.permanentFailure, 7, 11), "Encryption required for requested authentication mechanism"))
        } else if authenticatedUser != nil {
            actions += error(Reply(503, EnhancedStatusCode(.permanentFailure, 5, 1), "Already authenticated"))
        } else if transaction != nil {
            actions += error(Reply(503, EnhancedStatusCode(.permanentFailure, 5, 1), "AUTH not allowed during a mail transaction"))
        } else if let sasl = SASLMechanism(rawValue: mechanism), configuration.authenticationMechanisms.contains(sasl) {
            switch (sasl, initialResponse) {
            case (.plain, nil):
                phase = .authenticating(.plainResponse)
                actions.append(.send(Reply(334, nil, "")))
            case (.plain, let response?):
                plainResponse(response, into: &actions)
            case (.login, nil):
                phase = .authenticating(.loginUsername)
                actions.append(.send(Reply(334, nil, Base64.encode(Array("Username:".utf8)))))
            case (.login, let response?):
                loginUsername(response, into: &actions)
            }
        } else {
            actions += error(Reply(504, EnhancedStatusCode(.permanentFailure, 5, 4), "Unrecognized authentication mechanism"))
        }
    }

    private mutating func handleAuthenticationResponse(_ line: LineDecoder.Line, step: AuthenticationStep, into actions: inout [Action]) {
        phase = .command
        guard case .line(let bytes) = line else {
            actions += error(Reply(500, EnhancedStatusCode(.permanentFailure, 5, 6), "Authentication Exchange line is too long"))
            return
        }
        if bytes == [0x2A] {
            actions += error(Reply(501, EnhancedStatusCode(.permanentFailure, 7, 0), "Authentication cancelled"))
            return
        }
        guard let decoded = Base64.decode(bytes) else {
            actions += error(Reply(501, EnhancedStatusCode(.permanentFailure, 5, 2), "Invalid base64 in authentication response"))
            return
        }
        switch step {
        case .plainResponse: plainResponse(decoded, into: &actions)
        case .loginUsername: loginUsername(decoded, into: &actions)
        case .loginPassword(let username):
            phase = .awaiting(.authentication)
            actions.append(.authenticate(Credentials(mechanism: .login, username: username, password: decoded)))
        }
    }

    /// RFC 4616 §2: message = [authzid] NUL authcid NUL passwd
    private mutating func plainResponse(_ response: [UInt8], into actions: inout [Action]) {
        let parts = response.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty, !parts[2].contains(0),
            let authorizationID = String(validating: parts[0], as: UTF8.self),
            let username = String(validating: parts[1], as: UTF8.self)
        else {
            actions += error(Reply(501, EnhancedStatusCode(.permanentFailure, 5, 2), "Malformed PLAIN authentication response"))
            return
        }
        guard authorizationID.isEmpty || authorizationID == username else {
            // Acting for another user (proxy authorization) is not offered.
            actions += error(Reply(535, EnhancedStatusCode(.permanentFailure, 7, 8), "Authentication credentials invalid"))
            return
        }
        phase = .awaiting(.authentication)
        actions.append(.authenticate(Credentials(mechanism: .plain, username: username, password: Array(parts[2]))))
    }

    private mutating func loginUsername(_ response: [UInt8], into actions: inout [Action]) {
        guard !response.isEmpty, !response.contains(0), let username = String(validating: response, as: UTF8.self) else {
            actions += error(Reply(501, EnhancedStatusCode(.permanentFailure, 5, 2), "Malformed user name"))
            return
        }
        phase = .authenticating(.loginPassword(username: username))
        actions.append(.send(Reply(334, nil, Base64.encode(Array("Password:".utf8)))))
    }

    // MARK: Errors and closing

    /// Sends an error reply and counts it; past the limit the session ends with 421 4.7.0.
    private mutating func error(_ reply: Reply) -> [Action] {
        errorCount += 1
        guard errorCount >= configuration.maximumErrors else { return [.send(reply)] }
        abandonTransaction()
        return [.send(reply)] + closing(Reply(421, EnhancedStatusCode(.persistentTransientFailure, 7, 0), "\(configuration.hostname) Too many errors, closing connection"))
    }

    private mutating func closing(_ reply: Reply) -> [Action] {
        phase = .closed
        pendingInput = []
        return [.send(reply), .close]
    }

    /// Ends the open transaction and drops the content received for it.
    private mutating func abandonTransaction() {
        transaction = nil
        content = []
        if case .data = phase { phase = .command }
        if case .binaryData = phase { phase = .command }
    }
}
