@testable import AdminWeb
import Foundation
import PostamtConfiguration
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Mail-client autoconfiguration documents")
struct AutoconfigTests {
    let endpoints = SubmissionEndpoint.from(
        [ListenerStatus(role: "mx", host: "0.0.0.0", port: 25), ListenerStatus(role: "submission", host: "0.0.0.0", port: 587),
         ListenerStatus(role: "submissions", host: "0.0.0.0", port: 465), ListenerStatus(role: "submissions", host: "::", port: 465)],
        host: "mail.example.com"
    )

    static func golden(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test("submission endpoints: implicit TLS first (RFC 8314), each port once, MX left out")
    func endpointOrder() {
        #expect(endpoints == [
            SubmissionEndpoint(host: "mail.example.com", port: 465, security: .implicitTLS),
            SubmissionEndpoint(host: "mail.example.com", port: 587, security: .startTLS),
        ])
    }

    @Test("the Mozilla config-v1.1.xml matches the golden file Thunderbird's format expects")
    func mozilla() throws {
        let document = MozillaAutoconfig.document(
            domain: "example.com", displayName: "Example Mail", endpoints: endpoints,
            imap: AutoconfigSettings.IncomingServer(host: "imap.example.com", port: 993)
        )
        #expect(document == (try Self.golden("config-v1.1.xml")))
        #expect(XMLParser(data: Data(document.utf8)).parse())
    }

    @Test("the Autodiscover response matches the golden file of the Outlook response schema")
    func autodiscoverResponse() throws {
        let document = Autodiscover.response(emailAddress: "alice@example.com", displayName: "Example Mail", endpoints: endpoints)
        #expect(document == (try Self.golden("autodiscover-response.xml")))
        #expect(XMLParser(data: Data(document.utf8)).parse())
    }

    @Test("an Outlook request is read, with or without namespace prefixes")
    func autodiscoverRequest() throws {
        let request = try Self.golden("autodiscover-request.xml")
        #expect(try Autodiscover.parse(Data(request.utf8)).emailAddress == "alice@example.com")
        let prefixed = """
            <?xml version="1.0"?><a:Autodiscover xmlns:a="\(Autodiscover.requestNamespace)"><a:Request>\
            <a:EMailAddress> bob@example.com </a:EMailAddress></a:Request></a:Autodiscover>
            """
        #expect(try Autodiscover.parse(Data(prefixed.utf8)).emailAddress == "bob@example.com")
    }

    @Test("bad requests are refused: not XML, no address, another schema, external entities not expanded")
    func autodiscoverErrors() {
        #expect(throws: Autodiscover.RequestError.notXML) { try Autodiscover.parse(Data("hello".utf8)) }
        #expect(throws: Autodiscover.RequestError.notXML) { try Autodiscover.parse(Data("<html><body/></html>".utf8)) }
        #expect(throws: Autodiscover.RequestError.missingEmailAddress) {
            try Autodiscover.parse(Data("<Autodiscover><Request></Request></Autodiscover>".utf8))
        }
        #expect(throws: Autodiscover.RequestError.unsupportedSchema("http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006")) {
            try Autodiscover.parse(Data("""
                <Autodiscover><Request><EMailAddress>a@example.com</EMailAddress>\
                <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006</AcceptableResponseSchema>\
                </Request></Autodiscover>
                """.utf8))
        }
        let entity = """
            <?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/hostname">]>\
            <Autodiscover><Request><EMailAddress>&x;</EMailAddress></Request></Autodiscover>
            """
        let parsed = try? Autodiscover.parse(Data(entity.utf8))
        #expect(parsed == nil || parsed?.emailAddress.contains(ProcessInfo.processInfo.hostName) == false)
    }

    @Test("XML escaping covers markup characters and drops control characters")
    func escaping() {
        #expect(xmlEscaped("a<b>&\"c'\u{01}") == "a&lt;b&gt;&amp;&quot;c&apos;")
    }
}
