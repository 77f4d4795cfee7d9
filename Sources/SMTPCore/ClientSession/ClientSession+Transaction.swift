extension ClientSession {
    /// One message on its way: the commands as sent and the replies so far.
    struct Transaction: Sendable {
        var message: OutgoingMessage
        var content: Content
        var isPipelined: Bool
        /// RSET before MAIL: sent behind another message's chunk, whose server state RFC
        /// 3030 does not define when that chunk is refused, so the server starts clean.
        var resetsFirst = false
        var mailReply: Reply?
        var recipientReplies: [Reply?]
        var dataReply: Reply?
        var finalReply: Reply?
        var isContentSent = false

        /// How the content goes to the server.
        enum Content: Sendable {
            /// After DATA's 354, dot-stuffed.
            case data(DataEncoder.Encoded)
            /// As one `BDAT LAST` chunk (RFC 3030), when the server offers CHUNKING.
            case chunk([UInt8])
        }

        /// The chunk, when the content goes as one.
        var chunk: [UInt8]? {
            if case .chunk(let bytes) = content { bytes } else { nil }
        }

        /// The size SIZE= announces (RFC 1870 §3): the content with its line endings
        /// normalised, without stuffed dots.
        var size: UInt64 {
            switch content {
            case .data(let encoded): encoded.messageSize
            case .chunk(let bytes): UInt64(bytes.count)
            }
        }

        /// MAIL, and with pipelining every RCPT and DATA or BDAT, written together (RFC 2920
        /// §3.1, RFC 3030 §4.2).
        var firstCommands: [Command] {
            let mail = Command.mail(message.reversePath, message.mailParameters)
            guard isPipelined else { return [mail] }
            var commands = [Command]()
            commands.reserveCapacity(message.recipients.count + 3)
            if resetsFirst { commands.append(.reset) }
            commands.append(mail)
            for recipient in message.recipients { commands.append(.recipient(recipient.forwardPath, recipient.parameters)) }
            if chunk == nil {
                commands.append(.data)
            } else if sendsContentFirst {
                commands.append(contentCommand)
            }
            return commands
        }

        /// DATA, or BDAT with the size of the one chunk.
        var contentCommand: Command {
            chunk.map { .binaryData(size: UInt64($0.count), isLast: true) } ?? .data
        }

        /// Whether the content leaves with the first commands: a BDAT chunk needs no 354,
        /// so with pipelining it follows its command in the same write. Not a large one: it
        /// waits for the RCPT replies, so that a message nobody takes does not cost its
        /// transfer, which for such a size takes longer than the round trip saved.
        var sendsContentFirst: Bool {
            guard isPipelined, let chunk else { return false }
            return chunk.count <= ClientSession.largestPipelinedChunk
        }

        /// The transcript lines of the first write, kept by ``makeOpening()`` for a message
        /// whose dialogue is recorded later (one pipelined behind another's content).
        var openingLines: [String] = []

        /// What the first write holds (the first commands, and the chunk when it goes with
        /// them) and the replies due once it is written: one per command, in order (RFC
        /// 2920 §3.1); BDAT's is the reply to the content. Built in one pass over
        /// ``firstCommands``, whose lines also become ``openingLines``.
        mutating func makeOpening() -> (bytes: [UInt8], expectations: [Expectation]) {
            let commands = firstCommands
            var lines = commands.map(\.line)
            let chunkFirst = sendsContentFirst ? chunk : nil
            var bytes = [UInt8]()
            bytes.reserveCapacity(lines.reduce(chunkFirst?.count ?? 0) { $0 + $1.utf8.count + 2 })
            for line in lines {
                bytes += line.utf8
                bytes.append(ASCII.cr)
                bytes.append(ASCII.lf)
            }
            if let chunkFirst {
                bytes += chunkFirst
                lines.append(contentLine)
            }
            openingLines = lines
            var recipient = 0
            let expectations = commands.compactMap { command -> Expectation? in
                switch command {
                case .reset: return .reset
                case .mail: return .mail
                case .recipient:
                    defer { recipient += 1 }
                    return .recipient(recipient)
                case .data: return .data
                case .binaryData: return .endOfData
                default: return nil
                }
            }
            return (bytes, expectations)
        }

        var contentLine: String { "<message content, \(size) octets>" }

        var isMailAccepted: Bool { mailReply?.code.kind == .positiveCompletion }

        var hasAcceptedRecipient: Bool {
            isMailAccepted && recipientReplies.contains { $0?.code.kind == .positiveCompletion }
        }

        /// Each recipient's fate: the first negative reply that concerned it, else the
        /// final reply, else `interruption` (the session ended before it was decided).
        func result(interruption: (reply: Reply, stage: Stage)?) -> MessageResult {
            let results = message.recipients.indices.map { index -> RecipientResult in
                let recipient = message.recipients[index]
                // With pipelining, RCPTs after a refused MAIL get 503: the MAIL reply says why.
                if let mailReply, mailReply.code.kind != .positiveCompletion {
                    return RecipientResult(recipient: recipient, reply: mailReply, stage: .mail)
                }
                if let reply = recipientReplies[index], reply.code.kind != .positiveCompletion {
                    return RecipientResult(recipient: recipient, reply: reply, stage: .recipient)
                }
                if let dataReply, dataReply.code.kind != .positiveIntermediate {
                    return RecipientResult(recipient: recipient, reply: dataReply, stage: .data)
                }
                if let finalReply {
                    return RecipientResult(recipient: recipient, reply: finalReply, stage: .endOfData)
                }
                let (reply, stage) = interruption ?? ClientSession.synthesizedInterruption(.connectionClosed)
                return RecipientResult(recipient: recipient, reply: reply, stage: stage)
            }
            return MessageResult(recipientResults: results, finalReply: finalReply, isContentSent: isContentSent)
        }
    }

    /// Sends a message on this connection, as often as there are messages for this server
    /// (connection reuse, RFC 5321 §3.3). The outcome comes as
    /// ``Action/messageResult(_:)``; results come in the order the messages were given.
    ///
    /// When ``isReadyForMessage`` the message goes out at once. While another message is
    /// in progress (``acceptsMessages``) it waits its turn: with PIPELINING its MAIL, RCPT
    /// and DATA go out in the same write as the content of the message before (RFC 2920
    /// §3.1 allows the content to start a group), so a run of messages costs one write and
    /// one read each; without, it starts after the result before it. Called at any other
    /// time (before the greeting, after QUIT was sent, closed), nothing is sent and every
    /// recipient gets a synthesised transient `451 4.3.0`, so the message is retried rather
    /// than lost.
    ///
    /// The envelope is adapted to what the server announced:
    /// - SIZE=n (RFC 1870 §3) is set to the size of the content as sent (line endings
    ///   normalised, without dot-stuffing) when the server offers SIZE, and left out
    ///   otherwise, whatever ``OutgoingMessage/mailParameters`` says;
    /// - BODY= is passed through when the server offers 8BITMIME, and left out otherwise
    ///   (the content is 7-bit then, see below);
    /// - SMTPUTF8 is sent when the message needs it (the parameter was set, or an address
    ///   is not ASCII: RFC 6531 §3.4 requires it then);
    /// - RET, ENVID, NOTIFY and ORCPT are passed only when the server offers DSN (RFC 3461
    ///   §4); without DSN the delivery layer is responsible for notifications;
    /// - AUTH= (RFC 4954 §5) is passed only when the server offers AUTH.
    ///
    /// Some messages cannot be sent as the server announced itself. They are not sent at
    /// all, and every recipient gets a reply the client synthesises
    /// (``RecipientResult/isSynthesized``, ``Stage/local``):
    /// - `553 5.6.7` when the message needs SMTPUTF8 and the server lacks it: RFC 6531 §3.5
    ///   says such a message must be rejected (bounced), not downgraded;
    /// - `554 5.6.3` when the content has 8-bit octets and the server lacks 8BITMIME, or
    ///   BODY=BINARYMIME is asked for (this client does not send binary content).
    ///   Converting to quoted-printable or base64 (RFC 6152 §3's alternative) would
    ///   rewrite the MIME structure and break DKIM signatures; a clear bounce is better
    ///   than a silently altered message, and servers without 8BITMIME are rare;
    /// - `552 5.3.4` when the server's SIZE limit is below the message size: sending it
    ///   would only be refused after the whole transfer (RFC 1870 §6).
    ///
    /// With PIPELINING (and ``Configuration/usePipelining``) MAIL, every RCPT and DATA go
    /// in one write and the replies are matched in order (RFC 2920 §3.1); otherwise one
    /// command waits for the reply to the one before. The content is sent only after 354
    /// and only if at least one recipient was accepted. After a failed transaction RSET is
    /// sent, and the result comes once it is answered.
    ///
    /// When the server offers CHUNKING (and ``Configuration/useChunking``), the content goes
    /// as one `BDAT <size> LAST` chunk instead of DATA (RFC 3030): with pipelining right
    /// behind the commands, in the same write, so a message costs one round trip, and a
    /// message given meanwhile goes out whole behind it, starting with RSET. A chunk's
    /// refusal ends the message; RSET follows before the next one.
    public mutating func send(_ message: OutgoingMessage) -> [Action] {
        var actions = [Action]()
        if isReadyForMessage {
            start(message, into: &actions)
        } else if acceptsMessages || (phase == .established && messagesInProgress > 0) {
            // While QUIT waits for messages in progress, a result given now would overtake
            // theirs: this one goes out before QUIT too.
            queuedMessages.append(message)
            // Once the content before is on its way the commands need not wait for its reply.
            startFollowingMessage(into: &actions)
        } else {
            // Not sent on this connection: transient, so the message is tried again.
            let reply = Reply(451, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "Not sent: the SMTP session was not ready for a message")
            give(Self.refusingAll(message, with: reply), startingAt: transcriptPosition, into: &actions)
        }
        return actions
    }

    /// Starts `message` as the current transaction, or gives its result at once when it
    /// cannot be sent to this server.
    private mutating func start(_ message: OutgoingMessage, into actions: inout [Action]) {
        noteMessageStart()
        switch makeTransaction(for: message) {
        case .success(var transaction):
            let opening = transaction.makeOpening()
            for line in transaction.openingLines { record(.client, line) }
            actions.append(.send(opening.bytes))
            transaction.isContentSent = transaction.sendsContentFirst
            self.transaction = transaction
            pending = opening.expectations
        case .failure(let unsent):
            if let refusal = unsent.refusal { record(.note, "not sent: \(refusal)") }
            give(unsent.result, into: &actions)
        }
    }

    /// Why a message is not sent at all, and the result it gets.
    struct UnsentMessage: Error {
        var result: MessageResult
        var refusal: Reply?
    }

    /// The transaction for `message` as this server will get it, or the result it gets
    /// when it cannot be sent here.
    private func makeTransaction(for message: OutgoingMessage) -> Result<Transaction, UnsentMessage> {
        guard !message.recipients.isEmpty else {
            return .failure(UnsentMessage(result: MessageResult(recipientResults: [], finalReply: nil), refusal: nil))
        }
        let content: Transaction.Content = configuration.useChunking && serverExtensions.chunking
            ? .chunk(DataEncoder.chunk(message.content)) : .data(DataEncoder.encode(message.content))
        var transaction = Transaction(
            message: message,
            content: content,
            isPipelined: configuration.usePipelining && serverExtensions.pipelining,
            recipientReplies: Array(repeating: nil, count: message.recipients.count)
        )
        if let refusal = refusal(for: message, size: transaction.size) {
            return .failure(UnsentMessage(result: Self.refusingAll(message, with: refusal), refusal: refusal))
        }
        let parameters = mailParameters(for: message, size: transaction.size)
        transaction.message.mailParameters = parameters
        if !serverExtensions.dsn {
            for index in transaction.message.recipients.indices {
                transaction.message.recipients[index].parameters = RecipientParameters()
            }
        }
        return .success(transaction)
    }

    /// Sends queued messages' first commands behind the content just sent, as
    /// ``followingTransactions``: only with pipelining, and only when it will really be
    /// sent, since a result given at once would come before the result of the message
    /// still in progress (such a message waits for ``afterTransaction(into:)``). Behind a
    /// BDAT chunk the next message goes out whole, and the one after it can follow too;
    /// behind DATA's commands nothing follows until their 354.
    private mutating func startFollowingMessage(into actions: inout [Action]) {
        while let last = followingTransactions.last ?? transaction, last.isContentSent,
              let next = queuedMessages.first,
              configuration.usePipelining, serverExtensions.pipelining,
              case .success(var following) = makeTransaction(for: next)
        {
            queuedMessages.removeFirst()
            following.resetsFirst = last.chunk != nil
            // Not recorded yet: the lines come after the result before (recordLines(of:)).
            let opening = following.makeOpening()
            actions.append(.send(opening.bytes))
            following.isContentSent = following.sendsContentFirst
            followingTransactions.append(following)
            pending += opening.expectations
        }
    }

    /// Why the message cannot be sent to this server, as the reply every recipient gets.
    private func refusal(for message: OutgoingMessage, size: UInt64) -> Reply? {
        if message.needsSMTPUTF8 && !serverExtensions.smtpUTF8 {
            return Reply(553, EnhancedStatusCode(.permanentFailure, 6, 7), "Not sent: the message needs SMTPUTF8 and the server does not offer it (RFC 6531 3.5)")
        }
        if message.mailParameters.body == .binaryMIME {
            return Reply(554, EnhancedStatusCode(.permanentFailure, 6, 3), "Not sent: BODY=BINARYMIME is not supported by this client; conversion required but not supported")
        }
        // The server's answer first: most offer 8BITMIME, and then the content needs no scan.
        if !serverExtensions.eightBitMIME && message.hasEightBitContent {
            return Reply(554, EnhancedStatusCode(.permanentFailure, 6, 3), "Not sent: the message has 8-bit content and the server does not offer 8BITMIME; conversion required but not supported")
        }
        if let maximum = serverExtensions.maximumMessageSize, size > maximum {
            return Reply(552, EnhancedStatusCode(.permanentFailure, 3, 4), "Not sent: the message size \(size) exceeds the server's fixed maximum message size of \(maximum) octets (EHLO SIZE)")
        }
        return nil
    }

    private func mailParameters(for message: OutgoingMessage, size: UInt64) -> MailParameters {
        var parameters = message.mailParameters
        parameters.size = serverExtensions.offersSize ? size : nil
        if !serverExtensions.eightBitMIME { parameters.body = nil }
        parameters.smtpUTF8 = message.needsSMTPUTF8
        if !serverExtensions.dsn {
            parameters.dsnReturn = nil
            parameters.envelopeID = nil
        }
        if !serverExtensions.offersAuthentication { parameters.authenticatedSubmitter = nil }
        return parameters
    }

    static func refusingAll(_ message: OutgoingMessage, with reply: Reply) -> MessageResult {
        MessageResult(
            recipientResults: message.recipients.map { RecipientResult(recipient: $0, reply: reply, stage: .local) },
            finalReply: nil
        )
    }

    mutating func transactionReplied(_ reply: Reply, to expectation: Expectation, into actions: inout [Action]) {
        guard var transaction else {
            if expectation == .reset { resetReplied(reply, into: &actions) }
            return
        }
        switch expectation {
        case .mail:
            transaction.mailReply = reply
            self.transaction = transaction
            guard !transaction.isPipelined else { return }
            if transaction.isMailAccepted {
                sendRecipient(0, of: transaction, into: &actions)
            } else {
                transactionFailed(transaction, into: &actions)
            }
        case .recipient(let index):
            transaction.recipientReplies[index] = reply
            self.transaction = transaction
            let isLast = index + 1 == transaction.message.recipients.count
            // Pipelined, only a chunk held back for the RCPT replies has anything to do.
            guard !transaction.isPipelined || (isLast && transaction.chunk != nil && !transaction.isContentSent) else { return }
            if !isLast {
                sendRecipient(index + 1, of: transaction, into: &actions)
            } else if transaction.hasAcceptedRecipient, let chunk = transaction.chunk {
                write(transaction.contentCommand, into: &actions)
                record(.client, transaction.contentLine)
                actions.append(.send(chunk))
                self.transaction?.isContentSent = true
                pending = [.endOfData]
                startFollowingMessage(into: &actions)
            } else if transaction.hasAcceptedRecipient {
                write(.data, into: &actions)
                pending = [.data]
            } else {
                transactionFailed(transaction, into: &actions)
            }
        case .data:
            transaction.dataReply = reply
            self.transaction = transaction
            guard reply.code.kind == .positiveIntermediate else {
                transactionFailed(transaction, into: &actions)
                return
            }
            if transaction.hasAcceptedRecipient, case .data(let data) = transaction.content {
                record(.client, transaction.contentLine)
                record(.client, ".")
                actions.append(.send(data.body))
                actions.append(.send(DataEncoder.Encoded.terminator))
                self.transaction?.isContentSent = true
                pending = [.endOfData]
                startFollowingMessage(into: &actions)
            } else {
                // RFC 2920 §3.1: DATA was pipelined and accepted although no recipient
                // was; the client must not send content, and ends the data at once.
                record(.client, ".")
                actions.append(.send([ASCII.dot, ASCII.cr, ASCII.lf]))
                pending = [.emptyData]
            }
        case .endOfData:
            if transaction.chunk != nil, !transaction.hasAcceptedRecipient {
                // The chunk went out before the RCPT replies came; with none accepted its
                // refusal is about no one's message, as DATA's would have been.
                transaction.dataReply = reply
            } else {
                transaction.finalReply = reply
            }
            if transaction.chunk != nil, reply.code.kind != .positiveCompletion, followingTransactions.isEmpty {
                // What a server holds after refusing a chunk RFC 3030 leaves open: RSET
                // clears it before the next message (one pipelined behind resets first).
                transactionFailed(transaction, into: &actions)
            } else {
                transactionFinished(transaction.result(interruption: nil), into: &actions)
            }
        case .emptyData:
            // Every recipient was refused before; this reply is about no one's message.
            transactionFinished(transaction.result(interruption: nil), into: &actions)
        case .reset:
            // The RSET before a message pipelined behind a chunk (Transaction.resetsFirst).
            if reply.code.kind != .positiveCompletion {
                abort(.protocolError("RSET refused: \(reply)"), into: &actions)
            }
        default:
            break
        }
    }

    private mutating func sendRecipient(_ index: Int, of transaction: Transaction, into actions: inout [Action]) {
        let recipient = transaction.message.recipients[index]
        write(.recipient(recipient.forwardPath, recipient.parameters), into: &actions)
        pending = [.recipient(index)]
    }

    /// The transaction ended before the content was accepted: RSET clears whatever the
    /// server still holds (RFC 5321 §4.1.1.5) before the next message.
    private mutating func transactionFailed(_ transaction: Transaction, into actions: inout [Action]) {
        resultAwaitingReset = transaction.result(interruption: nil)
        self.transaction = nil
        write(.reset, into: &actions)
        pending = [.reset]
    }

    private mutating func resetReplied(_ reply: Reply, into actions: inout [Action]) {
        if let result = resultAwaitingReset { give(result, into: &actions) }
        resultAwaitingReset = nil
        guard reply.code.kind == .positiveCompletion else {
            // RFC 5321 §4.1.1.5: RSET must be answered with 250. A server that refuses it
            // cannot be trusted with another transaction on this connection.
            fail(.protocolError("RSET refused: \(reply)"), into: &actions)
            return
        }
        afterTransaction(into: &actions)
    }

    /// The final reply came: the transaction is over whatever it said (RFC 5321 §4.1.1.4),
    /// so no RSET is needed.
    private mutating func transactionFinished(_ result: MessageResult, into actions: inout [Action]) {
        give(result, into: &actions)
        transaction = followingTransactions.isEmpty ? nil : followingTransactions.removeFirst()
        if let transaction { recordLines(of: transaction) }
        afterTransaction(into: &actions)
    }

    /// Starts the next queued message unless one is already under way; QUIT once there is
    /// none.
    private mutating func afterTransaction(into actions: inout [Action]) {
        while transaction == nil, !queuedMessages.isEmpty {
            start(queuedMessages.removeFirst(), into: &actions)
        }
        // A chunk already sent with its commands: the next messages can follow at once.
        startFollowingMessage(into: &actions)
        if quitRequested, transaction == nil { sendQuit(into: &actions) }
    }
}
