import Hummingbird
import NIOCore

/// The request context of the admin server: who is logged in, if anyone.
struct AdminRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by the authentication middleware.
    var identity: AdminIdentity?
    /// The client's IP address, for login throttling and the log.
    let clientAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Requests are small JSON documents and forms; nothing legitimate comes near this.
    var maxUploadSize: Int { 64 * 1024 }
}

/// Who a request acts for.
enum AdminIdentity: Sendable, Hashable {
    /// The configured API token.
    case token
    /// An admin user by HTTP Basic authentication (API clients).
    case user(String)
    /// An admin user logged in through the web form; `csrf` must come back with every form.
    case session(user: String, csrf: String)

    var name: String {
        switch self {
        case .token: "token"
        case .user(let name), .session(let name, _): name
        }
    }
}
