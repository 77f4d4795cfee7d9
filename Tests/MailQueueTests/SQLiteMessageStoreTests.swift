import Foundation
import Testing

@testable import MailQueue
@testable import SMTPCore

@Suite("The SQLite queue: durable store, leases, outcomes, inspection")
struct SQLiteMessageStoreTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("queue-\(UUID().uuidString).sqlite").path
    }

    private func message(to recipients: [String], route: DeliveryRoute = .remote, at time: Double = 1000) -> IncomingMessage {
        let envelopeRecipients = recipients.map { Envelope.Recipient(forwardPath: .mailbox(Mailbox($0)!), parameters: RecipientParameters(notify: .conditions([.failure]))) }
        let envelope = Envelope(
            clientName: "client.test", usedExtendedHello: true, isTLS: true, authenticatedUser: "alice@example.test",
            reversePath: .mailbox(Mailbox("alice@example.test")!), mailParameters: MailParameters(size: 5, body: .eightBitMIME, envelopeID: "env 1"),
            recipients: envelopeRecipients
        )
        return IncomingMessage(
            id: QueueID.make(), envelope: envelope, content: Array("Subject: x\r\n\r\nbody\r\n".utf8), receivedAt: time,
            clientAddress: "192.0.2.1",
            deliveries: envelopeRecipients.map { PlannedDelivery(recipient: $0, mailbox: $0.forwardPath.mailbox!, route: route) }
        )
    }

    @Test("a stored message comes back exactly: envelope parameters, recipients, content")
    func roundTrip() async throws {
        let store = try SQLiteMessageStore(path: temporaryPath())
        let incoming = message(to: ["bob@far.test", "carol@far.test"])
        try await store.store(incoming)
        let claims = try await store.claimDeliveries(route: .remote, limit: 10, now: 2000, leaseDuration: 60, owner: "test")
        #expect(claims.count == 2)
        #expect(claims[0].mailParameters == incoming.envelope.mailParameters)
        #expect(claims[0].recipient.parameters.notify == .conditions([.failure]))
        #expect(claims.map(\.mailbox.description).sorted() == ["bob@far.test", "carol@far.test"])
        #expect(try await store.content(of: incoming.id) == incoming.content)
        #expect(try await store.claimDeliveries(route: .local, limit: 10, now: 2000, leaseDuration: 60, owner: "test").isEmpty)
    }

    @Test("a lease hides a claimed recipient until it expires; then another process gets it again")
    func leases() async throws {
        let path = temporaryPath()
        let store = try SQLiteMessageStore(path: path)
        try await store.store(message(to: ["bob@far.test"]))
        #expect(try await store.claimDeliveries(route: .remote, limit: 10, now: 2000, leaseDuration: 60, owner: "a").count == 1)
        #expect(try await store.claimDeliveries(route: .remote, limit: 10, now: 2030, leaseDuration: 60, owner: "b").isEmpty)
        // The first process died; a new one opens the same file after the lease ran out.
        let restarted = try SQLiteMessageStore(path: path)
        let again = try await restarted.claimDeliveries(route: .remote, limit: 10, now: 2061, leaseDuration: 60, owner: "b")
        #expect(again.count == 1)
        #expect(again[0].attempts == 2)
    }

    @Test("at start-up every lease of a crashed process is released, so its deliveries resume at once")
    func releaseLeases() async throws {
        let path = temporaryPath()
        let store = try SQLiteMessageStore(path: path)
        try await store.store(message(to: ["bob@far.test"]))
        #expect(try await store.claimDeliveries(route: .remote, limit: 10, now: 2000, leaseDuration: 600, owner: "crashed").count == 1)
        let restarted = try SQLiteMessageStore(path: path)
        #expect(try await restarted.releaseLeases(now: 2001) == 1)
        #expect(try await restarted.claimDeliveries(route: .remote, limit: 10, now: 2001, leaseDuration: 600, owner: "new").count == 1)
    }

    @Test("deferred recipients come back when due; delivered and bounced ones never")
    func outcomes() async throws {
        let store = try SQLiteMessageStore(path: temporaryPath())
        try await store.store(message(to: ["bob@far.test", "carol@far.test", "dave@far.test"]))
        let claims = try await store.claimDeliveries(route: .remote, limit: 10, now: 2000, leaseDuration: 60, owner: "a")
        try await store.finish(claims[0], outcome: .delivered(detail: "250 ok"), now: 2001)
        try await store.finish(claims[1], outcome: .deferred(reason: "451 4.3.0 later", retryAt: 2600), now: 2001)
        try await store.finish(claims[2], outcome: .bounced(reason: "550 5.1.1 no"), now: 2001)
        #expect(try await store.claimDeliveries(route: .remote, limit: 10, now: 2500, leaseDuration: 60, owner: "a").isEmpty)
        let due = try await store.claimDeliveries(route: .remote, limit: 10, now: 2600, leaseDuration: 60, owner: "a")
        #expect(due.map(\.mailbox.description) == [claims[1].mailbox.description])
        #expect(due.first?.lastResult == "451 4.3.0 later")
        let counts = try await store.recipientCounts()
        #expect(counts[.delivered] == 1 && counts[.bounced] == 1 && counts[.inFlight] == 1)
        #expect(try await store.messageCount() == 1)
    }

    @Test("a second message with a stored message's queue ID is refused as duplicate-id, and nothing of it is stored")
    func duplicateID() async throws {
        let store = try SQLiteMessageStore(path: temporaryPath())
        let first = message(to: ["bob@far.test"])
        try await store.store(first)
        var second = message(to: ["carol@far.test"])
        second.id = first.id
        await #expect(throws: StorageError.self) { try await store.store(second) }
        do {
            try await store.store(second)
        } catch {
            #expect(error.kind == .duplicateID)
        }
        #expect(try await store.recipientCounts()[.queued] == 1, "the second message left no recipient behind")
    }

    @Test("queue IDs made at once in one process never repeat, and sort by time")
    func uniqueIDs() async {
        let batches = await withTaskGroup(of: [QueueID].self) { group in
            for _ in 0..<4 {
                group.addTask { (0..<50_000).map { _ in QueueID.make() } }
            }
            var all: [[QueueID]] = []
            for await batch in group { all.append(batch) }
            return all
        }
        let ids = batches.flatMap { $0 }
        #expect(Set(ids).count == ids.count)
        for batch in batches {
            // Within a millisecond the counter may wrap, so only the time part is ordered.
            #expect(zip(batch, batch.dropFirst()).allSatisfy { $0.rawValue.prefix(8) <= $1.rawValue.prefix(8) })
        }
    }

    @Test("the queue refuses new messages beyond its capacity with a queue-full error")
    func capacity() async throws {
        let store = try SQLiteMessageStore(path: temporaryPath(), capacity: 1)
        try await store.store(message(to: ["bob@far.test"]))
        await #expect(throws: StorageError.self) { try await store.store(message(to: ["carol@far.test"])) }
        do {
            try await store.store(message(to: ["carol@far.test"]))
        } catch {
            #expect(error.kind == .queueFull)
        }
    }

    @Test("room made by a delivery is seen again: a full queue takes a new message within seconds of one finishing")
    func capacityFreedByDelivery() async throws {
        let store = try SQLiteMessageStore(path: temporaryPath(), capacity: 1)
        try await store.store(message(to: ["bob@far.test"]))
        let claim = try #require(try await store.claimDeliveries(route: .remote, limit: 1, now: 2000, leaseDuration: 60, owner: "a").first)
        try await store.finish(claim, outcome: .delivered(detail: "250 ok"), now: 2001)
        // The open count is read at most once a second, so the room may show a second late.
        // Tries counted, not a deadline: under the load of the whole test run a sleep of
        // 100 ms can take seconds, and 50 of them take at least five.
        var stored = false
        for _ in 0..<50 where !stored {
            do {
                try await store.store(message(to: ["carol@far.test"]))
                stored = true
            } catch {
                #expect(error.kind == .queueFull)
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(stored)
        await #expect(throws: StorageError.self) { try await store.store(message(to: ["dave@far.test"])) }
    }

    @Test("operators can hold, release, retry and delete; attempts are kept per message")
    func inspection() async throws {
        let store = try SQLiteMessageStore(path: temporaryPath())
        let incoming = message(to: ["bob@far.test"])
        try await store.store(incoming)
        let claim = try #require(try await store.claimDeliveries(route: .remote, limit: 1, now: 2000, leaseDuration: 60, owner: "a").first)
        try await store.recordAttempt(DeliveryAttempt(time: 2000, host: "mx.far.test", address: "192.0.2.9", usedTLS: true, result: "451 4.3.0 later", transcript: "S: 451 4.3.0 later"), for: claim)
        try await store.finish(claim, outcome: .deferred(reason: "451 4.3.0 later", retryAt: 9999), now: 2001)
        #expect(try await store.attempts(for: incoming.id).map(\.attempt.host) == ["mx.far.test"])
        #expect(try await store.messages(inStates: [.deferred], limit: 10).map(\.id) == [incoming.id])
        #expect(try await store.hold(incoming.id, now: 2002) == 1)
        #expect(try await store.claimDeliveries(route: .remote, limit: 1, now: 99999, leaseDuration: 60, owner: "a").isEmpty)
        #expect(try await store.release(incoming.id, now: 2003) == 1)
        #expect(try await store.message(incoming.id)?.recipients.first?.state == .queued)
        #expect(try await store.retry(nil, now: 2004) == 1)
        #expect(try await store.delete(incoming.id))
        #expect(try await store.message(incoming.id) == nil)
        #expect(try await store.content(of: incoming.id) == nil)
    }
}
