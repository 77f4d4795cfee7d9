import Foundation
import HTTPTypes
import Hummingbird

/// Lets a request through only with an identity: API requests get 401 (with how to
/// authenticate), page requests are sent to the login form.
struct RequireLogin: RouterMiddleware {
    typealias Context = AdminRequestContext

    enum Style: Sendable { case api, page }

    let authenticator: Authenticator
    let style: Style

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.identity = try await authenticator.identify(request, client: context.clientAddress)
        guard let identity = context.identity else {
            switch style {
            case .api:
                var error = APIError(.unauthorized, "log in: Authorization: Bearer TOKEN (admin.token_file) or Basic with an admin user's password")
                error.headers[.wwwAuthenticate] = "Basic realm=\"Postamt admin\", charset=\"UTF-8\""
                throw error
            case .page:
                let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                return Response.redirect(to: "/login?next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")", type: .found)
            }
        }
        // A browser sends the session cookie by itself, so an API call made with it must
        // also prove it comes from our pages (a form's CSRF token); pages check their forms.
        if style == .api, case .session(_, let csrf) = identity, request.method != .get, request.method != .head {
            guard request.headers[HTTPField.Name("X-CSRF-Token")!] == csrf else {
                throw APIError(.forbidden, "API calls with the session cookie need the X-CSRF-Token header")
            }
        }
        return try await next(request, context)
    }
}
