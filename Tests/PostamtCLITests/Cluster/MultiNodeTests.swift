import Foundation
import PostamtTestSupport
import Testing

/// Two and three real `postamt serve` processes sharing one PostgreSQL database, under
/// load from senders that fail over between them. The verdict each time: every message
/// that got a 250 reaches the sink at least once; duplicates are counted and reported.
@Suite("Several nodes on one PostgreSQL", .serialized)
struct MultiNodeTests {
    static func freshDatabase() async throws -> (port: Int, database: String) {
        let instance = try await offThread { try PostgresInstance.shared() }
        return (instance.port, try await offThread { try instance.createDatabase() })
    }

    /// What the sink got compared with what the senders were told; prints the figures.
    static func verdict(_ report: ClusterLoad.Report, cluster: PostamtCluster, label: String) async throws -> (duplicates: Int, byNode: [String: Int]) {
        let acknowledged = Set(report.acknowledged.keys)
        try await cluster.waitForDelivery(of: acknowledged, timeout: .seconds(90))
        let delivered = cluster.delivered()
        let subjects = delivered.map(\.subject)
        let missing = acknowledged.subtracting(subjects)
        #expect(missing.isEmpty, "\(label): acknowledged but not delivered: \(missing.sorted().prefix(10))\n\(cluster.logTails())")
        let duplicates = subjects.count - Set(subjects).count
        let byNode = Dictionary(grouping: delivered, by: \.node).mapValues(\.count)
        // On stderr, which is not buffered, so the figures survive a test process that is killed.
        FileHandle.standardError.write(Data("""
            \(label): \(acknowledged.count) acknowledged, \(report.temporary) temporary refusals, \(report.broken) broken connections, \
            \(report.given_up.count) given up; \(subjects.count) delivered (\(Set(subjects).count) distinct, \(duplicates) duplicates); \
            delivered by \(byNode.sorted { $0.key < $1.key })

            """.utf8))
        return (duplicates, byNode)
    }

    @Test("two nodes share the load: both accept, both deliver, nothing lost and nothing twice")
    func twoNodesShareTheLoad() async throws {
        let (port, database) = try await Self.freshDatabase()
        let sink = try await TestSMTPSink.start()
        defer { Task { await sink.stop() } }
        let cluster = try PostamtCluster(nodes: 2, postgresPort: port, database: database, sink: sink)
        defer { cluster.stop() }
        try await cluster.start()

        let load = try ClusterLoad(ports: cluster.mxPorts, count: 300, senders: 4, prefix: "share")
        defer { load.stop() }
        let report = try await load.finish()
        #expect(report.acknowledged.count == 300, "given up: \(report.given_up.prefix(5))")
        let acceptedBy = Dictionary(grouping: report.acknowledged.values, by: { $0 }).mapValues(\.count)
        for node in cluster.nodes {
            #expect((acceptedBy[node.mx] ?? 0) > 0, "\(node.name) accepted nothing")
        }
        let (duplicates, byNode) = try await Self.verdict(report, cluster: cluster, label: "two nodes")
        #expect(duplicates == 0, "with no failure, leases let no recipient go out twice")
        for node in cluster.nodes {
            #expect((byNode[node.name] ?? 0) > 0, "\(node.name) delivered nothing")
        }

        // The command line works on the shared queue and users, from any node's configuration.
        let configuration = cluster.nodes[1].configuration.path
        let added = try await PostamtBinary.run(["user", "add", "--config", configuration, "--password-stdin", "carol@example.test"], input: "carol's password\n")
        #expect(added.status == 0, "\(added.standardError)")
        let users = try await PostamtBinary.run(["user", "list", "--config", cluster.nodes[0].configuration.path])
        #expect(users.standardOutput.contains("carol@example.test"), "a user added on one node is a user on the others: \(users.standardError)")
        let listed = try await PostamtBinary.run(["queue", "list", "--all", "--json", "--config", configuration])
        #expect(listed.status == 0, "\(listed.standardError)")
        let messages = try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]]
        #expect(messages?.count == 300, "every message of both nodes is in the one queue")
    }

    @Test("three nodes, one killed with SIGKILL during load and delivery: the others take over its mail and its leases")
    func nodeKilledDuringLoad() async throws {
        let (port, database) = try await Self.freshDatabase()
        // Each delivery takes a moment, so that the killed node dies with deliveries in flight.
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.holdsEachMessage = .milliseconds(20)
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let cluster = try PostamtCluster(nodes: 3, postgresPort: port, database: database, sink: sink)
        defer { cluster.stop() }
        try await cluster.start()

        let victimProcess = try #require(cluster.nodes[1].process?.processIdentifier)
        let load = try ClusterLoad(ports: cluster.mxPorts, count: 600, senders: 6, prefix: "kill", killing: (victimProcess, 150))
        defer { load.stop() }
        let victim = cluster.nodes[1]
        let report = try await load.finish()
        // Reaps the process the senders killed.
        cluster.kill(1)
        let killedAfter = try #require(report.killed_after, "the senders killed the node")
        #expect(killedAfter < report.acknowledged.count, "the kill came during the load")
        #expect(report.given_up.isEmpty, "the senders failed over to the live nodes: \(report.given_up.prefix(5))\n\(cluster.logTails())")
        #expect(report.acknowledged.values.contains(victim.mx), "the killed node had accepted mail")
        let (duplicates, byNode) = try await Self.verdict(report, cluster: cluster, label: "three nodes, one killed")
        // Only what the killed node had in flight (or stored without getting its 250 out)
        // can arrive twice.
        #expect(duplicates <= 60, "\(duplicates) duplicates")
        #expect((byNode[cluster.nodes[0].name] ?? 0) + (byNode[cluster.nodes[2].name] ?? 0) > 0)
    }

    @Test("the database restarted during load: nodes answer 451 while it is down, reconnect, and lose nothing acknowledged")
    func databaseRestartedDuringLoad() async throws {
        // A cluster of this test's own, since restarting the shared one would disturb others.
        try await PostgresInstance.withPrivateCluster { clusterDirectory, port in
            let sink = try await TestSMTPSink.start()
            defer { Task { await sink.stop() } }
            let cluster = try PostamtCluster(nodes: 2, postgresPort: port, database: "postgres", sink: sink)
            defer { cluster.stop() }
            try await cluster.start()

            let load = try ClusterLoad(ports: cluster.mxPorts, count: 600, senders: 4, prefix: "restart")
            defer { load.stop() }
            try await load.waitForProgress(150)
            // Down for two seconds: every connection is cut, new ones are refused.
            try await PostgresInstance.restartPrivateCluster(clusterDirectory, downFor: 2)
            let report = try await load.finish()
            #expect(report.temporary > 0, "the senders were told to come back later while the database was down")
            #expect(report.given_up.isEmpty, "\(report.given_up.prefix(5))\n\(cluster.logTails())")
            #expect(report.acknowledged.count == 600)
            let (duplicates, _) = try await Self.verdict(report, cluster: cluster, label: "database restarted")
            #expect(duplicates <= 40, "\(duplicates) duplicates")
        }
    }
}
