import Foundation
import PostamtTestSupport
import Testing

/// The web admin in a real headless browser (Debian's Chromium through Selenium): pages
/// render with the running server's data, and clicking "Retry now" retries the delivery.
@Suite("Web admin in Chromium", .serialized)
struct AdminBrowserTests {
    @Test("log in, see the dashboard (screenshot written), retry a deferred message with a click")
    func retryClick() async throws {
        let server = try await AdminTestServer.start()
        defer { Task { await server.stop() } }
        #expect(try await server.send(to: "carol@far-away.test").code.rawValue == 250)
        let id = try await server.waitForMessage(inState: "deferred")
        #expect(server.sink.attempts == 1)

        let output = URL(fileURLWithPath: repositoryFile("build/test-output"))
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let screenshot = output.appendingPathComponent("admin-dashboard.png")
        try? FileManager.default.removeItem(at: screenshot)
        let script = repositoryFile("Tests/PostamtServerTests/Admin/Browser/admin_browser.py")
        let arguments = [script, "http://127.0.0.1:\(server.port)", TestMailServer.user, TestMailServer.password, id, screenshot.path]
        let result = try await ExternalProgram.run("/usr/bin/env", ["python3"] + arguments, timeout: .seconds(180))
        #expect(result.status == 0, "the browser script failed:\n\(result.output)\(result.error)")
        #expect(result.output.contains("retry: ok"), "\(result.output)\(result.error)")
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "the screenshot is no PNG")
        // The click really retried: the sink saw a second attempt.
        await eventually(within: .seconds(20)) { server.sink.attempts >= 2 }
        #expect(server.sink.attempts >= 2)
    }
}
