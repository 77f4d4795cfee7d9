import Foundation
import PostamtTestSupport
import Testing

/// The API against its own OpenAPI document, with schemathesis generating requests from it:
/// valid input is accepted, invalid input refused with a documented 4xx, no 5xx, every
/// answer matches its schema, and the server is still healthy after a thousand odd requests.
@Suite("Admin API against its OpenAPI document", .serialized)
struct AdminSchemaTests {
    @Test("the served document is the one in the repository")
    func servedDocument() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        let served = try await server.anonymous.get("/api/openapi.yaml")
        #expect(served.status == 200)
        let file = try Data(contentsOf: URL(fileURLWithPath: repositoryFile("Sources/AdminWeb/Resources/openapi.yaml")))
        #expect(served.body == file)
        for path in ["/api/v1/queue:", "/api/v1/queue/{id}:", "/api/v1/queue/{id}/{action}:", "/api/v1/queue/retry:", "/api/v1/users:",
                     "/api/v1/users/{name}:", "/api/v1/users/{name}/password:", "/api/v1/server:", "/api/v1/rejections:", "/health:",
                     "/metrics:", "/mail/config-v1.1.xml:", "/autodiscover/autodiscover.xml:"] {
            #expect(served.text.contains("\n  \(path)\n"), "\(path) is not documented")
        }
    }

    @Test("schemathesis finds no server error, no undocumented status and no schema mismatch")
    func schemathesis() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        try await server.send(to: "carol@far-away.test")
        _ = try await server.waitForMessage(inState: "deferred")
        let arguments = [
            "run", "http://127.0.0.1:\(server.port)/api/openapi.yaml",
            "--header", "Authorization: Bearer \(AdminTestServer.token)",
            "--max-examples", "25", "--seed", "20261129", "--checks", "all",
            // Hummingbird answers 404, not 405, for a method a path does not have.
            "--exclude-checks", "unsupported_method",
            "--no-color",
        ]
        // schemathesis keeps a cache in its working directory: not in the repository.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("schemathesis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let result = try await ExternalProgram.run(
            "/usr/bin/env", ["python3", "-m", "schemathesis.cli"] + arguments, directory: scratch, timeout: .seconds(600)
        )
        let output = result.output + result.error
        #expect(result.status == 0, "schemathesis found problems:\n\(output.suffix(6000))")
        #expect(output.contains("passed"), "\(output.suffix(2000))")
        #expect(try await server.anonymous.get("/health").status == 200)
    }
}
