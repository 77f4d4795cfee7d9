import Foundation
import SMTPCore
import Testing

@testable import LocalDelivery

#if canImport(Glibc)
import Glibc
#endif

@Suite("Local delivery agent: Return-Path, Delivered-To, Maildir on first use")
struct LocalDeliveryAgentTests {
    static let content = Array("Received: from a.example ([192.0.2.1]) by mx.example.org with ESMTP id Q1;\r\n\tSun, 29 Nov 2026 01:42:59 +0000\r\nSubject: Grüße\r\n\r\nbody\r\n".utf8)
    static let date = Date(timeIntervalSince1970: 1_795_916_579)

    @Test("prepends Return-Path and Delivered-To to the stored content, creating the Maildir")
    func delivers() throws {
        try withTemporaryDirectory { root in
            let agent = LocalDeliveryAgent(locator: MailboxLocator(root: root), hostname: "mx.example.org")
            let sender = try #require(Mailbox("sender@remote.example"))
            let url = try agent.deliver(content: Self.content, reversePath: .mailbox(sender), to: try #require(Mailbox("Alice@Example.ORG")), date: Self.date)
            #expect(url.path.hasPrefix(root.path + "/example.org/alice/new/"))
            #expect(url.lastPathComponent.hasSuffix(".mx.example.org"))
            let expected = Array("Return-Path: <sender@remote.example>\r\nDelivered-To: alice@example.org\r\n".utf8) + Self.content
            #expect(try Array(Data(contentsOf: url)) == expected)
            #expect(try mode(of: root.appendingPathComponent("example.org/alice")) == 0o700)
            let modified = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
            #expect(modified == Self.date)

            // The second delivery finds the Maildir in place.
            let bounce = try agent.deliver(content: Self.content, reversePath: .null, to: try #require(Mailbox("alice@example.org")), date: Self.date)
            #expect(try Data(contentsOf: bounce).starts(with: Array("Return-Path: <>\r\nDelivered-To: alice@example.org\r\n".utf8)))
            #expect(try entries(of: root.appendingPathComponent("example.org/alice/new")).count == 2)
        }
    }

    @Test("a Maildir half made by another first delivery (tmp/ but no new/ yet) is completed, and the message delivered")
    func halfMadeMaildir() throws {
        try withTemporaryDirectory { root in
            let mailbox = root.appendingPathComponent("example.org/alice")
            try FileManager.default.createDirectory(at: mailbox.appendingPathComponent("tmp"), withIntermediateDirectories: true)
            let agent = LocalDeliveryAgent(locator: MailboxLocator(root: root), hostname: "mx.example.org")
            let url = try agent.deliver(content: Self.content, reversePath: .null, to: try #require(Mailbox("alice@example.org")), date: Self.date)
            #expect(url.path.hasPrefix(mailbox.path + "/new/"))
            #expect(try entries(of: mailbox.appendingPathComponent("new")).count == 1)
            #expect(try entries(of: mailbox.appendingPathComponent("tmp")).isEmpty, "nothing left behind in tmp/")
            #expect(FileManager.default.fileExists(atPath: mailbox.appendingPathComponent("cur").path))
        }
    }

    @Test("refuses a mailbox whose name would escape the root, creating nothing")
    func unsafe() throws {
        try withTemporaryDirectory { root in
            let agent = LocalDeliveryAgent(locator: MailboxLocator(root: root), hostname: "mx")
            let mailbox = try #require(Mailbox("\"../../escape\"@example.org"))
            #expect(throws: LocalDeliveryError.unsafeMailbox(mailbox)) {
                try agent.deliver(content: Self.content, reversePath: .null, to: mailbox, date: Self.date)
            }
            #expect(try entries(of: root).isEmpty)
        }
    }

    @Test("refuses a message that was already delivered to this mailbox (forwarding loop)")
    func loop() throws {
        try withTemporaryDirectory { root in
            let agent = LocalDeliveryAgent(locator: MailboxLocator(root: root), hostname: "mx")
            let looped = Array("Delivered-To: ALICE@example.org\r\n".utf8) + Self.content
            let alice = try #require(Mailbox("alice@example.org"))
            #expect(throws: LocalDeliveryError.forwardingLoop(alice)) {
                try agent.deliver(content: looped, reversePath: .null, to: alice, date: Self.date)
            }
            // Delivered to someone else before: fine.
            _ = try agent.deliver(content: looped, reversePath: .null, to: try #require(Mailbox("bob@example.org")), date: Self.date)
            // A Delivered-To line in the body does not count.
            let inBody = Self.content + Array("Delivered-To: alice@example.org\r\n".utf8)
            _ = try agent.deliver(content: inBody, reversePath: .null, to: alice, date: Self.date)
        }
    }

    @Test("reports a full file system as out of space",
        .enabled(if: TinyFileSystem.isAvailable, "needs root with permission to mount a tmpfs (mount -t tmpfs -o size=64k)"))
    func outOfSpace() throws {
        try TinyFileSystem.with(size: "64k") { mountPoint in
            let agent = LocalDeliveryAgent(locator: MailboxLocator(root: mountPoint), hostname: "mx")
            let big = Self.content + [UInt8](repeating: 0x62, count: 1 << 20)
            let alice = try #require(Mailbox("alice@example.org"))
            let error = #expect(throws: LocalDeliveryError.self) {
                try agent.deliver(content: big, reversePath: .null, to: alice, date: Self.date)
            }
            #expect(error?.isOutOfSpace == true)
            #expect(error == .maildir(.write(ENOSPC)))
            #expect(try entries(of: mountPoint.appendingPathComponent("example.org/alice/tmp")).isEmpty)
            #expect(try entries(of: mountPoint.appendingPathComponent("example.org/alice/new")).isEmpty)
        }
    }
}
