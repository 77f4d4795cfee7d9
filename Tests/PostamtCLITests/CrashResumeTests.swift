import Foundation
import PostamtTestSupport
import SMTPCore
import Testing

/// SIGKILL of a real `postamt serve` while it accepts and relays mail: after a restart every
/// message that got a 250 reaches the next hop at least once.
@Suite("Crash and resume", .serialized)
struct CrashResumeTests {
    @Test("kill -9 during load and delivery; every acknowledged message is delivered after the restart")
    func killDuringLoad() async throws {
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

        // A sender that keeps submitting until the server dies; it counts the 250s it got.
        let script = """
            import smtplib, sys
            acknowledged = []
            try:
                with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=10) as client:
                    for index in range(3000):
                        subject = "crash-%d" % index
                        client.sendmail("load@example.test", ["rcpt%d@far-away.test" % index], ("Subject: %s\\r\\n\\r\\nbody\\r\\n" % subject).encode())
                        acknowledged.append(subject)
            except Exception as error:
                pass
            print("\\n".join(acknowledged))
            """
        let sender = Process()
        sender.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        sender.arguments = ["-c", script, "\(mx)"]
        let output = Pipe()
        sender.standardOutput = output
        sender.standardError = FileHandle.nullDevice
        try sender.run()
        // Let some mail be accepted and some relayed, then kill the server mid-stream.
        for _ in 0..<400 where sink.received.count < 50 { try await Task.sleep(for: .milliseconds(10)) }
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
        func delivered() -> [String] {
            sink.received.compactMap { message in
                String(decoding: message.content, as: UTF8.self).split(separator: "\r\n").first { $0.hasPrefix("Subject: ") }.map { String($0.dropFirst(9)) }
            }
        }
        // Deliveries in flight at the kill are resumed at start-up, with everything else.
        for _ in 0..<300 where !acknowledged.isSubset(of: Set(delivered())) { try await Task.sleep(for: .milliseconds(50)) }
        let received = delivered()
        let missing = acknowledged.subtracting(received)
        #expect(missing.isEmpty, "acknowledged but not delivered: \(missing.sorted().prefix(10))")
        let duplicates = received.count - Set(received).count
        // Only deliveries in flight at the moment of the kill may arrive twice.
        #expect(duplicates <= 16, "\(duplicates) duplicates")
        print("crash test: \(acknowledged.count) acknowledged, \(relayedBeforeKill) relayed before the kill, \(received.count) received, \(duplicates) duplicates")
    }
}
