import Foundation
import Testing

@testable import MailQueue
@testable import SMTPCore

/// Concurrent stores share transactions, and each still succeeds or fails on its own.
@Suite("Group commit")
struct GroupCommitTests {
    private func store(capacity: Int = 100_000) throws -> SQLiteMessageStore {
        try SQLiteMessageStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("group-\(UUID().uuidString).sqlite").path, capacity: capacity)
    }

    private func message(id: QueueID = QueueID.make()) -> IncomingMessage {
        let recipient = Envelope.Recipient(forwardPath: .mailbox(Mailbox("bob@far.test")!))
        let envelope = Envelope(
            clientName: "client.test", usedExtendedHello: true, isTLS: false, authenticatedUser: nil,
            reversePath: .mailbox(Mailbox("alice@example.test")!), mailParameters: MailParameters(), recipients: [recipient]
        )
        return IncomingMessage(
            id: id, envelope: envelope, content: Array("Subject: x\r\n\r\nbody\r\n".utf8), receivedAt: 1000, clientAddress: "192.0.2.1",
            deliveries: [PlannedDelivery(recipient: recipient, mailbox: recipient.forwardPath.mailbox!, route: .remote)]
        )
    }

    @Test("200 concurrent stores all land, in fewer transactions than messages")
    func batches() async throws {
        let store = try store()
        let messages = (0..<200).map { _ in message() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for message in messages { group.addTask { try await store.store(message) } }
            try await group.waitForAll()
        }
        #expect(try await store.messageCount() == 200)
        for message in messages.prefix(5) {
            #expect(try await store.content(of: message.id) == message.content)
        }
        #expect(store.writer.transactions < 200, "\(store.writer.transactions) transactions for 200 messages")
    }

    @Test("a duplicate queue ID fails alone; the other messages of its batch are stored")
    func failureIsolated() async throws {
        let store = try store()
        let first = message()
        try await store.store(first)
        let others = (0..<20).map { _ in message() }
        let duplicate = message(id: first.id)
        let results = await withTaskGroup(of: (QueueID, StorageError.Kind?).self) { group in
            for message in others + [duplicate] {
                group.addTask {
                    do {
                        try await store.store(message)
                        return (message.id, nil)
                    } catch {
                        return (message.id, (error as? StorageError)?.kind)
                    }
                }
            }
            return await group.reduce(into: [(QueueID, StorageError.Kind?)]()) { $0.append($1) }
        }
        #expect(results.filter { $0.1 == .duplicateID }.count == 1)
        #expect(results.filter { $0.1 == nil }.count == 20)
        #expect(try await store.messageCount() == 21)
    }

    @Test("the capacity holds within a batch: of 10 concurrent stores into room for 3, exactly 3 are stored")
    func capacityWithinBatch() async throws {
        let store = try store(capacity: 3)
        let outcomes = await withTaskGroup(of: StorageError.Kind?.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    do {
                        try await store.store(message())
                        return nil
                    } catch {
                        return (error as? StorageError)?.kind
                    }
                }
            }
            return await group.reduce(into: [StorageError.Kind?]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == nil }.count == 3)
        #expect(outcomes.filter { $0 == .queueFull }.count == 7)
        #expect(try await store.messageCount() == 3)
    }
}
