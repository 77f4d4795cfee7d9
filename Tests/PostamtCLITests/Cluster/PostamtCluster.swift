import Foundation
import PostamtTestSupport
import SMTPCore
import Testing

/// Several real `postamt serve` processes on one PostgreSQL database, relaying everything
/// to one test sink, with a shared mailbox directory. Each node has its own host name
/// (`node1.example.test`, …), which it sends in EHLO, so the sink can tell who delivered.
final class PostamtCluster: @unchecked Sendable {
    struct Node {
        var name: String
        /// The MX port, chosen anew each time the node is (re)configured.
        var mx: Int
        var configuration: URL
        var process: Process?
    }

    let directory: URL
    let sink: TestSMTPSink
    let postgresPort: Int
    let database: String
    private(set) var nodes: [Node] = []

    init(nodes count: Int, postgresPort: Int, database: String, sink: TestSMTPSink) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("postamt-cluster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.sink = sink
        self.postgresPort = postgresPort
        self.database = database
        for number in 1...count {
            let nodeDirectory = directory.appendingPathComponent("node\(number)")
            try FileManager.default.createDirectory(at: nodeDirectory, withIntermediateDirectories: true)
            nodes.append(Node(name: "node\(number).example.test", mx: 0, configuration: nodeDirectory.appendingPathComponent("postamt.toml")))
            try writeConfiguration(nodes.count - 1)
        }
    }

    /// Writes a node's configuration with fresh free ports for its listeners.
    private func writeConfiguration(_ index: Int) throws {
        let ports = ServeCommandTests.freePorts(3)
        let mx = ports[0]
        nodes[index].mx = mx
        let nodeDirectory = nodes[index].configuration.deletingLastPathComponent()
        try """
            hostname = "\(nodes[index].name)"
            data_directory = "\(nodeDirectory.path)/data"
            mail_directory = "\(directory.path)/mail"
            local_domains = ["example.test"]
            trusted_networks = ["127.0.0.0/8"]
            log_level = "warning"
            storage = "postgres"

            [postgres]
            url = "postgres://\(PostgresInstance.user)@127.0.0.1:\(postgresPort)/\(database)"
            connections = 8
            timeout = "2s"

            [delivery]
            lease_time = "3s"

            [retry]
            first_interval = "1s"
            max_interval = "1s"

            [admin]
            listen = "off"

            [[listener]]
            role = "mx"
            address = "127.0.0.1:\(mx)"

            [[listener]]
            role = "submission"
            address = "127.0.0.1:\(ports[1])"

            [[listener]]
            role = "submissions"
            address = "127.0.0.1:\(ports[2])"

            [[transport]]
            domain = "*"
            address = "127.0.0.1:\(sink.port)"
            tls = "none"
            """.write(to: nodes[index].configuration, atomically: true, encoding: .utf8)
    }

    /// Starts every node at once (they migrate the fresh database together) and waits
    /// until each listens.
    ///
    /// A node that exits before it listens (a free port taken by someone else in between)
    /// is started again on other ports; slow starts on a loaded machine are waited for.
    func start() async throws {
        for index in nodes.indices { try launch(index) }
        for index in nodes.indices {
            var launches = 1
            let deadline = ContinuousClock.now + .seconds(120)
            while !canConnect(port: nodes[index].mx) {
                if let process = nodes[index].process, ProcessExit.wait(process.processIdentifier, timeout: .zero) {
                    guard launches < 3 else {
                        Issue.record("\(nodes[index].name) exited at start:\n\(logTails())")
                        return
                    }
                    launches += 1
                    try writeConfiguration(index)
                    try launch(index)
                }
                guard ContinuousClock.now < deadline else {
                    Issue.record("\(nodes[index].name) did not listen within two minutes:\n\(logTails())")
                    return
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    private func launch(_ index: Int) throws {
        let process = Process()
        process.executableURL = PostamtBinary.url
        process.currentDirectoryURL = directory
        process.arguments = ["serve", "--config", nodes[index].configuration.path]
        let log = logFile(index)
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        nodes[index].process = process
    }

    private func logFile(_ index: Int) -> URL {
        nodes[index].configuration.deletingLastPathComponent().appendingPathComponent("node.log")
    }

    /// The last lines each node logged (warnings and errors), for the report of a failure.
    func logTails(lines: Int = 15) -> String {
        nodes.indices.map { index in
            let text = (try? String(contentsOf: logFile(index), encoding: .utf8)) ?? ""
            return "--- \(nodes[index].name)\n" + text.split(separator: "\n").suffix(lines).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// SIGKILL: no shutdown, no released leases, connections cut mid-transaction.
    func kill(_ index: Int) {
        guard let process = nodes[index].process else { return }
        ProcessExit.stop(process.processIdentifier, signal: SIGKILL)
        nodes[index].process = nil
    }

    func stop() {
        for index in nodes.indices {
            if let process = nodes[index].process { ProcessExit.stop(process.processIdentifier) }
            nodes[index].process = nil
        }
        try? FileManager.default.removeItem(at: directory)
    }

    var mxPorts: [Int] { nodes.map(\.mx) }

    /// The subjects the sink received, in order, with the node that delivered each.
    func delivered() -> [(subject: String, node: String)] {
        sink.received.compactMap { message in
            guard let subject = String(decoding: message.content, as: UTF8.self).split(separator: "\r\n")
                .first(where: { $0.hasPrefix("Subject: ") })
            else { return nil }
            return (String(subject.dropFirst(9)), message.envelope.clientName)
        }
    }

    /// Waits until every subject in `expected` has reached the sink, or `timeout` passed.
    func waitForDelivery(of expected: Set<String>, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !expected.isSubset(of: Set(delivered().map(\.subject))) {
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// `cluster_load.py` running in the background: senders that move to the next node when one
/// fails, as MTAs do with several MX hosts.
final class ClusterLoad: @unchecked Sendable {
    struct Report: Decodable {
        /// Subject → the MX port that answered 250.
        var acknowledged: [String: Int]
        var temporary: Int
        var broken: Int
        var given_up: [String]
        /// How many messages were acknowledged when the node given to kill was killed.
        var killed_after: Int?
    }

    private let process = Process()
    private let output = Pipe()
    private let progressFile: String

    /// With `killing`, the senders kill that process with SIGKILL once `at` messages are
    /// acknowledged.
    init(ports: [Int], count: Int, senders: Int, prefix: String, killing: (pid: Int32, at: Int)? = nil) throws {
        progressFile = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString)").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            repositoryFile("Tests/PostamtCLITests/Cluster/cluster_load.py"), "--ports", ports.map(String.init).joined(separator: ","),
            "--count", "\(count)", "--senders", "\(senders)", "--prefix", prefix, "--progress", progressFile, "--deadline", "150",
        ] + (killing.map { ["--kill-pid", "\($0.pid)", "--kill-at", "\($0.at)"] } ?? [])
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Messages acknowledged so far.
    var progress: Int {
        (try? String(contentsOfFile: progressFile, encoding: .utf8)).flatMap { Int($0) } ?? 0
    }

    /// Waits until at least `count` messages were acknowledged (or the senders finished).
    func waitForProgress(_ count: Int, timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        while progress < count, kill(process.processIdentifier, 0) == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Ends the senders if they still run (after a failed expectation).
    func stop() {
        guard !finished else { return }
        ProcessExit.stop(process.processIdentifier, grace: .seconds(5))
    }

    /// Whether ``finish()`` has waited for the senders (their process ID may be reused).
    private var finished = false

    /// Waits for the senders to finish and reads their report.
    func finish() async throws -> Report {
        let output = self.output
        let process = self.process
        let data = try await offThread {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            ProcessExit.wait(process.processIdentifier, timeout: .seconds(30))
            return data
        }
        finished = true
        try? FileManager.default.removeItem(atPath: progressFile)
        return try JSONDecoder().decode(Report.self, from: data)
    }
}
