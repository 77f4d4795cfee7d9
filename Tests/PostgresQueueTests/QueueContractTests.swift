import Foundation
import Logging
import MailQueue
import PostamtTestSupport
import PostgresQueue
import SMTPCore
import Testing

/// The storage contract, run against both backends: whatever the server relies on must
/// hold for SQLite (one machine) and PostgreSQL (several nodes) alike.
@Suite("Queue storage contract, SQLite and PostgreSQL", .serialized)
struct QueueContractTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    struct Stores {
        var messages: any MessageStore & QueueInspection
        var users: any UserStore
        var close: @Sendable () async -> Void
    }

    static func stores(_ backend: Backend, capacity: Int = 100_000) async throws -> Stores {
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let messages = try SQLiteMessageStore(path: directory.appendingPathComponent("queue.sqlite").path, capacity: capacity)
            let users = try SQLiteUserStore(path: directory.appendingPathComponent("users.sqlite").path)
            return Stores(messages: messages, users: users, close: {})
        case .postgres:
            let queue = try await PostgresFixture.openQueue(capacity: capacity)
            return Stores(messages: queue.messages, users: queue.users, close: { await queue.close() })
        }
    }

    static func message(to recipients: [String] = ["bob@far.test"], id: QueueID = QueueID.make(), at time: Double = 1000) -> IncomingMessage {
        let envelopeRecipients = recipients.map {
            Envelope.Recipient(forwardPath: .mailbox(Mailbox($0)!), parameters: RecipientParameters(notify: .conditions([.failure])))
        }
        let envelope = Envelope(
            clientName: "client.test", usedExtendedHello: true, isTLS: true, authenticatedUser: "alice@example.test",
            reversePath: .mailbox(Mailbox("alice@example.test")!), mailParameters: MailParameters(size: 5, body: .eightBitMIME, envelopeID: "env 1"),
            recipients: envelopeRecipients
        )
        return IncomingMessage(
            id: id, envelope: envelope, content: Array("Subject: x\r\n\r\nbody \u{00E4}\r\n".utf8) + [0, 255, 13, 10], receivedAt: time,
            clientAddress: "192.0.2.1",
            deliveries: envelopeRecipients.map { PlannedDelivery(recipient: $0, mailbox: $0.forwardPath.mailbox!, route: .remote) }
        )
    }

    @Test("a stored message comes back exactly: envelope parameters, recipients, content bytes", arguments: Backend.allCases)
    func roundTrip(_ backend: Backend) async throws {
        let stores = try await Self.stores(backend)
        defer { Task { await stores.close() } }
        let incoming = Self.message(to: ["bob@far.test", "carol@far.test"])
        try await stores.messages.store(incoming)
        let claims = try await stores.messages.claimDeliveries(route: .remote, limit: 10, now: 2000, leaseDuration: 60, owner: "node-a")
        #expect(claims.count == 2)
        #expect(claims.first?.mailParameters == incoming.envelope.mailParameters)
        #expect(claims.first?.recipient.parameters.notify == .conditions([.failure]))
        #expect(claims.map(\.attempts) == [1, 1])
        #expect(Set(claims.map(\.mailbox.description)) == ["bob@far.test", "carol@far.test"])
        #expect(try await stores.messages.content(of: incoming.id) == incoming.content)
        #expect(try await stores.messages.claimDeliveries(route: .local, limit: 10, now: 2000, leaseDuration: 60, owner: "node-a").isEmpty)
        // Leased: nobody else gets them until the lease expires, then another node does.
        #expect(try await stores.messages.claimDeliveries(route: .remote, limit: 10, now: 2030, leaseDuration: 60, owner: "node-b").isEmpty)
        let taken = try await stores.messages.claimDeliveries(route: .remote, limit: 10, now: 2061, leaseDuration: 60, owner: "node-b")
        #expect(taken.count == 2)
        #expect(taken.map(\.attempts) == [2, 2])
    }

    @Test("concurrent claimers never get the same recipient", arguments: Backend.allCases)
    func disjointClaims(_ backend: Backend) async throws {
        let stores = try await Self.stores(backend)
        defer { Task { await stores.close() } }
        for index in 0..<20 { try await stores.messages.store(Self.message(to: ["r\(index)a@far.test", "r\(index)b@far.test"])) }
        let store = stores.messages
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for owner in 0..<4 {
                group.addTask {
                    var mine: [Int64] = []
                    while true {
                        let claims = try await store.claimDeliveries(route: .remote, limit: 3, now: 2000, leaseDuration: 600, owner: "node-\(owner)")
                        if claims.isEmpty { return mine }
                        mine += claims.map(\.recipientID)
                    }
                }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        #expect(claimed.count == 40)
        #expect(Set(claimed).count == 40)
    }

    @Test("a renewed lease outlives its first expiry; releasing frees only the named owner's leases", arguments: Backend.allCases)
    func renewAndRelease(_ backend: Backend) async throws {
        let stores = try await Self.stores(backend)
        defer { Task { await stores.close() } }
        try await stores.messages.store(Self.message(to: ["a@far.test", "b@far.test"]))
        try await stores.messages.store(Self.message(to: ["c@far.test"]))
        let first = try await stores.messages.claimDeliveries(route: .remote, limit: 2, now: 2000, leaseDuration: 60, owner: "node-a")
        let second = try await stores.messages.claimDeliveries(route: .remote, limit: 10, now: 2000, leaseDuration: 60, owner: "node-b")
        #expect(first.count == 2 && second.count == 1)

        // node-a is alive and renews; node-b died. At 2070 only node-b's recipient is free.
        #expect(try await stores.messages.renewLeases(owner: "node-a", until: 2100) == 2)
        #expect(try await stores.messages.renewLeases(owner: "nobody", until: 2100) == 0)
        let takenOver = try await stores.messages.claimDeliveries(route: .remote, limit: 10, now: 2070, leaseDuration: 60, owner: "node-c")
        #expect(takenOver.map(\.mailbox.description) == ["c@far.test"])
        #expect(takenOver.first?.attempts == 2)

        // node-a stops and releases its own leases: due at once, for anyone; node-c's stays.
        #expect(try await stores.messages.releaseLeases(owner: "node-a", now: 2075) == 2)
        let resumed = try await stores.messages.claimDeliveries(route: .remote, limit: 10, now: 2075, leaseDuration: 60, owner: "node-d")
        #expect(Set(resumed.map(\.mailbox.description)) == ["a@far.test", "b@far.test"])
        #expect(try await stores.messages.recipientCounts()[.inFlight] == 3)
        #expect(try await stores.messages.releaseLeases(owner: "node-a", now: 2080) == 0)
    }

    @Test("outcomes, attempts, counts and the duplicate-ID and capacity refusals", arguments: Backend.allCases)
    func outcomes(_ backend: Backend) async throws {
        let stores = try await Self.stores(backend, capacity: 3)
        defer { Task { await stores.close() } }
        let first = Self.message(to: ["a@far.test", "b@far.test", "c@far.test"])
        try await stores.messages.store(first)
        await #expect(throws: StorageError.self) { try await stores.messages.store(Self.message(id: first.id)) }
        do {
            try await stores.messages.store(Self.message(id: first.id))
        } catch {
            #expect(error.kind == .duplicateID)
        }
        let claims = try await stores.messages.claimDeliveries(route: .remote, limit: 10, now: 2000, leaseDuration: 60, owner: "n")
        try await stores.messages.recordAttempt(DeliveryAttempt(time: 2000, host: "mx.far.test", address: "192.0.2.25", usedTLS: true, result: "250 2.0.0 ok", transcript: "S: 250"), for: claims[0])
        try await stores.messages.finish(claims[0], outcome: .delivered(detail: "250 2.0.0 ok"), now: 2001)
        try await stores.messages.finish(claims[1], outcome: .deferred(reason: "451 4.3.0 later", retryAt: 9000), now: 2001)
        try await stores.messages.finish(claims[2], outcome: .bounced(reason: "550 5.1.1 no such user"), now: 2001)
        try await stores.messages.markDelayNotified([claims[1]])
        let counts = try await stores.messages.recipientCounts()
        #expect(counts[.delivered] == 1 && counts[.deferred] == 1 && counts[.bounced] == 1)
        #expect(try await stores.messages.messageCount() == 1)
        let attempts = try await stores.messages.attempts(for: first.id)
        #expect(attempts.count == 1)
        #expect(attempts.first?.attempt.address == "192.0.2.25")
        #expect(attempts.first?.attempt.usedTLS == true)
        let again = try await stores.messages.claimDeliveries(route: .remote, limit: 10, now: 9000, leaseDuration: 60, owner: "n")
        #expect(again.count == 1)
        #expect(again.first?.lastResult == "451 4.3.0 later")
        #expect(again.first?.delayNotified == true)

        try await stores.messages.store(Self.message())
        try await stores.messages.store(Self.message())
        do {
            try await stores.messages.store(Self.message())
            Issue.record("a fourth message fit into room for three")
        } catch {
            #expect(error.kind == .queueFull)
        }
    }

    @Test("a delivery's attempts and outcomes recorded together: each as given, a recipient without an outcome stays in flight", arguments: Backend.allCases)
    func recordTogether(_ backend: Backend) async throws {
        let stores = try await Self.stores(backend)
        defer { Task { await stores.close() } }
        let message = Self.message(to: ["a@far.test", "b@far.test", "c@far.test"])
        try await stores.messages.store(message)
        let claims = try await stores.messages.claimDeliveries(route: .remote, limit: 10, now: 2000, leaseDuration: 60, owner: "n")
            .sorted { $0.mailbox.description < $1.mailbox.description }
        let accepted = DeliveryAttempt(time: 2000, host: "mx.far.test", address: "192.0.2.25", usedTLS: true, result: "250 2.0.0 ok", transcript: "S: 250")
        let later = DeliveryAttempt(time: 2000, host: "mx.far.test", address: "192.0.2.25", usedTLS: true, result: "451 4.3.0 later", transcript: "S: 451")
        try await stores.messages.record([
            DeliveryRecord(claim: claims[0], attempt: accepted, outcome: .delivered(detail: "250 2.0.0 ok")),
            DeliveryRecord(claim: claims[1], attempt: later),
            DeliveryRecord(claim: claims[2], outcome: .bounced(reason: "550 5.1.1 no such user")),
        ], now: 2001)
        let counts = try await stores.messages.recipientCounts()
        #expect(counts[.delivered] == 1 && counts[.bounced] == 1 && counts[.inFlight] == 1)
        let attempts = try await stores.messages.attempts(for: message.id)
        #expect(attempts.map(\.mailbox).sorted() == ["a@far.test", "b@far.test"])
        #expect(Set(attempts.map(\.attempt.result)) == ["250 2.0.0 ok", "451 4.3.0 later"])
    }

    @Test("inspection: list by state, hold, release, retry, delete, purge of finished mail", arguments: Backend.allCases)
    func inspection(_ backend: Backend) async throws {
        let stores = try await Self.stores(backend)
        defer { Task { await stores.close() } }
        let waiting = Self.message(at: 1000), done = Self.message(at: 1500)
        try await stores.messages.store(waiting)
        try await stores.messages.store(done)
        for claim in try await stores.messages.claimDeliveries(route: .remote, limit: 10, now: 2000, leaseDuration: 60, owner: "n") {
            if claim.messageID == done.id {
                try await stores.messages.finish(claim, outcome: .delivered(detail: "250 ok"), now: 2000)
            } else {
                try await stores.messages.finish(claim, outcome: .deferred(reason: "451 4.4.1 no answer", retryAt: 5000), now: 2000)
            }
        }
        #expect(try await stores.messages.messages(inStates: [.deferred], limit: 10).map(\.id) == [waiting.id])
        #expect(try await stores.messages.messages(inStates: [], limit: 10).map(\.id) == [done.id, waiting.id])
        let detail = try #require(try await stores.messages.message(waiting.id))
        #expect(detail.sender == "<alice@example.test>")
        #expect(detail.recipients.first?.lastResult == "451 4.4.1 no answer")
        #expect(try await stores.messages.hold(waiting.id, now: 2100) == 1)
        #expect(try await stores.messages.claimDeliveries(route: .remote, limit: 10, now: 6000, leaseDuration: 60, owner: "n").isEmpty)
        #expect(try await stores.messages.release(waiting.id, now: 2200) == 1)
        #expect(try await stores.messages.retry(waiting.id, now: 2300) == 1)
        #expect(try await stores.messages.claimDeliveries(route: .remote, limit: 10, now: 2300, leaseDuration: 60, owner: "n").count == 1)
        #expect(try await stores.messages.purgeFinished(receivedBefore: 3000, limit: 10) == 1)
        #expect(try await stores.messages.message(done.id) == nil)
        #expect(try await stores.messages.delete(waiting.id))
        #expect(try await !stores.messages.delete(waiting.id))
        #expect(try await stores.messages.messages(inStates: [], limit: 10).isEmpty)
    }

    @Test("users: add once, look up without regard to case, change the hash, remove", arguments: Backend.allCases)
    func users(_ backend: Backend) async throws {
        let stores = try await Self.stores(backend)
        defer { Task { await stores.close() } }
        #expect(try await stores.users.addUser(named: "Alice@Example.test", passwordHash: "$y$hash1"))
        #expect(try await !stores.users.addUser(named: "alice@example.test", passwordHash: "$y$hash2"))
        #expect(try await stores.users.user(named: "ALICE@example.test")?.passwordHash == "$y$hash1")
        #expect(try await stores.users.setPasswordHash("$y$hash3", forUserNamed: "alice@example.test"))
        #expect(try await !stores.users.setPasswordHash("$y$x", forUserNamed: "nobody@example.test"))
        #expect(try await stores.users.allUsers().map(\.name) == ["alice@example.test"])
        #expect(try await stores.users.removeUser(named: "alice@example.test"))
        #expect(try await stores.users.user(named: "alice@example.test") == nil)
    }
}
