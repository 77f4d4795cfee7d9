import Explain
import Foundation
import Hummingbird
import MailQueue
import SMTPCore

/// `/api/v1/queue`: list with filters, one message in detail, retry, hold, release, delete.
struct QueueRoutes: Sendable {
    let services: AdminServices

    func register(on group: RouterGroup<AdminRequestContext>) {
        group.get("queue") { request, _ in
            let filter = try QueueFilter.parse(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
            return JSONResponse.make(QueueList(messages: try await list(filter)))
        }
        group.post("queue/retry") { _, _ in
            let changed = try await storage { try await services.queue.retry(nil, now: Date().timeIntervalSince1970) }
            services.wakeDelivery()
            return JSONResponse.make(Changed(changed: changed))
        }
        group.get("queue/:id") { request, context in
            let id = try queueID(context)
            guard let detail = try await detail(id, language: try requestedLanguage(request)) else { throw notFound(id) }
            return JSONResponse.make(detail)
        }
        group.post("queue/:id/:action") { _, context in
            let id = try queueID(context)
            let action = context.parameters.get("action") ?? ""
            let changed = try await perform(action, on: id)
            return JSONResponse.make(Changed(changed: changed))
        }
        group.delete("queue/:id") { _, context in
            let id = try queueID(context)
            guard try await storage({ try await services.queue.delete(id) }) else { throw notFound(id) }
            return Response(status: .noContent)
        }
    }

    struct QueueList: Encodable {
        var messages: [QueuedMessageSummary]
    }

    struct Changed: Encodable {
        var changed: Int
    }

    func list(_ filter: QueueFilter) async throws -> [QueuedMessageSummary] {
        let now = Date().timeIntervalSince1970
        // Filters other than the state are applied here, over the newest messages.
        let scan = filter == QueueFilter(states: filter.states, limit: filter.limit) ? filter.limit : 10_000
        let messages = try await storage { try await services.queue.messages(inStates: filter.states, limit: scan) }
        return messages.filter { filter.matches($0, now: now) }.prefix(filter.limit).map(QueuedMessageSummary.init)
    }

    func detail(_ id: QueueID, language: Language) async throws -> MessageDetail? {
        guard let message = try await storage({ try await services.queue.message(id) }) else { return nil }
        let content = try await storage { try await services.queue.content(of: id) }
        let attempts = try await storage { try await services.queue.attempts(for: id) }
        return MessageDetail(message: message, content: content, attempts: attempts, explainer: ReplyExplainer(language: language))
    }

    /// Carries out `retry`, `hold` or `release`; the number of recipients changed.
    func perform(_ action: String, on id: QueueID) async throws -> Int {
        let now = Date().timeIntervalSince1970
        guard try await storage({ try await services.queue.message(id) }) != nil else { throw notFound(id) }
        let changed: Int
        switch action {
        case "retry": changed = try await storage { try await services.queue.retry(id, now: now) }
        case "hold": changed = try await storage { try await services.queue.hold(id, now: now) }
        case "release": changed = try await storage { try await services.queue.release(id, now: now) }
        default: throw APIError(.notFound, "no action '\(action)'; use retry, hold or release")
        }
        if action != "hold" { services.wakeDelivery() }
        return changed
    }

    func queueID(_ context: AdminRequestContext) throws -> QueueID {
        let text = context.parameters.get("id") ?? ""
        guard let id = QueueID(rawValue: text) else { throw APIError(.badRequest, "'\(text)' is not a queue ID") }
        return id
    }

    func notFound(_ id: QueueID) -> APIError {
        APIError(.notFound, "no message \(id.rawValue) in the queue")
    }
}

/// One line of the queue list.
struct QueuedMessageSummary: Encodable, Sendable {
    struct Recipient: Encodable, Sendable {
        var mailbox: String
        var state: String
        var attempts: Int
        var nextAttemptAt: Double?
        var lastResult: String?
    }

    var id: String
    var receivedAt: Double
    var sender: String
    var size: Int
    var clientAddress: String
    var recipients: [Recipient]

    init(_ message: QueuedMessage) {
        id = message.id.rawValue
        receivedAt = message.receivedAt
        sender = message.sender
        size = message.size
        clientAddress = message.clientAddress
        recipients = message.recipients.map {
            Recipient(mailbox: $0.mailbox, state: $0.state.rawValue, attempts: $0.attempts, nextAttemptAt: $0.state.isFinal ? nil : $0.nextAttemptAt, lastResult: $0.lastResult)
        }
    }
}

/// Runs a storage call, answering 503 when the database fails.
func storage<Value>(_ body: () async throws -> Value) async throws -> Value {
    do {
        return try await body()
    } catch let error as APIError {
        throw error
    } catch {
        throw APIError(.serviceUnavailable, "the queue database failed: \(error)")
    }
}

/// `?lang=`, which must be a language Postamt explains in, else as ``language(of:)``.
func requestedLanguage(_ request: Request) throws -> Language {
    if let lang = request.uri.queryParameters["lang"], Language(rawValue: String(lang)) == nil {
        throw APIError(.badRequest, "lang must be en or de")
    }
    return language(of: request)
}

/// `?lang=de`, else the first of Accept-Language that is German or English; default English.
func language(of request: Request) -> Language {
    if let lang = request.uri.queryParameters["lang"], let language = Language(rawValue: String(lang)) { return language }
    let accepted = request.headers[.acceptLanguage] ?? ""
    for part in accepted.split(separator: ",") {
        let tag = part.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        if tag.hasPrefix("de") { return .german }
        if tag.hasPrefix("en") { return .english }
    }
    return .english
}
