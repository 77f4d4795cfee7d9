import Metrics
import MetricsTestKit
import PostamtTestSupport
import Testing

@testable import SMTPServer

/// The process-wide metrics backend for these tests; swift-metrics allows one bootstrap.
let recordedMetrics: TestMetrics = {
    let metrics = TestMetrics()
    MetricsSystem.bootstrap(metrics)
    return metrics
}()

@Suite("Wrong-port detections are counted")
struct WrongPortMetricsTests {
    private func count(_ listener: ListenerRole, _ kind: String) -> Int64 {
        (try? recordedMetrics.expectCounter("postamt_wrong_port_total", [("listener", listener.rawValue), ("kind", kind)]).totalValue) ?? 0
    }

    @Test("plaintext on port 465 and TLS on port 587 each increase postamt_wrong_port_total")
    func counted() async throws {
        _ = recordedMetrics
        // A silent plaintext client: the answer comes from the silence timer, so no write of
        // ours can race the server closing the connection.
        let fixture = try await ServerFixture.start(silenceLimit: .milliseconds(200))
        let plaintextBefore = count(.submissions, "plaintext-on-tls")
        let tlsBefore = count(.submission, "tls-on-plaintext")

        let plaintext = try await fixture.connect(.submissions)
        #expect(try await plaintext.readReply().code == 554)
        let tls = try await fixture.connect(.submission, tls: true)
        _ = await tls.waitForClose()
        try await Task.sleep(for: .milliseconds(100))

        // Other suites running in parallel may count their own detections too.
        #expect(count(.submissions, "plaintext-on-tls") >= plaintextBefore + 1)
        #expect(count(.submission, "tls-on-plaintext") >= tlsBefore + 1)
        await fixture.server.shutdown()
    }
}
