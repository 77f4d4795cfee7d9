import Foundation
import PostamtTestSupport

/// HTTP requests to the admin server through curl, a real client, as an operator's
/// scripts would make them.
struct AdminHTTP: Sendable {
    struct Reply: Sendable {
        var status: Int
        /// Lowercased names.
        var headers: [String: String]
        var body: Data

        var text: String { String(decoding: body, as: UTF8.self) }

        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw CurlError(message: "not a JSON object: \(text)")
            }
            return object
        }

        /// `error.message` of a JSON error answer.
        var errorMessage: String? {
            ((try? json())?["error"] as? [String: Any])?["message"] as? String
        }
    }

    struct CurlError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    let port: Int
    /// Sent with every request, e.g. `Authorization: Bearer …`.
    var headers: [String] = []
    /// A cookie jar file shared between requests, for the login form.
    var cookieJar: String?

    func get(_ path: String, headers extra: [String] = []) async throws -> Reply {
        try await request("GET", path, headers: extra)
    }

    func request(_ method: String, _ path: String, headers extra: [String] = [], body: String? = nil, form: Bool = false) async throws -> Reply {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let headerFile = directory.appendingPathComponent("headers").path
        let bodyFile = directory.appendingPathComponent("body").path
        // The headers (which may hold a token) go through a file, not argv.
        let configFile = directory.appendingPathComponent("config").path
        var config = (headers + extra).map { "header = \"\($0.replacingOccurrences(of: "\"", with: "\\\""))\"" }
        if let body {
            let dataFile = directory.appendingPathComponent("data").path
            try Data(body.utf8).write(to: URL(fileURLWithPath: dataFile))
            config.append("data-binary = \"@\(dataFile)\"")
            if !form, !(headers + extra).contains(where: { $0.lowercased().hasPrefix("content-type") }) {
                config.append("header = \"Content-Type: application/json\"")
            }
        }
        try config.joined(separator: "\n").write(toFile: configFile, atomically: true, encoding: .utf8)
        var arguments = ["-s", "-S", "-g", "-X", method, "-K", configFile, "-D", headerFile, "-o", bodyFile, "--max-time", "30"]
        if let cookieJar { arguments += ["-b", cookieJar, "-c", cookieJar] }
        arguments.append("http://127.0.0.1:\(port)\(path)")
        let finalArguments = arguments
        let (status, errors) = try await offThread { () -> (Int32, String) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = finalArguments
            let stderr = Pipe()
            process.standardError = stderr
            try process.run()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        guard status == 0 else { throw CurlError(message: "curl \(method) \(path) failed (\(status)): \(errors)") }
        let headerText = try String(contentsOfFile: headerFile, encoding: .utf8)
        var lines = headerText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let code = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
        var fields: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[name] = fields[name].map { $0 + ", " + value } ?? value
        }
        let data = (try? Data(contentsOf: URL(fileURLWithPath: bodyFile))) ?? Data()
        return Reply(status: code, headers: fields, body: data)
    }
}
