import Foundation
import Testing

/// An independent reader for the generated DSNs: Python's `email` package, run as
/// `python3 -c` with the DSN on stdin. It prints what it understood as JSON, which the
/// tests decode into ``PythonView``; the Swift parser is never involved.
enum PythonEmail {
    /// What Python saw: the top-level content type and its report-type parameter, the
    /// header fields (decoded, so RFC 2047 subjects are plain text), every defect it noted,
    /// and for each part its type and content.
    struct View: Decodable {
        var contentType: String
        var reportType: String?
        var boundary: String?
        var header: [String: String]
        var defects: [String]
        var parts: [Part]

        struct Part: Decodable {
            var contentType: String
            var defects: [String]
            var header: [String: String]
            /// text/plain and text/rfc822-headers: the decoded text.
            var text: String?
            /// message/delivery-status: one dictionary per group of fields, as Python's
            /// parser splits the part (per-message first).
            var groups: [[String: String]]?
            /// message/rfc822, message/global(-headers): the returned message's Subject and body.
            var innerSubject: String?
            var innerBody: String?
            /// Any other type: the decoded payload.
            var raw: String?
        }

        var deliveryStatus: [[String: String]] { parts.first { $0.contentType == "message/delivery-status" }?.groups ?? [] }
    }

    static let script = #"""
        import sys, json, email
        from email import policy

        msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)

        def fields(m):
            return {k: str(v) for k, v in m.items()}

        def names(defects):
            return [type(d).__name__ for d in defects]

        out = {
            "contentType": msg.get_content_type(),
            "reportType": msg.get_param("report-type"),
            "boundary": msg.get_boundary(),
            "header": fields(msg),
            "defects": names(msg.defects),
            "parts": [],
        }
        for part in (msg.get_payload() if msg.is_multipart() else []):
            ct = part.get_content_type()
            p = {"contentType": ct, "defects": names(part.defects), "header": fields(part)}
            if ct in ("text/plain", "text/rfc822-headers"):
                p["text"] = part.get_content()
            elif ct == "message/delivery-status":
                p["groups"] = [fields(group) for group in part.get_payload()]
            elif part.get_content_maintype() == "message":
                # message/rfc822, message/global, message/global-headers: Python parses
                # each as an embedded message.
                inner = part.get_payload(0)
                p["innerSubject"] = str(inner["subject"])
                p["innerBody"] = inner.get_payload() if not inner.is_multipart() else ""
            else:
                p["raw"] = part.get_payload(decode=True).decode("utf-8", "replace")
            out["parts"].append(p)

        def clean(value):
            # 8-bit header bytes come back as surrogate escapes, which JSON cannot carry.
            if isinstance(value, str):
                return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            if isinstance(value, list):
                return [clean(v) for v in value]
            if isinstance(value, dict):
                return {clean(k): clean(v) for k, v in value.items()}
            return value

        out = clean(out)
        print(json.dumps(out))
        """#

    /// Runs the script on `message`. The DSN goes to Python's stdin from a temporary file,
    /// so a large DSN cannot deadlock against a full stdout pipe.
    static func read(_ message: [UInt8]) throws -> View {
        let directory = FileManager.default.temporaryDirectory
        let input = directory.appendingPathComponent("dsn-\(UUID().uuidString).eml")
        let errors = directory.appendingPathComponent("dsn-\(UUID().uuidString).err")
        try Data(message).write(to: input)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: errors)
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardError = try FileHandle(forWritingTo: errors)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        try #require(process.terminationStatus == 0, "python3 failed: \(stderr)")
        return try JSONDecoder().decode(View.self, from: data)
    }
}
