// libFuzzer entry point for SMTPCore. Compiled together with SMTPCore's sources into one
// module by scripts/fuzz, so the targets can check internal invariants as well as crashes.
// The target is chosen with POSTAMT_FUZZ_TARGET: command, reply, data, session or client.

#if canImport(Glibc)
import Glibc
#endif

private enum FuzzTarget: String {
    case command, reply, data, session, client

    static let selected: FuzzTarget = {
        guard let name = getenv("POSTAMT_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name) else {
            fatalError("set POSTAMT_FUZZ_TARGET to command, reply, data, session or client")
        }
        return target
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    switch FuzzTarget.selected {
    case .command: fuzzCommandParser(bytes)
    case .reply: fuzzReplyParser(bytes)
    case .data: fuzzDataDecoder(bytes)
    case .session: fuzzSession(bytes)
    case .client: fuzzClientSession(bytes)
    }
    return 0
}

/// Any line either parses or gives an error reply; what parses survives a round trip.
private func fuzzCommandParser(_ bytes: [UInt8]) {
    let line = bytes.filter { $0 != 0x0A }
    switch CommandParser.parse(line) {
    case .success(let command):
        let again = CommandParser.parse(Array(command.line.utf8))
        check(again == .success(command), "round trip failed for \(command.line)")
    case .failure(let error):
        check(error.reply.code.kind == .permanentNegative, "parse errors are 5xx")
    }
}

/// Parsed replies survive a round trip through the serializer.
private func fuzzReplyParser(_ bytes: [UInt8]) {
    var parser = ReplyParser(maximumLines: 50)
    var decoder = LineDecoder(maximumLineLength: 4096)
    var input = bytes[...]
    while !input.isEmpty, let line = decoder.decodeLine(&input) {
        guard case .line(let text) = line else { continue }
        guard let reply = try? parser.parse(line: text) else { continue }
        var again = ReplyParser()
        var reparsed: Reply?
        var wire = reply.encoded[...]
        var lines = LineDecoder(maximumLineLength: 1 << 20)
        while let next = lines.decodeLine(&wire) {
            if case .line(let bytes) = next { reparsed = try! again.parse(line: bytes) }
        }
        check(reparsed == reply, "reply round trip failed: \(reply.code) \(String(describing: reply.enhancedCode)) \(reply.lines) vs \(String(describing: reparsed))")
    }
}

/// Decoding in one piece and byte by byte gives the same content and outcome.
private func fuzzDataDecoder(_ bytes: [UInt8]) {
    for policy in BareLineEndingPolicy.allCases {
        var whole = DataDecoder(maximumSize: 4096, bareLineEndingPolicy: policy)
        var wholeContent = [UInt8]()
        var wholeInput = bytes[...]
        let wholeOutcome = whole.decode(&wholeInput, into: &wholeContent)

        var split = DataDecoder(maximumSize: 4096, bareLineEndingPolicy: policy)
        var splitContent = [UInt8]()
        var splitOutcome: DataDecoder.Outcome?
        var consumed = 0
        for byte in bytes where splitOutcome == nil {
            var one = [byte][...]
            splitOutcome = split.decode(&one, into: &splitContent)
            consumed += 1
        }
        check(wholeOutcome == splitOutcome && wholeContent == splitContent, "chunking changed the result")
        check(wholeContent.count <= 4096, "content beyond the size limit")
        if wholeOutcome != nil {
            check(wholeInput.count == bytes.count - consumed, "pipelined rest differs")
        }
    }
}

/// A session fed arbitrary bytes never traps, and gives the same actions however the
/// bytes are split.
private func fuzzSession(_ bytes: [UInt8]) {
    func run(_ chunks: [ArraySlice<UInt8>]) -> [ServerSession.Action] {
        var session = ServerSession(configuration: .init(
            hostname: "fuzz.test", maximumMessageSize: 2048, maximumErrors: 50, isStartTLSAvailable: true,
            authenticationMechanisms: [.plain, .login], authenticationRequiresTLS: false
        ))
        var log = session.start()
        var queue = [ServerSession.Action]()
        func answer(_ actions: [ServerSession.Action]) {
            queue.append(contentsOf: actions)
            while !queue.isEmpty {
                let action = queue.removeFirst()
                log.append(action)
                switch action {
                case .checkSender: queue.append(contentsOf: session.senderChecked(.accept))
                case .checkRecipient(let path, _):
                    queue.append(contentsOf: session.recipientChecked(path.mailbox?.localPart == "x" ? .reject(Reply(550, nil, "no")) : .accept))
                case .authenticate(let credentials):
                    queue.append(contentsOf: session.authenticationFinished(credentials.username == "a" ? .success(user: "a") : .invalidCredentials))
                case .storeMessage: queue.append(contentsOf: session.messageStored(.stored(queueID: "F")))
                case .startTLS: queue.append(contentsOf: session.tlsEstablished())
                default: break
                }
            }
        }
        for chunk in chunks { answer(session.receive(chunk)) }
        // Content comes whole with storeMessage, however many reads it took.
        return log
    }
    let whole = run([bytes[...]])
    let half = bytes.count / 2
    let split = run([bytes[..<half], bytes[half...]])
    // STARTTLS discards the rest of a read, so splitting may legitimately differ after it.
    if !whole.contains(.startTLS) {
        check(whole == split, "splitting the input changed the session's actions")
    }
}

/// Like `precondition`, but the message survives optimised builds, so a crash report says
/// which invariant broke.
private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// The client against arbitrary server bytes: the first byte chooses the configuration and
/// when messages, TLS and QUIT happen; NUL separates server turns. Checks: the same actions
/// whole or byte by byte, exactly one result per message, nothing written after close.
private func fuzzClientSession(_ bytes: [UInt8]) {
    guard let control = bytes.first else { return }
    let turns = Array(bytes.dropFirst()).split(separator: 0, omittingEmptySubsequences: false)
    let whole = runClient(control: control, turns: turns.map { [$0] })
    let single = runClient(control: control, turns: turns.map { turn in turn.indices.map { turn[$0...$0] } })
    check(whole == single, "chunking changes the client's actions")
}

private func runClient(control: UInt8, turns: [[ArraySlice<UInt8>]]) -> [ClientSession.Action] {
    let policies: [ClientSession.TLSPolicy] = [.none, .opportunistic, .required, .implicit]
    let credentials = control & 4 != 0 ? Credentials(mechanism: .plain, username: "u", password: [0x70]) : nil
    var session = ClientSession(configuration: .init(
        clientName: "c.test", tlsPolicy: policies[Int(control & 3)], credentials: credentials,
        allowPlaintextAuthentication: control & 8 != 0, usePipelining: control & 16 != 0))
    let message = OutgoingMessage(
        reversePath: .mailbox(Mailbox("a@b.test")!),
        recipients: [Envelope.Recipient(forwardPath: .mailbox(Mailbox("c@d.test")!)), Envelope.Recipient(forwardPath: .postmaster)],
        content: Array("Subject: x\r\n\r\n.body\n".utf8))
    var all = [ClientSession.Action]()
    var sent = 0
    var closed = false
    func take(_ actions: [ClientSession.Action]) {
        for action in actions {
            if closed, case .send = action { fatalError("wrote after close") }
            if case .close = action { closed = true }
            all.append(action)
        }
    }
    for turn in turns {
        for chunk in turn { take(session.receive(chunk)) }
        if all.contains(.startTLS) && !session.isTLSActive { take(session.tlsEstablished()) }
        if session.isReadyForMessage {
            if sent < 2 || control & 32 != 0 && sent < 4 {
                sent += 1
                take(session.send(message))
            } else {
                take(session.quit())
            }
        }
    }
    take(session.connectionClosed())
    let results = all.filter { if case .messageResult = $0 { true } else { false } }.count
    if results != sent { fatalError("\(sent) messages, \(results) results") }
    return all
}
