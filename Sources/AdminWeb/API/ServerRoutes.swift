import Foundation
import Hummingbird
import MailQueue
import ServerActivity

/// `/api/v1/server` and `/api/v1/rejections`: what the server is and has been doing.
struct ServerRoutes: Sendable {
    let services: AdminServices
    let settings: AdminServer.Settings

    func register(on group: RouterGroup<AdminRequestContext>) {
        group.get("server") { _, _ in
            JSONResponse.make(try await status())
        }
        group.get("rejections") { request, _ in
            var limit = 100
            if let text = request.uri.queryParameters["limit"] {
                guard let value = Int(text), (1...RecentRejections.defaultCapacity).contains(value) else {
                    throw APIError(.badRequest, "limit must be a number from 1 to \(RecentRejections.defaultCapacity)")
                }
                limit = value
            }
            return JSONResponse.make(Rejections(recent: services.rejections.all(limit: limit), byClient: services.rejections.byClient()))
        }
    }

    struct Rejections: Encodable {
        var recent: [Rejection]
        var byClient: [RecentRejections.ClientSummary]
    }

    struct Status: Encodable, Sendable {
        var version: String
        var hostname: String
        var localDomains: [String]
        var startedAt: Double
        var uptimeSeconds: Int
        var listeners: [ListenerStatus]
        /// Since the server started, by kind.
        var counters: [String: Int]
        /// Recipients in the queue by state.
        var queue: [String: Int]
        /// Messages with recipients still to deliver.
        var messagesPending: Int
    }

    func status() async throws -> Status {
        let now = Date().timeIntervalSince1970
        let counts = try await storage { try await services.queue.recipientCounts() }
        let pending = try await storage { try await services.queue.messageCount() }
        return Status(
            version: settings.version,
            hostname: settings.hostname,
            localDomains: settings.localDomains,
            startedAt: services.activity.startedAt,
            uptimeSeconds: Int(now - services.activity.startedAt),
            listeners: services.listeners(),
            counters: Dictionary(uniqueKeysWithValues: services.activity.totals().map { ($0.key.rawValue, $0.value) }),
            queue: Dictionary(uniqueKeysWithValues: RecipientState.allCases.map { ($0.rawValue, counts[$0] ?? 0) }),
            messagesPending: pending
        )
    }
}
