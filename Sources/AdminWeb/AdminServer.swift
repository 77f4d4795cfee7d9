import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// The HTTP side of `postamt serve` (Hummingbird): the web admin, the JSON API under
/// `/api/v1`, `/metrics`, `/health`, and mail-client autoconfiguration.
public final class AdminServer: Sendable {
    private let settings: Settings
    private let services: AdminServices
    private let logger: Logger
    private let running = NIOLockedValueBox<(group: ServiceGroup, task: Task<Void, Never>)?>(nil)

    public init(settings: Settings, services: AdminServices, logger: Logger) {
        self.settings = settings
        self.services = services
        self.logger = logger
    }

    /// Binds and starts serving; returns the port (the one the system picked for port 0).
    public func start() async throws -> Int {
        let router = try makeRouter()
        let bound = BoundPort()
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "Postamt"),
            onServerRunning: { channel in bound.resume(.success(channel.localAddress?.port ?? 0)) },
            logger: logger
        )
        let group = ServiceGroup(services: [app], logger: logger)
        let task = Task {
            do {
                try await group.run()
            } catch {
                bound.resume(.failure(error))
            }
        }
        running.withLockedValue { $0 = (group, task) }
        let port = try await bound.value
        if !["127.0.0.1", "::1", "localhost"].contains(settings.host) {
            logger.warning("the admin listener is reachable from other machines over plain HTTP; put it behind a TLS proxy", metadata: ["address": "\(settings.host):\(port)"])
        }
        return port
    }

    public func stop() async {
        guard let (group, task) = running.withLockedValue({ state in defer { state = nil }; return state }) else { return }
        await group.triggerGracefulShutdown()
        await task.value
    }

    func makeRouter() throws -> Router<AdminRequestContext> {
        let router = Router(context: AdminRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        let sessions = SessionStore()
        let authenticator = Authenticator(
            token: settings.token, admins: settings.admins, users: services.users, sessions: sessions, throttle: LoginThrottle()
        )
        let apiLogin = RequireLogin(authenticator: authenticator, style: .api)

        let metrics = MetricsRoutes(services: services)
        metrics.registerHealth(on: settings.publicEndpoints.contains(.health) ? router.group() : router.group().add(middleware: apiLogin))
        metrics.registerMetrics(on: settings.publicEndpoints.contains(.metrics) ? router.group() : router.group().add(middleware: apiLogin))
        AutoconfigRoutes(services: services, settings: settings)
            .register(on: settings.publicEndpoints.contains(.autoconfig) ? router.group() : router.group().add(middleware: apiLogin))
        router.get("api/openapi.yaml") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/yaml; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_yaml))
            )
        }

        let queue = QueueRoutes(services: services)
        let users = UserRoutes(services: services, admins: settings.admins, sessions: sessions)
        let api = router.group("api/v1").add(middleware: apiLogin)
        queue.register(on: api)
        users.register(on: api)
        ServerRoutes(services: services, settings: settings).register(on: api)

        let web = WebRoutes(
            services: services, settings: settings, authenticator: authenticator, sessions: sessions,
            renderer: try PageRenderer(hostname: settings.hostname, version: settings.version), queue: queue, users: users
        )
        web.registerPublic(on: router)
        web.register(on: router.group().add(middleware: RequireLogin(authenticator: authenticator, style: .page)))
        return router
    }
}

/// The port the server bound, handed from `onServerRunning` (or the failure to bind) to
/// `start()`, once.
private final class BoundPort: Sendable {
    private let state = NIOLockedValueBox<(result: Result<Int, any Error>?, waiter: CheckedContinuation<Int, any Error>?)>((nil, nil))

    func resume(_ result: Result<Int, any Error>) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Int, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    var value: Int {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let result = state.withLockedValue { state -> Result<Int, any Error>? in
                    if state.result == nil { state.waiter = continuation }
                    return state.result
                }
                if let result { continuation.resume(with: result) }
            }
        }
    }
}

/// Every error becomes a JSON answer with a message; unexpected ones are logged and
/// answered 500 without internals.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            let message = error.body ?? (error.status == .notFound ? "nothing at \(request.uri.path)" : error.status.reasonPhrase)
            var converted = APIError(error.status, message)
            converted.headers = error.headers
            throw converted
        } catch let error as any HTTPResponseError {
            throw APIError(error.status, error.status.reasonPhrase)
        } catch {
            context.logger.error("admin request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw APIError(.internalServerError, "the server failed to answer; see its log")
        }
    }
}
