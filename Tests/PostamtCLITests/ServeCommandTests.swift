import Foundation
import PostamtTestSupport
import Testing

/// `postamt serve`, `user`, `init` and `config check` as a person runs them: the real binary
/// in a temporary directory.
@Suite("postamt serve and friends, run as programs", .serialized)
struct ServeCommandTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("postamt-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A free TCP port on loopback (bound and released; good enough for a test).
    static func freePort() -> Int {
        (try? freeLoopbackPort()) ?? 0
    }

    /// `count` different free TCP ports on loopback, for one server's listeners.
    static func freePorts(_ count: Int) -> [Int] {
        (try? freeLoopbackPorts(count)) ?? Array(repeating: 0, count: count)
    }

    /// Starts the real binary with `arguments` in `directory`.
    static func launch(_ arguments: [String], in directory: URL) throws -> Process {
        let process = Process()
        process.executableURL = PostamtBinary.url
        process.currentDirectoryURL = directory
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func freePort() -> Int { Self.freePort() }

    private func waitForPort(_ port: Int) async throws { try await Self.waitForPort(port) }

    private func startServer(in directory: URL, mx: Int, extra: [String] = []) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = PostamtBinary.url
        process.currentDirectoryURL = directory
        let others = Self.freePorts(3).filter { $0 != mx }
        process.arguments = ["serve", "--admin", "off", "--mx", "127.0.0.1:\(mx)", "--submission", "127.0.0.1:\(others[0])", "--submissions", "127.0.0.1:\(others[1])"] + extra
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return (process, output, error)
    }

    /// Waits up to 30 s: a server starting beside a full parallel test run can be slow.
    static func waitForPort(_ port: Int) async throws {
        for _ in 0..<600 {
            if canConnect(port: port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("server did not listen on \(port)")
    }

    /// Sends `body` to `recipient` `count` times, a connection each, with Python's smtplib;
    /// its output ends with "sent" once all were accepted.
    private func send(port: Int, to recipient: String, body: String, count: Int = 1) async throws -> PostamtBinary.Result {
        let script = """
            import smtplib, sys
            for _ in range(int(sys.argv[4])):
                with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30) as client:
                    client.sendmail("sender@remote.test", [sys.argv[2]], sys.argv[3].encode())
            print("sent")
            """
        return try await offThread {
            try ProgramRunner.run("/usr/bin/python3", ["-c", script, "\(port)", recipient, body, "\(count)"])
        }
    }

    private func mailFiles(_ directory: URL, _ mailbox: String) -> [String] {
        let folder = directory.appendingPathComponent("postamt-data/mail/localhost/\(mailbox)/new")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).map {
            (try? String(contentsOfFile: folder.appendingPathComponent($0).path, encoding: .utf8)) ?? ""
        }
    }

    @Test("serve with no configuration: prints where it listens, receives mail for localhost, stops on SIGTERM with its last log line written")
    func serveZeroConfiguration() async throws {
        let directory = try temporaryDirectory()
        let mx = freePort()
        let (process, output, error) = try startServer(in: directory, mx: mx)
        try await waitForPort(mx)
        let sent = try await send(port: mx, to: "postmaster@localhost", body: "Subject: first\r\n\r\nhello\r\n")
        #expect(sent.standardOutput.contains("sent"), "\(sent.standardError)")
        for _ in 0..<100 where mailFiles(directory, "postmaster").isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        #expect(mailFiles(directory, "postmaster").first?.contains("Subject: first") == true)
        process.terminate()  // SIGTERM
        await process.exited()
        #expect(process.terminationStatus == 0)
        let banner = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(banner.contains("127.0.0.1:\(mx)"))
        #expect(banner.contains("swaks --server"))
        let log = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("shutting down"))
        #expect(log.contains("queued"))
        // Lines are written by a thread of their own a little later; the last is not lost.
        #expect(log.split(separator: "\n").last?.hasSuffix("[PostamtCLI] stopped") == true, "\(log.suffix(500))")
    }

    @Test("a log nobody reads stops neither the mail nor the shutdown: 200 messages accepted past a full pipe, and SIGTERM still ends the server")
    func unreadLog() async throws {
        let directory = try temporaryDirectory()
        let mx = freePort()
        // Standard error is a pipe this test never reads: 64 KiB, less than the lines of 200 messages.
        let (process, _, error) = try startServer(in: directory, mx: mx)
        try await waitForPort(mx)
        let sent = try await send(port: mx, to: "postmaster@localhost", body: "Subject: unread\r\n\r\nhello\r\n", count: 200)
        #expect(sent.standardOutput.contains("sent"), "the server stopped answering: \(sent.standardError.suffix(500))")
        process.terminate()
        // The server waits a few seconds for its log's reader, then ends all the same.
        let ended = await eventually(within: .seconds(30)) { !process.isRunning }
        #expect(ended, "the server did not end on SIGTERM")
        if !ended { kill(process.processIdentifier, SIGKILL) }
        await process.exited()
        withExtendedLifetime(error) {}
    }

    @Test(
        "run as an unprivileged user, it accepts mail, relays it and delivers it to a Maildir: nothing that needs root",
        .enabled(if: geteuid() == 0, "switching to an unprivileged user needs root; run as one, every test covers this")
    )
    func servesUnprivileged() async throws {
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let directory = try temporaryDirectory()
        let mx = freePort()
        let config = directory.appendingPathComponent("postamt.toml")
        try """
            hostname = "mx.unprivileged.test"
            data_directory = "\(directory.path)/data"
            trusted_networks = ["127.0.0.0/8"]
            local_domains = ["localhost"]

            [[listener]]
            role = "mx"
            address = "127.0.0.1:\(mx)"

            [[transport]]
            domain = "relay.test"
            address = "127.0.0.1:\(sink.port)"
            tls = "none"
            """.write(to: config, atomically: true, encoding: .utf8)
        let nobody = try #require(getpwnam("nobody")?.pointee)
        // A copy in the test's directory: the build's own may sit where only root can look.
        let binary = directory.appendingPathComponent("postamt")
        try FileManager.default.copyItem(at: PostamtBinary.url, to: binary)
        for path in [directory.path, config.path, binary.path] {
            #expect(chown(path, nobody.pw_uid, nobody.pw_gid) == 0)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.currentDirectoryURL = directory
        process.arguments = [
            "--reuid=\(nobody.pw_uid)", "--regid=\(nobody.pw_gid)", "--clear-groups", "--",
            binary.path, "serve", "--admin", "off", "--config", config.path,
        ]
        let error = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = error
        try process.run()
        try await waitForPort(mx)
        let sent = try await send(port: mx, to: "bob@relay.test", body: "Subject: unprivileged\r\n\r\nhello\r\n")
        #expect(sent.standardOutput.contains("sent"), "the server refused or closed the session: \(sent.standardError)")
        #expect(await eventually { sink.received.count == 1 }, "the message was not relayed")
        let local = try await send(port: mx, to: "postmaster@localhost", body: "Subject: kept here\r\n\r\nhello\r\n")
        #expect(local.standardOutput.contains("sent"), "\(local.standardError)")
        let maildir = directory.appendingPathComponent("data/mail/localhost/postmaster/new")
        #expect(await eventually { ((try? FileManager.default.contentsOfDirectory(atPath: maildir.path)) ?? []).count == 1 }, "no local delivery")
        process.terminate()
        await process.exited()
        let log = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!log.contains("Permission denied"), "\(log.suffix(2000))")
    }

    @Test("serve runs every thread under SCHED_BATCH, those started for mail included; with cpu_scheduling = \"inherit\" it keeps the policy it was started with")
    func cpuScheduling() async throws {
        let inherited = sched_getscheduler(0)
        for (setting, expected) in [(nil, ThreadPolicy.batch), ("inherit", inherited)] {
            let directory = try temporaryDirectory()
            let mx = freePort()
            var extra: [String] = []
            if let setting {
                let config = directory.appendingPathComponent("postamt.toml")
                try "cpu_scheduling = \"\(setting)\"\n".write(to: config, atomically: true, encoding: .utf8)
                extra = ["--config", config.path]
            }
            let (process, _, error) = try startServer(in: directory, mx: mx, extra: extra)
            try await waitForPort(mx)
            // The threads that store, relay and deliver the message exist once it is delivered.
            let sent = try await send(port: mx, to: "postmaster@localhost", body: "Subject: policy\r\n\r\nhello\r\n")
            #expect(sent.standardOutput.contains("sent"))
            let delivered = await eventually(within: .seconds(10)) { !mailFiles(directory, "postmaster").isEmpty }
            #expect(delivered)
            let policies = ThreadPolicy.ofThreads(of: process.processIdentifier)
            #expect(policies.count >= 6, "the event loops, the commit and log threads at least: \(policies)")
            #expect(policies.values.allSatisfy { $0 == expected }, "\(setting ?? "default"): \(policies)")
            process.terminate()
            await process.exited()
            let log = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(!log.contains("SCHED_BATCH failed"), "\(log.suffix(1000))")
        }
    }

    @Test("a message acknowledged with 250 survives SIGKILL and is delivered after a restart")
    func durableAcrossKill() async throws {
        let directory = try temporaryDirectory()
        let mx = freePort()
        // Local delivery is held back by the lease of a killed process only as long as the
        // lease; here the server is killed right after the 250, usually before delivery.
        let (first, _, _) = try startServer(in: directory, mx: mx)
        try await waitForPort(mx)
        var acknowledged = 0
        for index in 0..<20 {
            let sent = try await send(port: mx, to: "postmaster@localhost", body: "Subject: m\(index)\r\n\r\nbody \(index)\r\n")
            if sent.standardOutput.contains("sent") { acknowledged += 1 }
        }
        kill(first.processIdentifier, SIGKILL)
        await first.exited()
        #expect(acknowledged == 20)
        // Fresh ports: another test may have taken the old ones since the kill.
        let restartedMX = freePort()
        let (second, _, _) = try startServer(in: directory, mx: restartedMX)
        try await waitForPort(restartedMX)
        for _ in 0..<200 where mailFiles(directory, "postmaster").count < acknowledged { try await Task.sleep(for: .milliseconds(50)) }
        let delivered = Set(mailFiles(directory, "postmaster").compactMap { text in
            text.split(separator: "\r\n").first { $0.hasPrefix("Subject: ") }.map(String.init)
        })
        #expect(delivered.count == acknowledged, "every acknowledged message is delivered at least once")
        second.terminate()
        await second.exited()
    }

    @Test("queue list/show/hold/release/retry/delete work against a running server, with --json")
    func queue() async throws {
        let directory = try temporaryDirectory()
        let mx = freePort()
        let closed = freePort()
        let (process, _, _) = try startServer(in: directory, mx: mx, extra: [
            "--trusted-networks", "127.0.0.0/8", "--relay-host", "127.0.0.1:\(closed)", "--relay-tls", "none", "--retry-first", "1h",
        ])
        defer { ProcessExit.stop(process.processIdentifier) }
        try await waitForPort(mx)
        _ = try await send(port: mx, to: "someone@far-away.test", body: "Subject: stuck\r\n\r\nwaiting\r\n")
        let data = ["--data-dir", directory.appendingPathComponent("postamt-data").path]
        var listed: [[String: Any]] = []
        for _ in 0..<100 {
            let list = try await PostamtBinary.run(["queue", "list", "--deferred", "--json"] + data)
            listed = (try? JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]]) ?? []
            if !listed.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let id = try #require(listed.first?["id"] as? String)
        let recipient = try #require((listed.first?["recipients"] as? [[String: Any]])?.first)
        #expect(recipient["state"] as? String == "deferred")
        #expect((recipient["lastResult"] as? String)?.hasPrefix("451 4.4.1") == true || (recipient["lastResult"] as? String)?.hasPrefix("451") == true)

        let show = try await PostamtBinary.run(["queue", "show", id] + data)
        #expect(show.status == 0)
        #expect(show.standardOutput.contains("someone@far-away.test: deferred"))
        #expect(show.standardOutput.contains("Temporary failure"))
        let showJSON = try await PostamtBinary.run(["queue", "show", id, "--json"] + data)
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(showJSON.standardOutput.utf8)) as? [String: Any])
        #expect(((detail["attempts"] as? [[String: Any]])?.count ?? 0) >= 1)

        #expect(try await PostamtBinary.run(["queue", "hold", id] + data).standardOutput.contains("1 recipient(s) held"))
        #expect(try await PostamtBinary.run(["queue", "list", "--held"] + data).standardOutput.contains(id))
        #expect(try await PostamtBinary.run(["queue", "release", id] + data).standardOutput.contains("1 recipient(s) released"))
        #expect(try await PostamtBinary.run(["queue", "retry", "--all"] + data).status == 0)
        #expect(try await PostamtBinary.run(["queue", "delete", id] + data).status == 0)
        #expect(try await PostamtBinary.run(["queue", "show", id] + data).status == 1)
        #expect(try await PostamtBinary.run(["queue", "list"] + data).standardOutput.contains("The queue is empty."))
    }

    @Test("user add reads the password from stdin, never argv; user list shows it; the hash is yescrypt")
    func users() async throws {
        let directory = try temporaryDirectory()
        let dataDirectory = directory.appendingPathComponent("data").path
        let add = try await PostamtBinary.run(["user", "add", "--data-dir", dataDirectory, "--local-domains", "example.test", "--password-stdin", "Alice@Example.test"], input: "s3cret pass\n")
        #expect(add.status == 0, "\(add.standardError)")
        let list = try await PostamtBinary.run(["user", "list", "--data-dir", dataDirectory])
        #expect(list.standardOutput == "alice@example.test\n")
        let again = try await PostamtBinary.run(["user", "add", "--data-dir", dataDirectory, "--password-stdin", "alice@example.test"], input: "x\n")
        #expect(again.status == 1)
        let database = try String(decoding: Data(contentsOf: URL(fileURLWithPath: dataDirectory + "/users.sqlite")), as: UTF8.self)
        #expect(database.contains("$y$"))
        #expect(!database.contains("s3cret pass"))
        let before = try Data(contentsOf: URL(fileURLWithPath: dataDirectory + "/users.sqlite"))
        let passwordFile = directory.appendingPathComponent("new-password").path
        try "another secret\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let change = try await PostamtBinary.run(["user", "passwd", "--data-dir", dataDirectory, "--password-file", passwordFile, "alice@example.test"])
        #expect(change.status == 0, "\(change.standardError)")
        #expect(try await PostamtBinary.run(["user", "passwd", "--data-dir", dataDirectory, "--password-file", passwordFile, "nobody@example.test"]).status == 1)
        _ = before
        let remove = try await PostamtBinary.run(["user", "remove", "--data-dir", dataDirectory, "alice@example.test"])
        #expect(remove.status == 0)
        #expect(try await PostamtBinary.run(["user", "list", "--data-dir", dataDirectory]).standardOutput.isEmpty)
    }

    @Test("config check names the line of every error and exits 1; a valid file exits 0")
    func configCheck() async throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("bad.toml").path
        try """
            hostname = "mail.example.com"
            hostnmae = "typo"
            trusted_networks = ["10.0.0.0/33"]

            [limits]
            max_recipients = 0
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try await PostamtBinary.run(["config", "check", "--config", file])
        #expect(bad.status == 1)
        #expect(bad.standardError.contains("bad.toml:2"))
        #expect(bad.standardError.contains("hostname"))
        #expect(bad.standardError.contains("bad.toml:3"))
        #expect(bad.standardError.contains("bad.toml:6"))
        let initialised = try await PostamtBinary.run(["init", "--config", directory.appendingPathComponent("postamt.toml").path, "--data-dir", directory.appendingPathComponent("data").path, "--domain", "example.test", "--hostname", "mail.example.test"])
        #expect(initialised.status == 0, "\(initialised.standardError)")
        let good = try await PostamtBinary.run(["config", "check", "--config", directory.appendingPathComponent("postamt.toml").path])
        #expect(good.status == 0, "\(good.standardError)")
        #expect(good.standardOutput.contains("configuration is valid"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/tls/certificate.pem").path))
    }
}

/// Runs any program and captures its output.
enum ProgramRunner {
    static func run(_ executable: String, _ arguments: [String]) throws -> PostamtBinary.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return PostamtBinary.Result(status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self), standardError: String(decoding: errData, as: UTF8.self))
    }
}

/// The scheduling policies of a process's threads, from `/proc` (proc(5): `policy` is the
/// 41st field of a thread's `stat`).
enum ThreadPolicy {
    /// Linux's `SCHED_BATCH`.
    static let batch: Int32 = 3

    /// Each thread's name and policy, by thread ID.
    static func ofThreads(of process: Int32) -> [String: Int32] {
        let directory = "/proc/\(process)/task"
        var policies: [String: Int32] = [:]
        for thread in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            guard let stat = try? String(contentsOfFile: "\(directory)/\(thread)/stat", encoding: .utf8),
                let nameEnd = stat.lastIndex(of: ")")
            else { continue }
            let name = stat[stat.index(after: stat.firstIndex(of: "(")!)..<nameEnd]
            // The fields after the name start with the third, the state.
            let fields = stat[stat.index(after: nameEnd)...].split(separator: " ")
            guard fields.count > 38, let policy = Int32(fields[38]) else { continue }
            policies["\(thread) \(name)"] = policy
        }
        return policies
    }
}
