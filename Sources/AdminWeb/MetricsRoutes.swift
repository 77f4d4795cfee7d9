import Foundation
import Hummingbird
import MailQueue

/// `/metrics` in the Prometheus text format, and `/health`.
struct MetricsRoutes: Sendable {
    let services: AdminServices

    func registerMetrics(on group: RouterGroup<AdminRequestContext>) {
        group.get("metrics") { _, _ in
            // The queue's size is read when scraped rather than tracked on every change.
            if let counts = try? await services.queue.recipientCounts() {
                for state in RecipientState.allCases {
                    services.metrics.makeGauge(name: "postamt_queue_recipients", labels: [("state", state.rawValue)])
                        .set(Int64(counts[state] ?? 0))
                }
            }
            services.metrics.makeGauge(name: "postamt_uptime_seconds")
                .set(Int64(Date().timeIntervalSince1970 - services.activity.startedAt))
            var bytes: [UInt8] = []
            services.metrics.emit(into: &bytes)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
    }

    func registerHealth(on group: RouterGroup<AdminRequestContext>) {
        group.get("health") { _, _ in
            do {
                _ = try await services.queue.messageCount()
                return JSONResponse.make(Health(status: "ok", queue: "ok"))
            } catch {
                return JSONResponse.make(Health(status: "failing", queue: "\(error)"), status: .serviceUnavailable)
            }
        }
    }

    struct Health: Encodable {
        var status: String
        var queue: String
    }
}
