import Foundation
import Testing

/// The web admin's pages and forms through curl with a cookie jar, as a browser without
/// JavaScript uses them.
@Suite("Web admin pages", .serialized)
struct WebPageTests {
    /// A logged-in browser-like client and the CSRF token of its session.
    static func logIn(_ server: AdminTestServer) async throws -> (AdminHTTP, String) {
        let jar = FileManager.default.temporaryDirectory.appendingPathComponent("jar-\(UUID().uuidString)").path
        let browser = AdminHTTP(port: server.port, cookieJar: jar)
        let login = try await browser.request("POST", "/login", body: "user=alice%40example.test&password=correct+horse+battery&next=%2Fusers", form: true)
        #expect(login.status == 303)
        #expect(login.headers["location"] == "/users")
        let page = try await browser.get("/users").text
        let csrf = try #require(page.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/)?.1)
        return (browser, String(csrf))
    }

    @Test("pages need a login: they redirect to the form, which refuses a wrong password and a user who is no admin")
    func login() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        let redirect = try await server.anonymous.get("/queue?state=deferred")
        #expect(redirect.status == 302)
        #expect(redirect.headers["location"]?.hasPrefix("/login?next=") == true)
        let form = try await server.anonymous.get("/login")
        #expect(form.status == 200)
        #expect(form.text.contains(#"<form method="post" action="/login""#))
        #expect(!form.text.contains("<script"))
        let wrong = try await server.anonymous.request("POST", "/login", body: "user=alice%40example.test&password=nope", form: true)
        #expect(wrong.status == 401)
        #expect(wrong.text.contains("Wrong user name or password"))
        let notAdmin = try await server.anonymous.request("POST", "/login", body: "user=bob%40example.test&password=x", form: true)
        #expect(notAdmin.status == 401)
        let incomplete = try await server.anonymous.request("POST", "/login", body: "user=alice%40example.test", form: true)
        #expect(incomplete.status == 400)
    }

    @Test("dashboard, queue, message, users and rejections render with the server's data")
    func pages() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        try await server.send(to: "carol@far-away.test", subject: "Invoice")
        try await server.send(to: "nobody@example.test")
        let id = try await server.waitForMessage(inState: "deferred")
        let (browser, _) = try await Self.logIn(server)

        let dashboard = try await browser.get("/")
        #expect(dashboard.status == 200)
        #expect(dashboard.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        #expect(dashboard.text.contains(#"id="total-accepted">1<"#))
        #expect(dashboard.text.contains(#"id="queue-deferred">1<"#))
        #expect(dashboard.text.components(separatedBy: "<svg class=\"chart\"").count - 1 == 2)
        #expect(dashboard.text.contains("unknown-recipient"))

        let queue = try await browser.get("/queue?state=deferred")
        #expect(queue.text.contains(#"<tr id="message-\#(id)">"#))
        #expect(queue.text.contains("451 4.3.0"))
        #expect(queue.text.contains(#"<div class="explanation">"#))
        #expect(queue.text.contains(#"action="/queue/\#(id)/retry""#))

        let message = try await browser.get("/queue/\(id)")
        #expect(message.text.contains("Invoice"))
        #expect(message.text.contains("carol@far-away.test"))
        #expect(message.text.contains(#"action="/queue/\#(id)/hold""#))

        let users = try await browser.get("/users")
        #expect(users.text.contains(#"<tr id="user-alice@example.test">"#))
        let rejections = try await browser.get("/rejections")
        #expect(rejections.text.contains("127.0.0.1"))
        let css = try await browser.get("/static/style.css")
        #expect(css.headers["content-type"]?.hasPrefix("text/css") == true)
    }

    @Test("forms act with the session's CSRF token and are refused without it")
    func forms() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        try await server.send(to: "dave@far-away.test")
        let id = try await server.waitForMessage(inState: "deferred")
        let (browser, csrf) = try await Self.logIn(server)

        let forged = try await browser.request("POST", "/queue/\(id)/hold", body: "csrf=0000&back=%2Fqueue", form: true)
        #expect(forged.status == 403)
        let held = try await browser.request("POST", "/queue/\(id)/hold", body: "csrf=\(csrf)&back=%2Fqueue%2F\(id)", form: true)
        #expect(held.status == 303)
        #expect(held.headers["location"] == "/queue/\(id)?notice=hold-1")
        #expect(try await browser.get(held.headers["location"]!).text.contains("Held: 1 recipient(s)."))

        let added = try await browser.request("POST", "/users", body: "csrf=\(csrf)&name=erin%40example.test&password=erins+password", form: true)
        #expect(added.status == 303)
        #expect(try await browser.get("/users").text.contains("erin@example.test"))
        let short = try await browser.request("POST", "/users", body: "csrf=\(csrf)&name=frank%40example.test&password=short", form: true)
        #expect(short.status == 422)
        #expect(short.text.contains("at least 8 characters"))
        let removed = try await browser.request("POST", "/users/erin@example.test/delete", body: "csrf=\(csrf)", form: true)
        #expect(removed.status == 303)
        #expect(try await !browser.get("/users").text.contains("erin@example.test"))

        let deleted = try await browser.request("POST", "/queue/\(id)/delete", body: "csrf=\(csrf)", form: true)
        #expect(deleted.headers["location"] == "/queue?notice=deleted")

        let logout = try await browser.request("POST", "/logout", body: "csrf=\(csrf)", form: true)
        #expect(logout.status == 303)
        #expect(try await browser.get("/users").status == 302)
    }
}
