import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Microsoft Autodiscover for Outlook: the POX request (`autodiscover.xml`) and the
/// response with the SMTP settings.
///
/// - SeeAlso: [MS-OXDSCLI] Autodiscover Publishing and Lookup Protocol, §2.2.4 (request)
///   and §2.2.4.2 (response, `outlook/responseschema/2006a`).
enum Autodiscover {
    static let requestNamespace = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
    static let responseSchema = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
    static let envelopeNamespace = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"

    struct Request: Sendable, Hashable {
        var emailAddress: String
        var acceptableResponseSchema: String
    }

    enum RequestError: Error, Equatable {
        case notXML
        case missingEmailAddress
        case unsupportedSchema(String)
    }

    /// Reads the EMailAddress and AcceptableResponseSchema of a request document.
    static func parse(_ body: Data) throws(RequestError) -> Request {
        let reader = RequestReader()
        let parser = XMLParser(data: body)
        parser.delegate = reader
        // No external entities or DTDs: this parses what strangers send.
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), reader.sawAutodiscover else { throw .notXML }
        guard let address = reader.values["EMailAddress"]?.trimmingCharacters(in: .whitespacesAndNewlines), !address.isEmpty else {
            throw .missingEmailAddress
        }
        let schema = reader.values["AcceptableResponseSchema"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? responseSchema
        guard schema == responseSchema else { throw .unsupportedSchema(schema) }
        return Request(emailAddress: address, acceptableResponseSchema: schema)
    }

    /// The response with one SMTP `Protocol` element per submission endpoint.
    static func response(emailAddress: String, displayName: String, endpoints: [SubmissionEndpoint]) -> String {
        var lines = [
            #"<?xml version="1.0" encoding="utf-8"?>"#,
            #"<Autodiscover xmlns="\#(envelopeNamespace)">"#,
            #"  <Response xmlns="\#(responseSchema)">"#,
            "    <User>",
            "      <DisplayName>\(xmlEscaped(displayName))</DisplayName>",
            "    </User>",
            "    <Account>",
            "      <AccountType>email</AccountType>",
            "      <Action>settings</Action>",
        ]
        for endpoint in endpoints {
            lines += [
                "      <Protocol>",
                "        <Type>SMTP</Type>",
                "        <Server>\(xmlEscaped(endpoint.host))</Server>",
                "        <Port>\(endpoint.port)</Port>",
                "        <DomainRequired>off</DomainRequired>",
                "        <LoginName>\(xmlEscaped(emailAddress))</LoginName>",
                "        <SPA>off</SPA>",
                // "SSL" is TLS from the first byte; "TLS" is STARTTLS, as Outlook reads it.
                "        <Encryption>\(endpoint.security == .implicitTLS ? "SSL" : "TLS")</Encryption>",
                "        <AuthRequired>on</AuthRequired>",
                "        <UsePOPAuth>off</UsePOPAuth>",
                "        <SMTPLast>off</SMTPLast>",
                "      </Protocol>",
            ]
        }
        lines += ["    </Account>", "  </Response>", "</Autodiscover>", ""]
        return lines.joined(separator: "\n")
    }

    /// The error response of [MS-OXDSCLI] §2.2.4.2.1 (600: invalid request).
    static func errorResponse(code: Int, message: String) -> String {
        let time = ISO8601DateFormatter().string(from: Date())
        return [
            #"<?xml version="1.0" encoding="utf-8"?>"#,
            #"<Autodiscover xmlns="\#(envelopeNamespace)">"#,
            "  <Response>",
            #"    <Error Time="\#(time)" Id="0">"#,
            "      <ErrorCode>\(code)</ErrorCode>",
            "      <Message>\(xmlEscaped(message))</Message>",
            "      <DebugData />",
            "    </Error>",
            "  </Response>",
            "</Autodiscover>",
            "",
        ].joined(separator: "\n")
    }

    private final class RequestReader: NSObject, XMLParserDelegate {
        var values: [String: String] = [:]
        var sawAutodiscover = false
        private var current: String?
        private var text = ""

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            let name = elementName.split(separator: ":").last.map(String.init) ?? elementName
            if name == "Autodiscover" { sawAutodiscover = true }
            current = name
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if current != nil, text.count < 1024 { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            let name = elementName.split(separator: ":").last.map(String.init) ?? elementName
            if name == current, values[name] == nil { values[name] = text }
            current = nil
        }
    }
}
