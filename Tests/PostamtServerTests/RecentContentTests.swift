import Foundation
import MailQueue
import SMTPCore
import Testing

@testable import PostamtServer

@Suite("Content kept for delivery after a store")
struct RecentContentTests {
    private func bytes(_ count: Int, _ value: UInt8 = 7) -> [UInt8] { [UInt8](repeating: value, count: count) }

    @Test("content is taken once; the second read finds nothing kept")
    func takenOnce() {
        let recent = RecentContent(byteLimit: 1 << 20)
        let id = QueueID.make()
        recent.remember(bytes(10), of: id)
        #expect(recent.take(id) == bytes(10))
        #expect(recent.take(id) == nil)
        #expect(recent.count == 0)
    }

    @Test("beyond the byte limit the oldest entries go first")
    func evictsOldest() {
        let recent = RecentContent(byteLimit: 1000)
        let ids = (0..<5).map { _ in QueueID.make() }
        for (index, id) in ids.enumerated() { recent.remember(bytes(240, UInt8(index)), of: id) }
        #expect(recent.take(ids[0]) == nil)
        for (index, id) in ids.enumerated().dropFirst() { #expect(recent.take(id) == bytes(240, UInt8(index))) }
    }

    @Test("a message larger than a quarter of the limit is not kept")
    func largeMessagesAreNotKept() {
        let recent = RecentContent(byteLimit: 1000)
        let id = QueueID.make()
        recent.remember(bytes(251), of: id)
        #expect(recent.take(id) == nil)
    }

    @Test("remembering and taking without pause keeps the latest entries and forgets the rest")
    func steadyState() {
        let recent = RecentContent(byteLimit: 1 << 20)
        var ids = [QueueID]()
        for index in 0..<20_000 {
            let id = QueueID.make()
            ids.append(id)
            recent.remember(bytes(100, UInt8(index % 251)), of: id)
            // Two kept at a time: the one before the latest is delivered now.
            if index > 0 { #expect(recent.take(ids[index - 1]) != nil) }
        }
        #expect(recent.count == 1)
        #expect(recent.take(ids[19_999]) == bytes(100, UInt8(19_999 % 251)))
    }

    @Test("through the delivery store: the content comes back the same kept or read from the queue")
    func monitoredStore() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recent-\(UUID().uuidString).sqlite").path
        let queue = try SQLiteMessageStore(path: path)
        for limit in [1 << 20, 0] {
            let recent = RecentContent(byteLimit: limit)
            let store = MonitoredMessageStore(base: queue, monitor: ServerMonitor(), recentContent: recent)
            let recipient = Envelope.Recipient(forwardPath: .mailbox(Mailbox("bob@far.test")!))
            let envelope = Envelope(
                clientName: "client.test", usedExtendedHello: true, isTLS: false, authenticatedUser: nil,
                reversePath: .mailbox(Mailbox("alice@example.test")!), mailParameters: MailParameters(), recipients: [recipient]
            )
            let content = Array("Subject: kept \(limit)\r\n\r\nbody\r\n".utf8)
            let message = IncomingMessage(
                id: QueueID.make(), envelope: envelope, content: content, receivedAt: 1000, clientAddress: "192.0.2.1",
                deliveries: [PlannedDelivery(recipient: recipient, mailbox: recipient.forwardPath.mailbox!, route: .remote)]
            )
            let stored: Result<Void, StorageError> = await withCheckedContinuation { continuation in
                store.store(message) { continuation.resume(returning: $0) }
            }
            try stored.get()
            #expect(recent.count == (limit > 0 ? 1 : 0))
            #expect(try await store.content(of: message.id) == content)
            #expect(recent.count == 0)
            // Read a second time: from the queue.
            #expect(try await store.content(of: message.id) == content)
        }
    }
}
