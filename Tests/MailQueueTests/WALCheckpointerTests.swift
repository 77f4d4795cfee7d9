import Foundation
import Testing

@testable import MailQueue
@testable import SMTPCore

/// The write-ahead log is copied into the database file beside the writer, and stays bounded
/// while writes never pause.
@Suite("WAL checkpointer")
struct WALCheckpointerTests {
    private let path = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID().uuidString).sqlite").path

    private func store() throws -> SQLiteMessageStore {
        // Small thresholds, so that a few hundred messages cross them many times. The content
        // stays in the database, so it goes through the log: in the content spool, shared
        // commits of 16 KiB would leave the log too short to reach the thresholds.
        try SQLiteMessageStore(
            path: path, capacity: 100_000, minimumFreeSpace: 0, checkpointAt: 50, restartLogAt: 200, spoolThreshold: .max
        )
    }

    /// A message of 16 KiB: four pages or more in the log.
    private func message() -> IncomingMessage {
        let recipient = Envelope.Recipient(forwardPath: .mailbox(Mailbox("bob@far.test")!))
        let envelope = Envelope(
            clientName: "client.test", usedExtendedHello: true, isTLS: false, authenticatedUser: nil,
            reversePath: .mailbox(Mailbox("alice@example.test")!), mailParameters: MailParameters(), recipients: [recipient]
        )
        let body = (0..<16 * 1024 / 64).map { _ in String(repeating: "x", count: 62) + "\r\n" }.joined()
        return IncomingMessage(
            id: QueueID.make(), envelope: envelope, content: Array("Subject: x\r\n\r\n\(body)".utf8), receivedAt: 1000,
            clientAddress: "192.0.2.1",
            deliveries: [PlannedDelivery(recipient: recipient, mailbox: recipient.forwardPath.mailbox!, route: .remote)]
        )
    }

    private func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    @Test("stored messages reach the database file through checkpoints of the checkpointer's own")
    func copiesTheLog() async throws {
        let store = try store()
        for _ in 0..<100 { try await store.store(message()) }
        // The last checkpoint may still be running; wait for one at most.
        for _ in 0..<100 where store.checkpointer.checkpoints == 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(store.checkpointer.checkpoints > 0)
        // 100 messages of 16 KiB: most of them are in the database file, not only in the log.
        #expect(size(of: path) > 50 * 16 * 1024, "database file \(size(of: path)) octets")
    }

    @Test("under writes that never pause, the log is started over and stays bounded")
    func logStaysBounded() async throws {
        let store = try store()
        let largestLog = LargestSize(path: path + "-wal")
        let watcher = Task { while !Task.isCancelled { largestLog.sample(); try? await Task.sleep(for: .milliseconds(2)) } }
        // Eight writers, 1600 messages: about 27 MB through the log.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { for _ in 0..<200 { try await store.store(self.message()) } }
            }
            try await group.waitForAll()
        }
        watcher.cancel()
        largestLog.sample()
        #expect(try await store.messageCount() == 1600)
        // Past 200 frames of 4 KiB the writer copies the rest itself and the log starts over
        // (about 1.1 MB at most in three runs). Without that it grew to 10–35 MB.
        #expect(largestLog.value < 4 * 1024 * 1024, "log grew to \(largestLog.value) octets")
        #expect(store.checkpointer.checkpoints > 0)
        #expect(store.checkpointer.restarts > 0)
    }

    @Test("a store closed and opened again has every message, with SQLite's own checkpoints back on the old connection")
    func reopens() async throws {
        do {
            let store = try store()
            for _ in 0..<60 { try await store.store(message()) }
        }
        let reopened = try store()
        #expect(try await reopened.messageCount() == 60)
        try await reopened.store(message())
        #expect(try await reopened.messageCount() == 61)
    }

    /// The largest size a file had when sampled.
    private final class LargestSize: @unchecked Sendable {
        private let path: String
        private let lock = NSLock()
        private var largest = 0

        init(path: String) { self.path = path }

        var value: Int { lock.withLock { largest } }

        func sample() {
            let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
            lock.withLock { largest = max(largest, size) }
        }
    }
}
