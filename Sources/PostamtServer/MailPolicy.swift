import Foundation
import LocalDelivery
import Logging
import MailMessage
import MailQueue
import NIOPosix
import PasswordHashing
import SMTPCore
import SMTPServer

/// Postamt's answers to the questions an SMTP session asks: who may send, to whom mail is
/// accepted (never an open relay), whose password is right, and how a message is stored.
final class MailPolicy: SMTPSessionDelegate {
    struct Settings: Sendable {
        var hostname: String
        var trustedNetworks: [IPNetwork]
        /// Whether submission users may use any envelope sender.
        var allowsAnySender: Bool
    }

    private let settings: Settings
    private let aliases: AliasTable
    private let mailboxes: LocalMailboxes
    private let users: any UserStore
    private let store: any MessageStore
    private let throttle: AuthenticationThrottle
    private let logger: Logger
    private let monitor: ServerMonitor
    /// Called after a message is stored with the routes it takes, to wake their workers.
    private let messageStored: @Sendable (_ routes: Set<DeliveryRoute>) -> Void

    init(
        settings: Settings,
        aliases: [String: [String]],
        localDomains: [String],
        users: any UserStore,
        store: any MessageStore,
        throttle: AuthenticationThrottle,
        logger: Logger,
        monitor: ServerMonitor,
        messageStored: @escaping @Sendable (_ routes: Set<DeliveryRoute>) -> Void
    ) {
        self.monitor = monitor
        let mailboxes = LocalMailboxes(users: users)
        self.settings = settings
        self.mailboxes = mailboxes
        self.aliases = AliasTable(aliases: aliases, localDomains: localDomains) { mailboxes.contains($0) }
        self.users = users
        self.store = store
        self.throttle = throttle
        self.logger = logger
        self.messageStored = messageStored
    }

    // MARK: Senders

    func checkSender(_ path: ReversePath, parameters: MailParameters, connection: ConnectionInfo) async -> ServerSession.PolicyDecision {
        try? await mailboxes.refreshIfNeeded()
        return senderDecision(path, connection: connection)
    }

    func immediateSenderDecision(_ path: ReversePath, parameters: MailParameters, connection: ConnectionInfo) -> ServerSession.PolicyDecision? {
        guard checkedSender(path, connection: connection) != nil else { return .accept }
        return mailboxes.isFresh ? senderDecision(path, connection: connection) : nil
    }

    /// The submission user and the sender address they must own; nil when any sender goes
    /// (mail from other servers, no login, `any` sender policy, the null sender).
    private func checkedSender(_ path: ReversePath, connection: ConnectionInfo) -> (user: String, sender: Mailbox)? {
        guard connection.listener != .mx, let user = connection.authenticatedUser, !settings.allowsAnySender,
            let sender = path.mailbox
        else { return nil }
        return (user, sender)
    }

    /// Submission users send as themselves or an alias of theirs; with the mailbox list loaded.
    private func senderDecision(_ path: ReversePath, connection: ConnectionInfo) -> ServerSession.PolicyDecision {
        guard let (user, sender) = checkedSender(path, connection: connection) else { return .accept }
        if owns(user: user, address: sender) { return .accept }
        logger.notice("sender refused", metadata: ["user": "\(user)", "from": "\(path)"])
        let reply = Reply(553, EnhancedStatusCode(.permanentFailure, 7, 1), "Sender address \(path) is not owned by user \(user)")
        monitor.reject(.senderRefused, listener: connection.listener.rawValue, client: connection.clientAddressText, detail: reply.description)
        return .reject(reply)
    }

    /// The user's own address, or an alias whose local mailboxes include the user's.
    private func owns(user: String, address: Mailbox) -> Bool {
        let user = user.lowercased()
        if address.lookupKey == user { return true }
        if case .local(let locals, _) = aliases.resolve(address) {
            return locals.contains { $0.lookupKey == user }
        }
        return false
    }

    // MARK: Recipients

    func checkRecipient(_ path: ForwardPath, parameters: RecipientParameters, connection: ConnectionInfo) async -> ServerSession.PolicyDecision {
        do {
            try await mailboxes.refreshIfNeeded()
        } catch {
            // A reference in the reply and the log, as for a failed store, so that the
            // operator finds the cause from what the sender quotes.
            let reference = QueueID.make().rawValue
            logger.error("user store unavailable", metadata: ["error": "\(error)", "ref": "\(reference)"])
            return .reject(Reply(
                451, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "Temporary failure looking up the recipient, try again later (ref \(reference))"
            ))
        }
        return recipientDecision(path, connection: connection)
    }

    func immediateRecipientDecision(_ path: ForwardPath, parameters: RecipientParameters, connection: ConnectionInfo) -> ServerSession.PolicyDecision? {
        mailboxes.isFresh ? recipientDecision(path, connection: connection) : nil
    }

    /// Local mailboxes and, for those allowed to relay, other domains; with the mailbox list loaded.
    private func recipientDecision(_ path: ForwardPath, connection: ConnectionInfo) -> ServerSession.PolicyDecision {
        switch aliases.resolve(path) {
        case .local:
            return .accept
        case .unknown:
            let reply = Reply(550, EnhancedStatusCode(.permanentFailure, 1, 1), "Mailbox \(path) does not exist")
            monitor.reject(.unknownRecipient, listener: connection.listener.rawValue, client: connection.clientAddressText, detail: reply.description)
            return .reject(reply)
        case .notLocal:
            if mayRelay(connection) { return .accept }
            logger.notice("relay denied", metadata: ["client": "\(connection.clientAddressText)", "to": "\(path)"])
            let reply = Reply(554, EnhancedStatusCode(.permanentFailure, 7, 1), "Relaying denied: \(path) is not a local address")
            monitor.reject(.relayDenied, listener: connection.listener.rawValue, client: connection.clientAddressText, detail: reply.description)
            return .reject(reply)
        }
    }

    /// Authenticated users and trusted networks may send to other domains; nobody else.
    private func mayRelay(_ connection: ConnectionInfo) -> Bool {
        if connection.authenticatedUser != nil { return true }
        guard let client = connection.clientAddress else { return false }
        return settings.trustedNetworks.contains { $0.contains(client) }
    }

    /// Whether `mailbox` is still a final local mailbox: a user, or a name the alias table
    /// resolves to itself (postmaster, catch-all targets).
    func isLocalMailbox(_ mailbox: Mailbox) async -> Bool {
        try? await mailboxes.refreshIfNeeded()
        guard case .local(let locals, _) = aliases.resolve(mailbox) else { return false }
        return locals.contains(mailbox)
    }

    /// Queues a message this server wrote itself (a bounce), from the null sender.
    func enqueueGenerated(to recipient: Mailbox, content: [UInt8]) async {
        try? await mailboxes.refreshIfNeeded()
        let envelopeRecipient = Envelope.Recipient(forwardPath: .mailbox(recipient))
        guard let deliveries = aliases.deliveries(for: envelopeRecipient) else {
            logger.warning("bounce not sent: no such local mailbox", metadata: ["to": "\(recipient)"])
            return
        }
        let envelope = Envelope(
            clientName: settings.hostname, usedExtendedHello: true, isTLS: false, authenticatedUser: nil,
            reversePath: .null, mailParameters: MailParameters(), recipients: [envelopeRecipient]
        )
        let message = IncomingMessage(
            id: QueueID.make(), envelope: envelope, content: content, receivedAt: Date().timeIntervalSince1970,
            clientAddress: "127.0.0.1", deliveries: deliveries
        )
        do {
            try await store.store(message)
            messageStored(Set(deliveries.map(\.route)))
        } catch {
            logger.error("queueing a bounce failed", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Authentication

    func authenticate(_ credentials: Credentials, connection: ConnectionInfo) async -> ServerSession.AuthenticationResult {
        switch throttle.verdict(for: connection.clientAddress) {
        case .refuse:
            logger.warning("auth refused: too many failures", metadata: ["client": "\(connection.clientAddressText)"])
            monitor.reject(.authentication, listener: connection.listener.rawValue, client: connection.clientAddressText,
                           detail: "too many failed logins; refused for a while (user \(credentials.username))")
            return .tooManyFailures
        case .proceed(let delay):
            if delay > .zero { try? await Task.sleep(for: delay) }
        }
        let record: UserRecord?
        do {
            record = try await users.user(named: credentials.username)
        } catch {
            logger.error("user store unavailable", metadata: ["error": "\(error)"])
            return .temporaryFailure
        }
        // The hash is checked even for unknown users, so timing does not tell which exist.
        let hash = record?.passwordHash ?? Self.unknownUserHash
        let password = credentials.password
        let matches = (try? await NIOThreadPool.singleton.runIfActive { PasswordHasher.verify(password, against: hash) }) ?? false
        if let record, matches {
            throttle.recordSuccess(for: connection.clientAddress)
            return .success(user: record.name)
        }
        throttle.recordFailure(for: connection.clientAddress)
        monitor.reject(.authentication, listener: connection.listener.rawValue, client: connection.clientAddressText,
                       detail: "535 5.7.8 wrong user name or password (user \(credentials.username))")
        return .invalidCredentials
    }

    private static let unknownUserHash: String = (try? PasswordHasher.hash(Array("postamt-unknown-user".utf8))) ?? "*"

    // MARK: Storage

    func store(_ envelope: Envelope, content: [UInt8], connection: ConnectionInfo) async -> ServerSession.StorageResult {
        await withCheckedContinuation { continuation in
            store(envelope, content: content, connection: connection) { continuation.resume(returning: $0) }
        }
    }

    /// Stores without a task: the message goes from the session's event loop to the commit
    /// thread, and the answer straight back. The aliases are expanded with the list of
    /// mailboxes as the recipients' RCPT commands left it (read then if it was due), not
    /// read again: with the database away, a second read would add its whole timeout to
    /// the store's before the client hears 451.
    func store(_ envelope: Envelope, content: [UInt8], connection: ConnectionInfo, completion: @escaping @Sendable (ServerSession.StorageResult) -> Void) {
        store(envelope, content: content, connection: connection, at: Date(), attempt: 1, completion: completion)
    }

    private func store(
        _ envelope: Envelope, content: [UInt8], connection: ConnectionInfo, at now: Date, attempt: Int,
        completion: @escaping @Sendable (ServerSession.StorageResult) -> Void
    ) {
        var deliveries = [PlannedDelivery]()
        for recipient in envelope.recipients {
            // A recipient accepted at RCPT but gone since (an alias or user removed
            // meanwhile) stays on the local route, where delivery fails and bounces it.
            deliveries += aliases.deliveries(for: recipient)
                ?? recipient.forwardPath.mailbox.map { [PlannedDelivery(recipient: recipient, mailbox: $0, route: .local)] } ?? []
        }
        let id = QueueID.make()
        let received = ReceivedHeader(
            envelope: envelope,
            clientAddress: connection.clientAddress,
            serverHostName: settings.hostname,
            tls: connection.tlsVersion.map { ReceivedHeader.TLSDetails(version: $0, cipher: "") },
            queueID: id.rawValue,
            date: now
        )
        var stored = [UInt8]()
        // The field is rarely longer than three lines; a longer one grows the array once.
        stored.reserveCapacity(256 + content.count)
        received.appendField(to: &stored)
        stored.append(contentsOf: content)
        let message = IncomingMessage(
            id: id,
            envelope: envelope,
            content: stored,
            receivedAt: now.timeIntervalSince1970,
            clientAddress: connection.clientAddressText,
            deliveries: deliveries
        )
        let routes = Set(deliveries.map(\.route))
        store.store(message) { [self] result in
            switch result {
            case .success:
                monitor.messageAccepted(listener: connection.listener.rawValue)
                // The client's 250 first; the workers read the message from the queue.
                completion(.stored(queueID: id.rawValue))
                messageStored(routes)
            case .failure(let error) where error.kind == .duplicateID && attempt < 5:
                // A queue ID another process made in the same millisecond is taken: take a new one.
                logger.notice("queue ID taken, taking another", metadata: ["queue": "\(id)"])
                store(envelope, content: content, connection: connection, at: now, attempt: attempt + 1, completion: completion)
            case .failure(let error):
                logger.error("storing failed", metadata: ["queue": "\(id)", "error": "\(error)"])
                let reply = error.reply(reference: id.rawValue)
                monitor.reject(.storage, listener: connection.listener.rawValue, client: connection.clientAddressText, detail: reply.description)
                completion(.failed(reply))
            }
        }
    }
}
