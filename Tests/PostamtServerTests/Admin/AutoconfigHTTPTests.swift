import Foundation
import PostamtConfiguration
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Autoconfig and Autodiscover as Thunderbird and Outlook fetch them from a running server:
/// the ports in the answers are the ones the submission listeners really have.
@Suite("Mail-client autoconfiguration over HTTP", .serialized)
struct AutoconfigHTTPTests {
    /// The text of every `element` in `xml`, in order.
    static func values(of element: String, in xml: Data) -> [String] {
        final class Collector: NSObject, XMLParserDelegate {
            let element: String
            var values: [String] = []
            var current: String?
            init(element: String) { self.element = element }
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
                if name == element { current = "" }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == element, let current { values.append(current) }
                if name == element { current = nil }
            }
        }
        let collector = Collector(element: element)
        let parser = XMLParser(data: xml)
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(String(decoding: xml, as: UTF8.self))")
        return collector.values
    }

    @Test("config-v1.1.xml, at both paths, names the bound submission ports: SSL on the implicit-TLS one, STARTTLS on the other")
    func mozilla() async throws {
        let server = try await AdminTestServer.start { $0.autoconfig.displayName = "Example Test Mail" }
        defer { Task { await server.stop() } }
        for path in ["/mail/config-v1.1.xml?emailaddress=alice%40example.test", "/.well-known/autoconfig/mail/config-v1.1.xml"] {
            let reply = try await server.anonymous.get(path)
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"]?.hasPrefix("application/xml") == true)
            #expect(Self.values(of: "port", in: reply.body) == ["\(server.mail.submissions)", "\(server.mail.submission)"])
            #expect(Self.values(of: "socketType", in: reply.body) == ["SSL", "STARTTLS"])
            #expect(Self.values(of: "hostname", in: reply.body) == ["mail.example.test", "mail.example.test"])
            #expect(Self.values(of: "displayName", in: reply.body) == ["Example Test Mail"])
            #expect(Self.values(of: "username", in: reply.body) == ["%EMAILADDRESS%", "%EMAILADDRESS%"])
        }
        let foreign = try await server.anonymous.get("/mail/config-v1.1.xml?emailaddress=someone%40elsewhere.example")
        #expect(foreign.status == 404)
        #expect(foreign.errorMessage == "elsewhere.example is not a domain of this server")
        #expect(try await server.anonymous.get("/mail/config-v1.1.xml?emailaddress=not-an-address").status == 400)
    }

    @Test("Autodiscover answers Outlook's POST with SMTP on the bound ports; bad requests get error 600")
    func autodiscover() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        let request = """
            <?xml version="1.0" encoding="utf-8"?>
            <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
              <Request>
                <EMailAddress>alice@example.test</EMailAddress>
                <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
              </Request>
            </Autodiscover>
            """
        for path in ["/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml"] {
            let reply = try await server.anonymous.request("POST", path, headers: ["Content-Type: text/xml"], body: request)
            #expect(reply.status == 200)
            #expect(Self.values(of: "Port", in: reply.body) == ["\(server.mail.submissions)", "\(server.mail.submission)"])
            #expect(Self.values(of: "Encryption", in: reply.body) == ["SSL", "TLS"])
            #expect(Self.values(of: "LoginName", in: reply.body) == ["alice@example.test", "alice@example.test"])
            #expect(Self.values(of: "Type", in: reply.body) == ["SMTP", "SMTP"])
        }
        let cases = [
            ("not xml", "not an Autodiscover XML document"),
            (request.replacingOccurrences(of: "alice@example.test", with: "bob@elsewhere.example"), "bob@elsewhere.example is not an address of this server"),
            (request.replacingOccurrences(of: "<EMailAddress>alice@example.test</EMailAddress>", with: ""), "no EMailAddress"),
        ]
        for (body, message) in cases {
            let reply = try await server.anonymous.request("POST", "/autodiscover/autodiscover.xml", headers: ["Content-Type: text/xml"], body: body)
            #expect(reply.status == 200)
            #expect(Self.values(of: "ErrorCode", in: reply.body) == ["600"])
            #expect(Self.values(of: "Message", in: reply.body).first?.contains(message) == true, "\(reply.text)")
        }
    }
}
