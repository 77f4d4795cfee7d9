import Foundation
import NIOSSL
import PostamtTestSupport
import SMTPCore
import Testing

/// The server's policy over real sockets: relay rules, submission rules, sender ownership,
/// brute-force protection and storage failures.
@Suite("Postamt server policy", .serialized)
struct PolicyTests {
    private func client(_ server: TestMailServer, port: Int) async throws -> TestSMTPClient {
        let client = try await TestSMTPClient.connect(port: port)
        #expect(try await client.readReply().code == 220)
        return client
    }

    private func clientTLS(_ server: TestMailServer) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return try NIOSSLContext(configuration: configuration)
    }

    /// A submission session with TLS and EHLO done.
    private func submissionSession(_ server: TestMailServer) async throws -> TestSMTPClient {
        let client = try await client(server, port: server.submission)
        try await client.send("EHLO c\r\nSTARTTLS\r\n")
        _ = try await client.readReplies(2)
        try await client.startTLS(try clientTLS(server))
        try await client.send("EHLO c\r\n")
        _ = try await client.readReply()
        return client
    }

    private func plain(_ user: String, _ password: String) -> String {
        Base64.encode(Array("\0\(user)\0\(password)".utf8))
    }

    @Test("submission: MAIL before STARTTLS is 530 5.7.0, AUTH before STARTTLS is 538 5.7.11, MAIL before AUTH is 530 5.7.0")
    func submissionRules() async throws {
        let server = try await TestMailServer.start()
        defer { Task { await server.stop() } }
        let plaintext = try await client(server, port: server.submission)
        try await plaintext.send("EHLO c\r\nMAIL FROM:<alice@example.test>\r\nAUTH PLAIN \(plain(TestMailServer.user, TestMailServer.password))\r\n")
        let replies = try await plaintext.readReplies(3)
        #expect(replies.map(\.description).dropFirst().map { String($0.prefix(10)) } == ["530 5.7.0 ", "538 5.7.11"])
        let secure = try await submissionSession(server)
        try await secure.send("MAIL FROM:<alice@example.test>\r\n")
        #expect(try await secure.readReply().description.hasPrefix("530 5.7.0"))
    }

    @Test("an authenticated user may relay; the envelope sender must be the user's own (553 5.7.1)")
    func senderOwnership() async throws {
        let server = try await TestMailServer.start()
        defer { Task { await server.stop() } }
        let session = try await submissionSession(server)
        try await session.send("AUTH PLAIN \(plain(TestMailServer.user, TestMailServer.password))\r\n")
        #expect(try await session.readReply().code == 235)
        try await session.send("MAIL FROM:<bob@example.test>\r\n")
        #expect(try await session.readReply().description.hasPrefix("553 5.7.1"))
        try await session.send("MAIL FROM:<Alice@Example.TEST>\r\nRCPT TO:<someone@far-away.test>\r\n")
        #expect(try await session.readReplies(2).map(\.code.rawValue) == [250, 250])
    }

    @Test("trusted networks may relay without AUTH; everyone else may not")
    func trustedNetworks() async throws {
        let trusted = try await TestMailServer.start { $0.trustedNetworks = [IPNetwork("127.0.0.0/8")!] }
        defer { Task { await trusted.stop() } }
        let local = try await client(trusted, port: trusted.mx)
        try await local.send("EHLO app\r\nMAIL FROM:<app@example.test>\r\nRCPT TO:<user@far-away.test>\r\n")
        #expect(try await local.readReplies(3).last?.code == 250)

        let untrusted = try await TestMailServer.start { $0.trustedNetworks = [IPNetwork("10.0.0.0/8")!] }
        defer { Task { await untrusted.stop() } }
        let stranger = try await client(untrusted, port: untrusted.mx)
        try await stranger.send("EHLO app\r\nMAIL FROM:<app@example.test>\r\nRCPT TO:<user@far-away.test>\r\n")
        #expect(try await stranger.readReplies(3).last?.description.hasPrefix("554 5.7.1") == true)
    }

    @Test("repeated AUTH failures from one address are slowed, then refused with 421 4.7.0")
    func bruteForce() async throws {
        let server = try await TestMailServer.start {
            $0.limits.authenticationFailuresBeforeDelay = 2
            $0.limits.authenticationFailureLimit = 3
        }
        defer { Task { await server.stop() } }
        let session = try await submissionSession(server)
        var codes = [Int]()
        let started = ContinuousClock.now
        for attempt in 0..<4 {
            try await session.send("AUTH PLAIN \(plain(TestMailServer.user, "guess\(attempt)"))\r\n")
            codes.append(try await session.readReply().code.rawValue)
        }
        #expect(codes == [535, 535, 535, 421])
        #expect(await session.waitForClose())
        // The third attempt waited before it was answered (delays are whole seconds).
        #expect(ContinuousClock.now - started >= .seconds(1))
        // Even the right password is refused from that address for now.
        let again = try await submissionSession(server)
        try await again.send("AUTH PLAIN \(plain(TestMailServer.user, TestMailServer.password))\r\n")
        #expect(try await again.readReply().description.hasPrefix("421 4.7.0"))
    }

    @Test("a full queue answers 452 4.3.1 with a reference, and the session goes on")
    func queueFull() async throws {
        // Relayed mail stays queued (no outbound delivery in this test), filling the queue.
        let server = try await TestMailServer.start {
            $0.limits.queueCapacity = 1
            $0.trustedNetworks = [IPNetwork("127.0.0.0/8")!]
        }
        defer { Task { await server.stop() } }
        let session = try await client(server, port: server.mx)
        try await session.send("EHLO c\r\nMAIL FROM:<a@example.test>\r\nRCPT TO:<x@far-away.test>\r\nDATA\r\none\r\n.\r\n")
        #expect(try await session.readReplies(5).last?.code == 250)
        try await session.send("MAIL FROM:<a@example.test>\r\nRCPT TO:<x@far-away.test>\r\nDATA\r\ntwo\r\n.\r\n")
        let refused = try await session.readReplies(4).last
        #expect(refused?.description.hasPrefix("452 4.3.1") == true)
        #expect(refused?.text.contains("ref ") == true)
        try await session.send("NOOP\r\n")
        #expect(try await session.readReply().code == 250)
        #expect(server.log.contains("storing failed"))
    }

    @Test("below the free-space reserve new mail gets 452 4.3.1")
    func reserve() async throws {
        let server = try await TestMailServer.start { $0.limits.minimumFreeDiskSpace = UInt64.max / 2 }
        defer { Task { await server.stop() } }
        let session = try await client(server, port: server.mx)
        try await session.send("EHLO c\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nx\r\n.\r\n")
        #expect(try await session.readReplies(5).last?.description.hasPrefix("452 4.3.1") == true)
    }

    @Test("a really full file system: 4xx with a reference, nothing half-stored, and mail flows again once space is back",
          .enabled(if: TemporaryFileSystem.isAvailable))
    func diskFull() async throws {
        let volume = try TemporaryFileSystem(megabytes: 4)
        defer { volume.remove() }
        let server = try await TestMailServer.start(dataDirectory: volume.url.appendingPathComponent("data")) {
            $0.limits.minimumFreeDiskSpace = 0
        }
        defer { Task { await server.stop() } }
        let filler = volume.url.appendingPathComponent("filler")
        try volume.fill(filler, leaving: 16 * 1024)
        let body = String(repeating: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n", count: 2048)
        let session = try await client(server, port: server.mx)
        try await session.send("EHLO c\r\n")
        _ = try await session.readReply()
        try await session.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n\(body).\r\n")
        let refused = try await session.readReplies(4).last
        #expect(refused.map { $0.code.rawValue == 452 || $0.code.rawValue == 451 } == true, "\(String(describing: refused))")
        #expect(refused?.text.contains("ref ") == true)
        try FileManager.default.removeItem(at: filler)
        try await session.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n\(body).\r\n")
        #expect(try await session.readReplies(4).last?.code == 250)
        let mail = await server.waitForMail("alice")
        #expect(mail.count == 1)
    }
}

/// A tmpfs of a fixed size, mounted for one test (needs root, as CI has).
struct TemporaryFileSystem {
    let url: URL

    static let isAvailable: Bool = {
        guard getuid() == 0 else { return false }
        guard let probe = try? TemporaryFileSystem(megabytes: 1) else { return false }
        probe.remove()
        return true
    }()

    init(megabytes: Int) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("postamt-tmpfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let status = url.path.withCString { target in
            mount("tmpfs", target, "tmpfs", 0, "size=\(megabytes)m")
        }
        guard status == 0 else { throw POSIXError(.EPERM) }
    }

    /// Writes a file that leaves only `leaving` bytes free.
    func fill(_ file: URL, leaving: UInt64) throws {
        var stats = statvfs()
        statvfs(url.path, &stats)
        let free = UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
        try Data(count: Int(free > leaving ? free - leaving : 0)).write(to: file)
    }

    func remove() {
        umount2(url.path, Int32(MNT_DETACH))
        try? FileManager.default.removeItem(at: url)
    }
}
