import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the admin pages from the templates compiled into the binary.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let hostname: String
    let version: String

    init(hostname: String, version: String) throws {
        var library = MustacheLibrary()
        let templates: [(String, [UInt8])] = [
            ("layout", PackageResources.layout_mustache),
            ("login", PackageResources.login_mustache),
            ("dashboard", PackageResources.dashboard_mustache),
            ("queue", PackageResources.queue_mustache),
            ("message", PackageResources.message_mustache),
            ("users", PackageResources.users_mustache),
            ("rejections", PackageResources.rejections_mustache),
        ]
        for (name, bytes) in templates {
            try library.register(String(decoding: bytes, as: UTF8.self), named: name)
        }
        self.library = library
        self.hostname = hostname
        self.version = version
    }

    /// The page `template` with `values`, inside the layout with the navigation for `identity`.
    func page(
        _ template: String, _ values: [String: Any], identity: AdminIdentity?, navigation: String? = nil,
        notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        var context = values
        context["hostname"] = hostname
        context["version"] = version
        context["lang"] = "en"
        if let identity {
            context["user"] = identity.name
            if case .session(_, let csrf) = identity { context["csrf"] = csrf }
        }
        if let navigation { context["nav"] = [navigation: true] }
        if let notice { context["notice"] = notice }
        if let error { context["error"] = error }
        let html = library.render(context, withTemplate: template) ?? "template \(template) missing"
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                // Nothing but our own stylesheet and inline SVG; no scripts at all.
                .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
                .cacheControl: "no-store",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
                HTTPField.Name("Referrer-Policy")!: "same-origin",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html))
        )
    }

    /// `2026-11-29 08:30:12 UTC`.
    static func time(_ seconds: Double) -> String {
        formatter.string(from: Date(timeIntervalSince1970: seconds)) + " UTC"
    }

    /// `3m`, `2h 5m`, `1d 4h`.
    static func duration(_ seconds: Double) -> String {
        let total = max(0, Int(seconds))
        let days = total / 86400, hours = total % 86400 / 3600, minutes = total % 3600 / 60
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m" }
        return "\(total)s"
    }

    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter
    }()
}
