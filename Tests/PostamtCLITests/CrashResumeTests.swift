import CZeroFill
import Foundation
import PostamtConfiguration
import PostamtTestSupport
import SMTPCore
import Testing

/// SIGKILL of a real `postamt serve` while it accepts and relays mail: after a restart every
/// message that got a 250 reaches the next hop at least once.
@Suite("Crash and resume", .serialized)
struct CrashResumeTests {
    /// One sender's messages are committed one at a time: small content in the database,
    /// 40 KB in the content spool where the log's sync covers it (ext4); four senders'
    /// messages of 40 KB share commits, their content in the content spool.
    @Test(
        "kill -9 during load and delivery; every acknowledged message is delivered after the restart, its content intact",
        arguments: [(senders: 1, bodySize: 0), (senders: 1, bodySize: 40_000), (senders: 4, bodySize: 40_000)]
    )
    func killDuringLoad(senders: Int, bodySize: Int) async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("postamt-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let mx = ServeCommandTests.freePort()
        // Each start on fresh ports: another test may take the first server's after the kill.
        func arguments(mx: Int) -> [String] {
            let others = ServeCommandTests.freePorts(3).filter { $0 != mx }
            return [
                "serve", "--admin", "off", "--mx", "127.0.0.1:\(mx)", "--submission", "127.0.0.1:\(others[0])",
                "--submissions", "127.0.0.1:\(others[1])",
                "--trusted-networks", "127.0.0.0/8", "--relay-host", "127.0.0.1:\(sink.port)", "--relay-tls", "none",
                "--retry-first", "1s", "--retry-max-interval", "1s", "--log-level", "warning",
            ]
        }
        let first = try ServeCommandTests.launch(arguments(mx: mx), in: directory)
        try await ServeCommandTests.waitForPort(mx)

        // Senders that keep submitting until the server dies; they list the 250s they got.
        let script = """
            import smtplib, sys, threading
            port, senders, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
            acknowledged = []
            def body(subject):
                if size == 0:
                    return "body\\r\\n"
                text, line = "", 0
                while len(text) < size:
                    text += "%s line %05d\\r\\n" % (subject, line)
                    line += 1
                return text
            def send(sender):
                try:
                    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
                        for index in range(3000 // senders):
                            subject = "crash-%d-%d" % (sender, index)
                            content = "Subject: %s\\r\\n\\r\\n%s" % (subject, body(subject))
                            client.sendmail("load@example.test", ["rcpt%d@far-away.test" % index], content.encode())
                            acknowledged.append(subject)
                except Exception as error:
                    pass
            threads = [threading.Thread(target=send, args=(sender,)) for sender in range(senders)]
            for thread in threads: thread.start()
            for thread in threads: thread.join()
            print("\\n".join(acknowledged))
            """
        let sender = Process()
        sender.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        sender.arguments = ["-c", script, "\(mx)", "\(senders)", "\(bodySize)"]
        let output = Pipe()
        sender.standardOutput = output
        sender.standardError = FileHandle.nullDevice
        try sender.run()
        // Let some mail be accepted and some relayed, then kill the server mid-stream.
        for _ in 0..<400 where sink.received.count < 50 { try await Task.sleep(for: .milliseconds(10)) }
        // Taken before the kill: the restarted server's purge turns segments no message
        // needs any longer into spares.
        let spoolDirectory = directory.appendingPathComponent("postamt-data/queue.sqlite-content").path
        let segments = (try? FileManager.default.contentsOfDirectory(atPath: spoolDirectory)) ?? []
        kill(first.processIdentifier, SIGKILL)
        await first.exited()
        let relayedBeforeKill = sink.received.count
        // The sender prints what it got once the dead server's connection fails it.
        let printed = try await offThread { output.fileHandleForReading.readDataToEndOfFile() }
        let acknowledged = Set(String(decoding: printed, as: UTF8.self).split(separator: "\n").map(String.init))
        await sender.exited()
        // The kill came while the sender was still sending and the server still relaying.
        #expect(acknowledged.count < 3000)
        #expect(relayedBeforeKill < acknowledged.count)

        let restartedMX = ServeCommandTests.freePort()
        let second = try ServeCommandTests.launch(arguments(mx: restartedMX), in: directory)
        try await ServeCommandTests.waitForPort(restartedMX)
        defer { ProcessExit.stop(second.processIdentifier) }
        /// The end each message must have: the empty line after its header, then its body.
        var endings = [String: [UInt8]]()
        /// The subjects of the messages the sink received whole.
        func delivered() -> [String] {
            sink.received.compactMap { message in
                let header = String(decoding: message.content.prefix(1000), as: UTF8.self)
                guard let line = header.split(separator: "\r\n").first(where: { $0.hasPrefix("Subject: ") }) else { return nil }
                let subject = String(line.dropFirst(9))
                let ending = endings[subject] ?? Array(("\r\n\r\n" + Self.body(of: subject, size: bodySize)).utf8)
                endings[subject] = ending
                let whole = message.content.count >= ending.count && message.content.withUnsafeBytes { content in
                    ending.withUnsafeBytes { memcmp(content.baseAddress! + content.count - ending.count, $0.baseAddress!, ending.count) == 0 }
                }
                return whole ? subject : "damaged \(subject)"
            }
        }
        // Deliveries in flight at the kill are resumed at start-up, with everything else.
        for _ in 0..<300 where !acknowledged.isSubset(of: Set(delivered())) { try await Task.sleep(for: .milliseconds(50)) }
        let received = delivered()
        let missing = acknowledged.subtracting(received)
        #expect(missing.isEmpty, "acknowledged but not delivered: \(missing.sorted().prefix(10))")
        let duplicates = received.count - Set(received).count
        // Only deliveries in flight at the moment of the kill may arrive twice: at most
        // messages_in_flight on each of destination_concurrency connections, and those
        // whose records were still being gathered.
        let delivery = DeliverySettings()
        #expect(duplicates <= delivery.destinationConcurrency * delivery.messagesInFlight + 6, "\(duplicates) duplicates")
        // Four senders' commits are shared: the content of some of their messages was
        // spooled; so was one sender's 40 KB where the log's sync covers the spool.
        let covered = file_system_type(directory.path) == ext4_file_system_type
        #expect((senders == 1 && (bodySize == 0 || !covered)) || segments.contains { $0.hasSuffix(".segment") }, "no content was spooled")
        #expect(!received.contains { $0.hasPrefix("damaged ") }, "content damaged: \(received.filter { $0.hasPrefix("damaged ") }.prefix(5))")
        print("crash test (\(senders) senders): \(acknowledged.count) acknowledged, \(relayedBeforeKill) relayed before the kill, \(received.count) received, \(duplicates) duplicates")
    }

    /// The body the senders give a message: lines that name it, or one line.
    private static func body(of subject: String, size: Int) -> String {
        guard size > 0 else { return "body\r\n" }
        var text = ""
        var line = 0
        while text.utf8.count < size {
            let number = String(line)
            text += "\(subject) line \(String(repeating: "0", count: max(0, 5 - number.count)) + number)\r\n"
            line += 1
        }
        return text
    }
}
