import Foundation
import PostamtTestSupport
import SMTPCore
import Testing

/// Local deliveries run side by side: many messages to a mailbox that does not exist yet
/// each arrive exactly once, and the queue records every one as delivered.
@Suite("Local delivery")
struct LocalDeliveryTests {
    @Test("60 messages on 10 connections at once to a new Maildir: each arrives once, all are recorded as delivered")
    func concurrentDeliveriesToNewMailbox() async throws {
        let server = try await TestMailServer.start()
        defer { Task { await server.stop() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in 0..<10 {
                group.addTask {
                    let client = try await TestSMTPClient.connect(port: server.mx)
                    #expect(try await client.readReply().code == 220)
                    try await client.send("EHLO client.test\r\n")
                    _ = try await client.readReply()
                    for index in 0..<6 {
                        try await client.send("MAIL FROM:<sender@remote.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n")
                        #expect(try await client.readReplies(3).map(\.code) == [250, 250, 354])
                        try await client.send("Subject: message \(connection)-\(index)\r\n\r\nBody \(connection)-\(index).\r\n.\r\n")
                        #expect(try await client.readReply().code == 250)
                    }
                    try await client.send("QUIT\r\n")
                    await client.close()
                }
            }
            try await group.waitForAll()
        }
        let files = await server.waitForMail("bob", count: 60, timeout: .seconds(60))
        let subjects = files.compactMap { file in
            String(decoding: file, as: UTF8.self).split(separator: "\r\n").first { $0.hasPrefix("Subject: ") }.map(String.init)
        }
        let problems = server.log.all.filter { !$0.hasPrefix("info ") && !$0.hasPrefix("debug ") && !$0.hasPrefix("trace ") }
        #expect(files.count == 60, "\(problems)")
        #expect(Set(subjects).count == 60, "every message once")
        // The outcomes are written together just after the files.
        await eventually(within: .seconds(60)) { (try? await server.server.messageStore.recipientCounts()[.delivered]) == 60 }
        #expect(try await server.server.messageStore.recipientCounts()[.delivered] == 60)
    }
}
