import Foundation
import Hummingbird
import PostamtConfiguration
import SMTPCore

/// Mozilla autoconfig and Microsoft Autodiscover, describing the submission listeners that
/// are really bound, so a mail client gets the right port and security mode.
struct AutoconfigRoutes: Sendable {
    let services: AdminServices
    let settings: AdminServer.Settings

    func register(on group: RouterGroup<AdminRequestContext>) {
        group.get("mail/config-v1.1.xml") { request, _ in try mozilla(request) }
        group.get(".well-known/autoconfig/mail/config-v1.1.xml") { request, _ in try mozilla(request) }
        // Outlook asks both spellings; the router is case-sensitive.
        group.post("autodiscover/autodiscover.xml") { request, context in try await autodiscover(request, context: context) }
        group.post("Autodiscover/Autodiscover.xml") { request, context in try await autodiscover(request, context: context) }
    }

    private var clientHost: String { settings.autoconfig.hostname ?? settings.hostname }
    private var endpoints: [SubmissionEndpoint] { SubmissionEndpoint.from(services.listeners(), host: clientHost) }

    private func mozilla(_ request: Request) throws -> Response {
        var domain = settings.localDomains.first ?? settings.hostname
        if let address = request.uri.queryParameters["emailaddress"] {
            guard let mailbox = Mailbox(String(address)) else {
                throw APIError(.badRequest, "emailaddress '\(address)' is not a mail address")
            }
            guard settings.localDomains.contains(mailbox.domain.normalized) else {
                throw APIError(.notFound, "\(mailbox.domain) is not a domain of this server")
            }
            domain = mailbox.domain.normalized
        }
        let document = MozillaAutoconfig.document(
            domain: domain, displayName: settings.autoconfig.displayName ?? domain, endpoints: endpoints, imap: settings.autoconfig.imap
        )
        return xml(document)
    }

    private func autodiscover(_ request: Request, context: AdminRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard body.readableBytes > 0 else { throw APIError(.badRequest, "POST the Autodiscover request XML") }
        let parsed: Autodiscover.Request
        do {
            parsed = try Autodiscover.parse(Data(body.readableBytesView))
        } catch {
            let message = switch error {
            case .notXML: "The request is not an Autodiscover XML document."
            case .missingEmailAddress: "The request has no EMailAddress."
            case .unsupportedSchema(let schema): "Only \(Autodiscover.responseSchema) is supported, not \(schema)."
            }
            return xml(Autodiscover.errorResponse(code: 600, message: message))
        }
        guard let mailbox = Mailbox(parsed.emailAddress), settings.localDomains.contains(mailbox.domain.normalized) else {
            return xml(Autodiscover.errorResponse(code: 600, message: "\(parsed.emailAddress) is not an address of this server."))
        }
        return xml(Autodiscover.response(
            emailAddress: mailbox.description, displayName: settings.autoconfig.displayName ?? mailbox.domain.normalized, endpoints: endpoints
        ))
    }

    private func xml(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/xml; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
