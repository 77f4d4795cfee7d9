import Foundation
import MailQueue
import PostamtTestSupport
import Testing

/// Delivered mail leaves the queue database after `delivery.keep_finished`.
@Suite("Queue housekeeping in the running server", .serialized)
struct HousekeepingTests {
    @Test("a delivered message is removed from the queue once keep_finished has passed")
    func finishedMessagesGo() async throws {
        let server = try await TestMailServer.start { $0.delivery.keepFinished = .seconds(1) }
        defer { Task { await server.stop() } }
        let client = try await TestSMTPClient.connect(port: server.mx)
        _ = try await client.readReply()
        try await client.send("EHLO c\r\nMAIL FROM:<x@example.org>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n")
        _ = try await client.readReplies(4)
        try await client.send("Subject: keep\r\n\r\nbody\r\n.\r\n")
        let reply = try await client.readReply()
        #expect(reply.code.rawValue == 250)
        let id = try #require(reply.lines.first?.split(separator: " ").last.flatMap { QueueID(rawValue: String($0)) }, "\(reply)")
        #expect(await server.waitForMail("alice").count == 1)
        #expect(try await (server.server.messageStore as? SQLiteMessageStore)?.message(id) != nil)
        let gone = await eventually(within: .seconds(20)) {
            (try? await (server.server.messageStore as? SQLiteMessageStore)?.message(id)) == .some(nil)
        }
        #expect(gone, "the delivered message is still in the queue")
        // The mailbox keeps it, of course.
        #expect(await server.waitForMail("alice").count == 1)
    }
}
