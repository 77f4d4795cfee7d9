@testable import AdminWeb
import MailQueue
import Testing

@Suite("Queue filters")
struct QueueFilterTests {
    func message(sender: String, recipients: [String], receivedAt: Double) -> QueuedMessage {
        QueuedMessage(
            id: QueueID.make(), receivedAt: receivedAt, mailCommand: "MAIL FROM:\(sender)", sender: sender, clientName: "c",
            clientAddress: "127.0.0.1", authenticatedUser: nil, size: 10,
            recipients: recipients.map {
                QueuedRecipient(mailbox: $0, rcptCommand: "RCPT TO:<\($0)>", route: .remote, state: .deferred, attempts: 1, nextAttemptAt: 0, lastResult: nil)
            }
        )
    }

    @Test("parses every filter and matches sender, recipient, domain and age")
    func matching() throws {
        let filter = try QueueFilter.parse([("state", "deferred,held"), ("sender", "Alice"), ("domain", "Example.NET"), ("older_than", "5m"), ("newer_than", "2h"), ("limit", "7")])
        #expect(filter.states == [.deferred, .held])
        #expect(filter.limit == 7)
        #expect(filter.olderThan == 300)
        #expect(filter.newerThan == 7200)
        let now = 10_000.0
        #expect(filter.matches(message(sender: "<alice@example.org>", recipients: ["bob@example.net"], receivedAt: now - 600), now: now))
        #expect(!filter.matches(message(sender: "<carol@example.org>", recipients: ["bob@example.net"], receivedAt: now - 600), now: now))
        #expect(!filter.matches(message(sender: "<alice@example.org>", recipients: ["bob@sub.example.net.evil"], receivedAt: now - 600), now: now))
        #expect(!filter.matches(message(sender: "<alice@example.org>", recipients: ["bob@example.net"], receivedAt: now - 60), now: now))
        #expect(!filter.matches(message(sender: "<alice@example.org>", recipients: ["bob@example.net"], receivedAt: now - 9000), now: now))
        #expect(try QueueFilter.parse([("state", "all")]).states.isEmpty)
    }

    @Test("bad values name what is wrong", arguments: [
        ("state", "lost", "state 'lost' is unknown"), ("limit", "0", "limit must be"), ("limit", "1001", "limit must be"),
        ("older_than", "-5m", "older_than must be an age"), ("newer_than", "m", "newer_than must be an age"), ("colour", "red", "unknown filter 'colour'"),
    ])
    func errors(key: String, value: String, message: String) {
        #expect {
            try QueueFilter.parse([(key, value)])
        } throws: { error in
            (error as? APIError)?.message.contains(message) == true && (error as? APIError)?.status == .badRequest
        }
    }
}
