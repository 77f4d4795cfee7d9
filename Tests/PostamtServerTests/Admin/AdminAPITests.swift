import Foundation
import PostamtConfiguration
import PostamtTestSupport
import Testing

/// The JSON API over real HTTP (curl) against a running server: authentication, the queue,
/// users, server status, rejections, and errors for bad input.
@Suite("Admin JSON API", .serialized)
struct AdminAPITests {
    @Test("without credentials the API answers 401 with how to log in; a wrong token 401; the token and an admin's password work")
    func authentication() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }

        let anonymous = try await server.anonymous.get("/api/v1/server")
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Basic realm=") == true)
        #expect(anonymous.errorMessage?.contains("Bearer") == true)

        let wrongToken = try await server.anonymous.get("/api/v1/server", headers: ["Authorization: Bearer not-the-token"])
        #expect(wrongToken.status == 401)
        #expect(wrongToken.errorMessage == "the token is wrong")

        #expect(try await server.api.get("/api/v1/server").status == 200)

        let basic = Data("\(TestMailServer.user):\(TestMailServer.password)".utf8).base64EncodedString()
        #expect(try await server.anonymous.get("/api/v1/users", headers: ["Authorization: Basic \(basic)"]).status == 200)

        // A real user who is not an admin cannot use the API.
        _ = try await server.api.request("POST", "/api/v1/users", body: #"{"name": "bob@example.test", "password": "bobs password"}"#)
        let bob = Data("bob@example.test:bobs password".utf8).base64EncodedString()
        #expect(try await server.anonymous.get("/api/v1/users", headers: ["Authorization: Basic \(bob)"]).status == 401)

        let malformed = try await server.anonymous.get("/api/v1/users", headers: ["Authorization: Basic !!!"])
        #expect(malformed.status == 401)
        let scheme = try await server.anonymous.get("/api/v1/users", headers: ["Authorization: Digest abc"])
        #expect(scheme.status == 401)
    }

    @Test("repeated wrong credentials from one address are refused with 429, even with the right token afterwards")
    func throttling() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        for _ in 0..<5 {
            #expect(try await server.anonymous.get("/api/v1/server", headers: ["Authorization: Bearer guess"]).status == 401)
        }
        let refused = try await server.api.get("/api/v1/server")
        #expect(refused.status == 429)
        #expect(refused.errorMessage?.contains("too many failed logins") == true)
    }

    @Test("health, metrics and autoconfig are public by default and need a login when configured so")
    func publicEndpoints() async throws {
        let open = try await AdminTestServer.start()
        #expect(try await open.anonymous.get("/health").status == 200)
        #expect(try await open.anonymous.get("/metrics").status == 200)
        #expect(try await open.anonymous.get("/mail/config-v1.1.xml").status == 200)
        await open.stop()

        let closed = try await AdminTestServer.start(public: [])
        defer { Task { await closed.stop() } }
        #expect(try await closed.anonymous.get("/health").status == 401)
        #expect(try await closed.anonymous.get("/metrics").status == 401)
        #expect(try await closed.anonymous.get("/mail/config-v1.1.xml").status == 401)
        #expect(try await closed.api.get("/metrics").status == 200)
        #expect(try await closed.anonymous.get("/api/openapi.yaml").status == 200)
    }

    @Test("the queue lists a deferred message with filters; its detail has envelope, header, attempts and explanations")
    func queueListAndDetail() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        #expect(try await server.send(to: "carol@far-away.test", subject: "Quarterly report").code.rawValue == 250)
        let id = try await server.waitForMessage(inState: "deferred")

        func ids(_ query: String) async throws -> [String] {
            let reply = try await server.api.get("/api/v1/queue?\(query)")
            #expect(reply.status == 200, "\(query): \(reply.text)")
            return try (reply.json()["messages"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(try await ids("state=deferred") == [id])
        #expect(try await ids("state=held").isEmpty)
        #expect(try await ids("state=deferred,held") == [id])
        #expect(try await ids("sender=ALICE") == [id])
        #expect(try await ids("sender=nobody").isEmpty)
        #expect(try await ids("recipient=carol") == [id])
        #expect(try await ids("domain=far-away.test") == [id])
        #expect(try await ids("domain=example.test").isEmpty)
        #expect(try await ids("newer_than=1h") == [id])
        #expect(try await ids("older_than=1h").isEmpty)
        #expect(try await ids("state=all&limit=1").count == 1)

        let detail = try await server.api.get("/api/v1/queue/\(id)")
        #expect(detail.status == 200)
        let json = try detail.json()
        #expect(json["sender"] as? String == "<alice@example.test>")
        #expect((json["mail_command"] as? String)?.hasPrefix("MAIL FROM:<alice@example.test>") == true)
        let headers = try #require(json["headers"] as? [[String: String]])
        #expect(headers.contains { $0["name"] == "Subject" && $0["value"] == "Quarterly report" })
        let recipient = try #require((json["recipients"] as? [[String: Any]])?.first)
        #expect(recipient["state"] as? String == "deferred")
        #expect((recipient["last_result"] as? String)?.hasPrefix("451 4.3.0") == true)
        let explanation = try #require(recipient["explanation"] as? [String: Any])
        #expect(explanation["outcome"] as? String == "temporary-failure")
        #expect((explanation["summary"] as? String)?.isEmpty == false)
        let attempts = try #require(json["attempts"] as? [[String: Any]])
        #expect(attempts.count == 1)
        #expect((attempts.first?["transcript"] as? String)?.contains("451 4.3.0") == true)
        #expect(attempts.first?["explanation"] != nil)

        let german = try await server.api.get("/api/v1/queue/\(id)?lang=de")
        let germanSummary = ((try german.json()["recipients"] as? [[String: Any]])?.first?["explanation"] as? [String: Any])?["summary"] as? String
        #expect(germanSummary != explanation["summary"] as? String)
    }

    @Test("retry, hold, release and delete act on the message and answer how many recipients changed")
    func queueActions() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        try await server.send(to: "dave@far-away.test")
        let id = try await server.waitForMessage(inState: "deferred")

        let retry = try await server.api.request("POST", "/api/v1/queue/\(id)/retry")
        #expect(retry.status == 200)
        #expect(try retry.json()["changed"] as? Int == 1)
        // The retry happens at once: a second attempt, deferred again by the sink.
        await eventually(within: .seconds(20)) { server.sink.attempts >= 2 }
        #expect(server.sink.attempts >= 2)

        await eventually(within: .seconds(20)) {
            (try? await server.api.get("/api/v1/queue?state=deferred").json()["messages"] as? [[String: Any]])?.first?["recipients"]
                .flatMap { ($0 as? [[String: Any]])?.first?["attempts"] as? Int } == 2
        }
        let hold = try await server.api.request("POST", "/api/v1/queue/\(id)/hold")
        #expect(try hold.json()["changed"] as? Int == 1)
        #expect(try await server.api.get("/api/v1/queue?state=held").json()["messages"].map { ($0 as? [Any])?.count } == 1)
        let release = try await server.api.request("POST", "/api/v1/queue/\(id)/release")
        #expect(try release.json()["changed"] as? Int == 1)

        let unknownAction = try await server.api.request("POST", "/api/v1/queue/\(id)/explode")
        #expect(unknownAction.status == 404)
        #expect(unknownAction.errorMessage?.contains("retry, hold or release") == true)

        #expect(try await server.api.request("DELETE", "/api/v1/queue/\(id)").status == 204)
        let gone = try await server.api.request("DELETE", "/api/v1/queue/\(id)")
        #expect(gone.status == 404)
        #expect(gone.errorMessage == "no message \(id) in the queue")
        #expect(try await server.api.get("/api/v1/queue/\(id)").status == 404)
        #expect(try await server.api.request("POST", "/api/v1/queue/\(id)/retry").status == 404)
    }

    @Test("bad queue input gets 400 with a message that names the problem")
    func badQueueInput() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        let cases: [(String, String)] = [
            ("/api/v1/queue?state=lost", "state 'lost' is unknown"),
            ("/api/v1/queue?limit=0", "limit must be a number"),
            ("/api/v1/queue?limit=abc", "limit must be a number"),
            ("/api/v1/queue?older_than=soon", "older_than must be an age"),
            ("/api/v1/queue?colour=red", "unknown filter 'colour'"),
            ("/api/v1/queue/not-an-id", "is not a queue ID"),
            ("/api/v1/queue/%00%ff", "is not a queue ID"),
        ]
        for (path, message) in cases {
            let reply = try await server.api.get(path)
            #expect(reply.status == 400, "\(path)")
            #expect(reply.errorMessage?.contains(message) == true, "\(path): \(reply.text)")
        }
        let missing = try await server.api.get("/api/v1/nothing-here")
        #expect(missing.status == 404)
        #expect(missing.headers["content-type"]?.hasPrefix("application/json") == true)
        #expect(try await server.api.get("/health").status == 200)
    }

    @Test("users: list, add, change password, remove; the new password works for SMTP AUTH; bad input gets 400 or 422")
    func users() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        let list = try await server.api.get("/api/v1/users")
        let users = try #require(list.json()["users"] as? [[String: Any]])
        #expect(users.contains { $0["name"] as? String == TestMailServer.user && $0["admin"] as? Bool == true })
        #expect(users.filter { $0["admin"] as? Bool == true }.count == 1)

        let added = try await server.api.request("POST", "/api/v1/users", body: #"{"name": "Erin@Example.test", "password": "erins first password"}"#)
        #expect(added.status == 201)
        #expect(try added.json()["name"] as? String == "erin@example.test")
        #expect(try await SMTPLogin.succeeds(port: server.mail.submission, user: "erin@example.test", password: "erins first password"))

        let duplicate = try await server.api.request("POST", "/api/v1/users", body: #"{"name": "erin@example.test", "password": "another password"}"#)
        #expect(duplicate.status == 409)

        #expect(try await server.api.request("PUT", "/api/v1/users/erin@example.test/password", body: #"{"password": "erins second password"}"#).status == 204)
        #expect(try await SMTPLogin.succeeds(port: server.mail.submission, user: "erin@example.test", password: "erins second password"))
        #expect(try await !SMTPLogin.succeeds(port: server.mail.submission, user: "erin@example.test", password: "erins first password"))

        let bad: [(String, String, String, Int, String)] = [
            ("POST", "/api/v1/users", #"{"name": "not an address", "password": "long enough"}"#, 422, "is not a mail address"),
            ("POST", "/api/v1/users", #"{"name": "frank@example.test", "password": "short"}"#, 422, "at least 8 characters"),
            ("POST", "/api/v1/users", #"{"name": "frank@example.test"}"#, 400, "needs \"password\""),
            ("POST", "/api/v1/users", #"{"name": 12, "password": "long enough"}"#, 400, "\"name\" has the wrong type"),
            ("POST", "/api/v1/users", #"{"name": "#, 400, "not valid JSON"),
            ("PUT", "/api/v1/users/nobody@example.test/password", #"{"password": "long enough"}"#, 404, "no user nobody@example.test"),
            ("DELETE", "/api/v1/users/nobody@example.test", "", 404, "no user"),
        ]
        for (method, path, body, status, message) in bad {
            let reply = try await server.api.request(method, path, body: body.isEmpty ? nil : body)
            #expect(reply.status == status, "\(method) \(path) \(body): \(reply.text)")
            #expect(reply.errorMessage?.contains(message) == true, "\(method) \(path) \(body): \(reply.text)")
        }
        let huge = try await server.api.request("POST", "/api/v1/users", body: #"{"name": "x@example.test", "password": ""# + String(repeating: "a", count: 100_000) + #""}"#)
        #expect(huge.status == 413)

        #expect(try await server.api.request("DELETE", "/api/v1/users/erin@example.test").status == 204)
        #expect(try await !SMTPLogin.succeeds(port: server.mail.submission, user: "erin@example.test", password: "erins second password"))
    }

    @Test("server status: version, the bound listeners, counters and queue figures")
    func serverStatus() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        try await server.send(to: "alice@example.test")
        _ = await server.mail.waitForMail("alice")
        let status = try await server.api.get("/api/v1/server").json()
        #expect(status["hostname"] as? String == "mail.example.test")
        #expect((status["version"] as? String)?.isEmpty == false)
        let listeners = try #require(status["listeners"] as? [[String: Any]])
        #expect(Set(listeners.compactMap { $0["port"] as? Int }) == [server.mail.mx, server.mail.submission, server.mail.submissions])
        let counters = try #require(status["counters"] as? [String: Int])
        #expect(counters["accepted"] == 1)
        await eventually { (try? await server.api.get("/api/v1/server").json()["counters"] as? [String: Int])?["delivered"] == 1 }
        #expect(try await server.api.get("/api/v1/server").json()["counters"].flatMap { ($0 as? [String: Int])?["delivered"] } == 1)
    }

    @Test("wrong-port and failed logins show under rejections by client address, and in the metrics")
    func rejections() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        // A client set to SSL/TLS on the STARTTLS port sends a ClientHello first.
        let hello = try await TestSMTPClient.connect(port: server.mail.mx)
        try await hello.send([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00])
        _ = try? await hello.readReply()
        #expect(try await !SMTPLogin.succeeds(port: server.mail.submission, user: TestMailServer.user, password: "wrong password"))
        try await server.send(to: "nobody@example.test")

        await eventually { (try? await server.api.get("/api/v1/rejections").json()["recent"] as? [Any])?.count ?? 0 >= 3 }
        let json = try await server.api.get("/api/v1/rejections").json()
        let recent = try #require(json["recent"] as? [[String: Any]])
        let kinds = Set(recent.compactMap { $0["kind"] as? String })
        #expect(kinds.isSuperset(of: ["wrong-port", "authentication", "unknown-recipient"]), "\(recent)")
        let byClient = try #require(json["by_client"] as? [[String: Any]])
        #expect(byClient.first?["client_address"] as? String == "127.0.0.1")
        let counts = try #require(byClient.first?["counts"] as? [String: Int])
        #expect(counts["wrong-port"] == 1)
        #expect(counts["authentication"] == 1)
        #expect(try await server.api.get("/api/v1/rejections?limit=0").status == 400)

        let metrics = try await server.anonymous.get("/metrics").text
        #expect(metrics.contains(#"postamt_wrong_port_total{listener="mx",kind="tls-on-plaintext"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"postamt_auth_failures_total{listener="submission"} 1"#))
        #expect(metrics.contains(#"postamt_messages_rejected_total{reason="unknown-recipient"} 1"#))
    }

    @Test("metrics: connections, replies by class, messages by outcome, queue size by state, attempt latency")
    func metrics() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        try await server.send(to: "alice@example.test")
        try await server.send(to: "gina@far-away.test")
        _ = try await server.waitForMessage(inState: "deferred")
        await eventually { (try? await server.anonymous.get("/metrics").text.contains("postamt_messages_delivered_total{route=\"local\"} 1")) == true }
        let reply = try await server.anonymous.get("/metrics")
        #expect(reply.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = reply.text
        for line in [
            #"postamt_connections_total{listener="mx"} 2"#,
            #"postamt_messages_accepted_total{listener="mx"} 2"#,
            #"postamt_messages_delivered_total{route="local"} 1"#,
            #"postamt_messages_deferred_total{route="remote"} 1"#,
            #"postamt_queue_recipients{state="deferred"} 1"#,
            #"postamt_delivery_attempt_duration_seconds_count{route="remote"} 1"#,
            #"postamt_delivery_attempt_duration_seconds_count{route="local"} 1"#,
        ] {
            #expect(text.contains(line), "missing \(line) in\n\(text)")
        }
        #expect(text.contains(#"postamt_replies_total{listener="mx",class="2xx"}"#))
        #expect(text.contains("# TYPE postamt_delivery_attempt_duration_seconds histogram"))
    }

    @Test("an API call with the browser's session cookie needs the CSRF token")
    func sessionCookieNeedsCSRF() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        let jar = FileManager.default.temporaryDirectory.appendingPathComponent("jar-\(UUID().uuidString)").path
        let browser = AdminHTTP(port: server.port, cookieJar: jar)
        let login = try await browser.request(
            "POST", "/login", body: "user=alice%40example.test&password=correct+horse+battery&next=%2F", form: true
        )
        #expect(login.status == 303)
        #expect(login.headers["set-cookie"]?.contains("HttpOnly") == true)
        #expect(login.headers["set-cookie"]?.contains("SameSite=Strict") == true)
        #expect(try await browser.get("/api/v1/users").status == 200)
        let forged = try await browser.request("POST", "/api/v1/users", body: #"{"name": "mallory@example.test", "password": "mallorys password"}"#)
        #expect(forged.status == 403)
        #expect(forged.errorMessage?.contains("X-CSRF-Token") == true)
    }
}
