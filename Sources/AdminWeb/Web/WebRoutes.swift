import Foundation
import Hummingbird
import MailQueue
import SMTPCore
import ServerActivity

/// The web admin: server-rendered pages and plain HTML forms, usable without JavaScript.
struct WebRoutes: Sendable {
    let services: AdminServices
    let settings: AdminServer.Settings
    let authenticator: Authenticator
    let sessions: SessionStore
    let renderer: PageRenderer
    let queue: QueueRoutes
    let users: UserRoutes

    func registerPublic(on router: Router<AdminRequestContext>) {
        router.get("static/style.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: PackageResources.style_css))
            )
        }
        router.get("login") { request, _ in
            renderer.page("login", ["next": Self.localPath(request.uri.queryParameters["next"].map(String.init))], identity: nil)
        }
        router.post("login") { request, context in
            let form = try await Self.form(LoginForm.self, request, context)
            let next = Self.localPath(form.next)
            guard authenticator.throttle.mayTry(context.clientAddress) else {
                return renderer.page("login", ["next": next], identity: nil, error: "Too many failed logins from your address; try again later.", status: .tooManyRequests)
            }
            guard let user = await authenticator.verify(user: form.user, password: form.password, client: context.clientAddress) else {
                context.logger.notice("admin login failed", metadata: ["client": "\(context.clientAddress)", "user": "\(form.user)"])
                return renderer.page("login", ["next": next], identity: nil, error: "Wrong user name or password, or the user is no admin.", status: .unauthorized)
            }
            let (id, _) = sessions.create(user: user)
            context.logger.notice("admin logged in", metadata: ["client": "\(context.clientAddress)", "user": "\(user)"])
            var response = Response.redirect(to: next, type: .normal)
            response.setCookie(Cookie(name: Authenticator.sessionCookie, value: id, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
    }

    func register(on group: RouterGroup<AdminRequestContext>) {
        group.post("logout") { request, context in
            try await checkForm(CSRFForm.self, request, context)
            if let id = request.cookies[Authenticator.sessionCookie]?.value { sessions.remove(id) }
            var response = Response.redirect(to: "/login", type: .normal)
            response.setCookie(Cookie(name: Authenticator.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        group.get("") { _, context in try await dashboard(context) }
        group.get("queue") { request, context in try await queuePage(request, context) }
        group.get("queue/:id") { request, context in try await messagePage(request, context) }
        group.post("queue/:id/:action") { request, context in
            let form = try await checkForm(BackForm.self, request, context)
            let id = try queue.queueID(context)
            let action = context.parameters.get("action") ?? ""
            if action == "delete" {
                guard try await storage({ try await services.queue.delete(id) }) else { throw queue.notFound(id) }
                return Response.redirect(to: "/queue?notice=deleted", type: .normal)
            }
            let changed = try await queue.perform(action, on: id)
            let back = Self.localPath(form.back)
            return Response.redirect(to: back + (back.contains("?") ? "&" : "?") + "notice=\(action)-\(changed)", type: .normal)
        }
        group.get("users") { request, context in try await usersPage(context, notice: Self.notice(request)) }
        group.post("users") { request, context in
            let form = try await checkForm(NewUserForm.self, request, context)
            do {
                _ = try await users.add(name: form.name, password: form.password)
            } catch let error as APIError {
                return try await usersPage(context, error: error.message, status: error.status)
            }
            return Response.redirect(to: "/users?notice=user-added", type: .normal)
        }
        group.post("users/:name/delete") { request, context in
            try await checkForm(CSRFForm.self, request, context)
            try await users.remove(context.parameters.get("name") ?? "")
            return Response.redirect(to: "/users?notice=user-removed", type: .normal)
        }
        group.post("users/:name/password") { request, context in
            let form = try await checkForm(PasswordForm.self, request, context)
            do {
                try await users.setPassword(form.password, for: context.parameters.get("name") ?? "")
            } catch let error as APIError {
                return try await usersPage(context, error: error.message, status: error.status)
            }
            // Changing one's own password ends one's own session too.
            return Response.redirect(to: "/users?notice=password-changed", type: .normal)
        }
        group.get("rejections") { _, context in rejectionsPage(context) }
    }

    // MARK: Pages

    private func dashboard(_ context: AdminRequestContext) async throws -> Response {
        let now = Date().timeIntervalSince1970
        let counts = try await storage { try await services.queue.recipientCounts() }
        let totals = services.activity.totals()
        let labels: [ActivityKind: String] = [
            .accepted: "accepted", .delivered: "delivered", .deferred: "deferred", .bounced: "bounced", .rejected: "rejected",
        ]
        let hour = ActivityChart(
            series: ActivityKind.allCases.map { .init(kind: $0, counts: services.activity.series($0, buckets: 60, bucketMinutes: 1, now: now)) },
            ticks: stride(from: 0, through: 60, by: 15).map { index in (min(index, 59), index == 60 ? "now" : "-\(60 - index)m") },
            title: "Messages per minute, last hour"
        )
        let day = ActivityChart(
            series: ActivityKind.allCases.map { .init(kind: $0, counts: services.activity.series($0, buckets: 48, bucketMinutes: 30, now: now)) },
            ticks: stride(from: 0, through: 48, by: 8).map { index in (min(index, 47), index == 48 ? "now" : "-\((48 - index) / 2)h") },
            title: "Messages per half hour, last day"
        )
        let recent = services.rejections.all(limit: 8).map(Self.rejectionRow)
        let values: [String: Any] = [
            "totals": ActivityKind.allCases.map { ["kind": $0.rawValue, "label": labels[$0]!, "count": totals[$0] ?? 0] },
            "uptime": PageRenderer.duration(now - services.activity.startedAt),
            "chartHour": hour.svg(),
            "chartDay": day.svg(),
            "queue": RecipientState.allCases.filter { !$0.isFinal }.map { ["state": $0.rawValue, "count": counts[$0] ?? 0] },
            "listeners": services.listeners().map {
                ["role": $0.role, "host": $0.host, "port": $0.port, "meaning": Self.listenerMeaning($0.role)]
            },
            "rejections": recent,
            "hasRejections": !recent.isEmpty,
        ]
        return renderer.page("dashboard", values, identity: context.identity, navigation: "dashboard")
    }

    private func queuePage(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }.filter { $0.0 != "notice" && !$0.1.isEmpty }
        let filter: QueueFilter
        do {
            filter = try QueueFilter.parse(query)
        } catch {
            return renderer.page("queue", ["messages": [Any](), "states": Self.stateOptions(selected: "")], identity: context.identity,
                                 navigation: "queue", error: error.message, status: .badRequest)
        }
        let messages = try await queue.list(filter)
        let explainer = language(of: request)
        let now = Date().timeIntervalSince1970
        let stateValue = query.first { $0.0 == "state" }?.1 ?? "queued,in-flight,deferred,held"
        let back = "/queue?" + query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        let rows: [[String: Any]] = messages.map { message in
            [
                "id": message.id,
                "received": PageRenderer.time(message.receivedAt),
                "sender": message.sender,
                "back": back,
                "retryable": message.recipients.contains { $0.state == "deferred" || $0.state == "queued" },
                "recipients": message.recipients.map { recipient -> [String: Any] in
                    var row: [String: Any] = ["mailbox": recipient.mailbox, "state": recipient.state, "attempts": recipient.attempts]
                    if let next = recipient.nextAttemptAt, recipient.state == "deferred" {
                        row["nextAttempt"] = next > now ? "in " + PageRenderer.duration(next - now) : "now"
                    }
                    if let last = recipient.lastResult, recipient.state != "delivered" {
                        row["lastResult"] = last
                        if let explanation = Explanation(last, explainer: .init(language: explainer)) {
                            row["explanation"] = Self.explanationValues(explanation)
                        }
                    }
                    return row
                },
            ]
        }
        let values: [String: Any] = [
            "messages": rows,
            "hasMessages": !rows.isEmpty,
            "states": Self.stateOptions(selected: stateValue),
            "stateTitle": stateValue == "queued,in-flight,deferred,held" ? "waiting" : stateValue,
            "filter": ["sender": filter.sender ?? "", "recipient": filter.recipient ?? "", "domain": filter.domain ?? ""],
        ]
        return renderer.page("queue", values, identity: context.identity, navigation: "queue", notice: Self.notice(request))
    }

    private func messagePage(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let id = try queue.queueID(context)
        guard let detail = try await queue.detail(id, language: language(of: request)) else { throw queue.notFound(id) }
        let states = Set(detail.recipients.map(\.state))
        var actions: [[String: String]] = []
        if states.contains("deferred") || states.contains("queued") { actions.append(["action": "retry", "label": "Retry now"]) }
        if states.contains("deferred") || states.contains("queued") { actions.append(["action": "hold", "label": "Hold"]) }
        if states.contains("held") { actions.append(["action": "release", "label": "Release"]) }
        actions.append(["action": "delete", "label": "Delete"])
        let now = Date().timeIntervalSince1970
        let values: [String: Any] = [
            "id": detail.id,
            "received": PageRenderer.time(detail.receivedAt),
            "clientName": detail.clientName,
            "clientAddress": detail.clientAddress,
            "authenticatedUser": detail.authenticatedUser as Any,
            "mailCommand": detail.mailCommand,
            "size": detail.size,
            "actions": actions,
            "recipients": detail.recipients.map { recipient -> [String: Any] in
                var row: [String: Any] = [
                    "mailbox": recipient.mailbox, "rcptCommand": recipient.rcptCommand, "state": recipient.state, "attempts": recipient.attempts,
                ]
                if let next = recipient.nextAttemptAt, recipient.state == "deferred" {
                    row["nextAttempt"] = next > now ? "in " + PageRenderer.duration(next - now) : "now"
                }
                if let last = recipient.lastResult { row["lastResult"] = last }
                if let explanation = recipient.explanation { row["explanation"] = Self.explanationValues(explanation) }
                return row
            },
            "attempts": detail.attempts.reversed().map { attempt -> [String: Any] in
                var row: [String: Any] = [
                    "time": PageRenderer.time(attempt.time), "mailbox": attempt.mailbox, "host": attempt.host,
                    "tls": attempt.tls, "result": attempt.result, "transcript": attempt.transcript,
                ]
                if let address = attempt.address { row["address"] = address }
                if let explanation = attempt.explanation { row["explanation"] = Self.explanationValues(explanation) }
                return row
            },
            "hasAttempts": !detail.attempts.isEmpty,
            "headers": detail.headers.map { ["name": $0.name, "value": $0.value] },
        ]
        return renderer.page("message", values, identity: context.identity, navigation: "queue", notice: Self.notice(request))
    }

    private func usersPage(_ context: AdminRequestContext, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let list = try await users.list()
        let values: [String: Any] = [
            "users": list.map { ["name": $0.name, "created": PageRenderer.time($0.createdAt), "admin": $0.admin] },
        ]
        return renderer.page("users", values, identity: context.identity, navigation: "users", notice: notice, error: error, status: status)
    }

    private func rejectionsPage(_ context: AdminRequestContext) -> Response {
        let clients = services.rejections.byClient().map { summary -> [String: Any] in
            let known = ["wrong-port", "tls-failure", "authentication"]
            return [
                "client": summary.clientAddress,
                "wrongPort": summary.counts["wrong-port"] ?? 0,
                "tlsFailure": summary.counts["tls-failure"] ?? 0,
                "authentication": summary.counts["authentication"] ?? 0,
                "other": summary.counts.filter { !known.contains($0.key) }.values.reduce(0, +),
                "last": PageRenderer.time(summary.lastTime),
                "detail": summary.last.detail,
            ]
        }
        let values: [String: Any] = [
            "clients": clients,
            "hasClients": !clients.isEmpty,
            "recent": services.rejections.all(limit: 100).map(Self.rejectionRow),
        ]
        return renderer.page("rejections", values, identity: context.identity, navigation: "rejections")
    }

    // MARK: Forms

    struct CSRFForm: Decodable { var csrf: String }
    struct BackForm: Decodable {
        var csrf: String
        var back: String?
    }
    struct NewUserForm: Decodable {
        var csrf: String
        var name: String
        var password: String
    }
    struct PasswordForm: Decodable {
        var csrf: String
        var password: String
    }
    struct LoginForm: Decodable {
        var user: String
        var password: String
        var next: String?
    }

    static func form<Form: Decodable>(_ type: Form.Type, _ request: Request, _ context: AdminRequestContext) async throws -> Form {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
        } catch {
            throw APIError(.badRequest, "the form is incomplete")
        }
    }

    /// Decodes a form and checks its CSRF token against the session's.
    @discardableResult
    private func checkForm<Form: Decodable>(_ type: Form.Type, _ request: Request, _ context: AdminRequestContext) async throws -> Form {
        let form = try await Self.form(Form.self, request, context)
        let sent = (form as? any CSRFCarrying)?.csrfToken
        guard case .session(_, let csrf) = context.identity, sent == csrf else {
            throw APIError(.forbidden, "the form is stale or did not come from this admin; reload the page and try again")
        }
        return form
    }

    // MARK: Helpers

    /// A path on this server, or `/`: never another site (no open redirect).
    static func localPath(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"), !text.contains(where: \.isNewline) else { return "/" }
        return text
    }

    /// The message for a `notice` code in the query; only known codes are shown.
    static func notice(_ request: Request) -> String? {
        guard let code = request.uri.queryParameters["notice"].map(String.init) else { return nil }
        let parts = code.split(separator: "-")
        if parts.count == 2, let count = Int(parts[1]) {
            switch parts[0] {
            case "retry": return count > 0 ? "Retrying now: \(count) recipient(s) are due." : "Nothing to retry: no recipient is waiting."
            case "hold": return "Held: \(count) recipient(s)."
            case "release": return "Released: \(count) recipient(s)."
            default: break
            }
        }
        return [
            "deleted": "The message was deleted.",
            "user-added": "The user was added.",
            "user-removed": "The user was removed.",
            "password-changed": "The password was changed.",
        ][code]
    }

    static func stateOptions(selected: String) -> [[String: Any]] {
        let options = [("queued,in-flight,deferred,held", "waiting"), ("deferred", "deferred"), ("held", "held"), ("queued", "queued"),
                       ("in-flight", "in flight"), ("bounced", "bounced"), ("delivered", "delivered"), ("all", "all")]
        return options.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] }
    }

    static func explanationValues(_ explanation: Explanation) -> [String: Any] {
        var values: [String: Any] = [
            "summary": explanation.summary, "consequence": explanation.consequence, "faultSummary": explanation.faultSummary,
            "advice": explanation.advice, "hasAdvice": !explanation.advice.isEmpty,
        ]
        if let cause = explanation.cause { values["cause"] = cause }
        if let first = explanation.advice.first { values["firstAdvice"] = first }
        return values
    }

    static func rejectionRow(_ rejection: Rejection) -> [String: Any] {
        ["time": PageRenderer.time(rejection.time), "client": rejection.clientAddress, "listener": rejection.listener,
         "kind": rejection.kind.rawValue, "detail": rejection.detail]
    }

    static func listenerMeaning(_ role: String) -> String {
        switch role {
        case "mx": "mail from other servers (port 25 in production)"
        case "submission": "STARTTLS, then login (port 587 in production)"
        default: "SSL/TLS from the first byte, then login (port 465 in production)"
        }
    }
}

/// Forms that carry the session's CSRF token.
protocol CSRFCarrying { var csrfToken: String { get } }
extension WebRoutes.CSRFForm: CSRFCarrying { var csrfToken: String { csrf } }
extension WebRoutes.BackForm: CSRFCarrying { var csrfToken: String { csrf } }
extension WebRoutes.NewUserForm: CSRFCarrying { var csrfToken: String { csrf } }
extension WebRoutes.PasswordForm: CSRFCarrying { var csrfToken: String { csrf } }
