import MailMessage
import SMTPCore

/// A delivery status notification read back: its MIME parts and the fields of its
/// `message/delivery-status` part.
///
/// Written for Postamt's own DSNs (the tests read every generated DSN with it) and for
/// reading the DSNs other servers send back later; it is tolerant (LF line endings,
/// unquoted boundaries, any case in field names) but does not try to be a general MIME
/// parser: nested multiparts are not descended into.
///
/// - SeeAlso: RFC 3464 §2.1 (the groups of fields), RFC 6522 (multipart/report), RFC 2046
///   §5.1.1 (boundaries).
public struct ParsedReport: Sendable, Hashable {
    /// One field of a header section, unfolded.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    /// One body part of the multipart/report.
    public struct Part: Sendable, Hashable {
        public var header: [Field]
        /// `type/subtype` in lower case, without parameters; `text/plain` when absent
        /// (RFC 2045 §5.2).
        public var contentType: String
        /// The body as it appears in the message.
        public var body: [UInt8]
        /// The body with its Content-Transfer-Encoding (quoted-printable or base64) undone.
        public var decodedBody: [UInt8]

        /// The first header field named `name`, case-insensitive.
        public func field(_ name: String) -> String? {
            header.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The decoded body as text (UTF-8, invalid sequences replaced).
        public var text: String { String(decoding: decodedBody, as: UTF8.self) }
    }

    /// The top-level header section.
    public var header: [Field]
    /// The `report-type` parameter of the multipart/report, lower case.
    public var reportType: String?
    public var boundary: String
    public var parts: [Part]
    /// The per-message fields (RFC 3464 §2.2), keyed by lower-case field name
    /// (`reporting-mta`, `arrival-date`, …), values unfolded.
    public var perMessage: [String: String]
    /// One dictionary per recipient (RFC 3464 §2.3), keyed like ``perMessage``
    /// (`final-recipient`, `action`, `status`, …).
    public var recipients: [[String: String]]

    /// The first top-level header field named `name`, case-insensitive.
    public func field(_ name: String) -> String? {
        header.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The part holding the delivery-status fields.
    public var deliveryStatusPart: Part? {
        parts.first { Self.deliveryStatusTypes.contains($0.contentType) }
    }

    static let deliveryStatusTypes: Set<String> = ["message/delivery-status", "message/global-delivery-status"]
}

extension DeliveryStatusNotification {
    /// Reads a DSN: finds the multipart/report boundary, splits the parts, and reads the
    /// delivery-status part's groups of fields. `nil` when `message` is not a
    /// multipart/report with a boundary and a delivery-status part holding at least the
    /// per-message group.
    public static func parse(_ message: [UInt8]) -> ParsedReport? {
        let header = MessageHeaders.fields(message).map { ParsedReport.Field(name: $0.name, value: $0.value) }
        guard let contentType = header.first(where: { $0.name.lowercased() == "content-type" })?.value else { return nil }
        let (type, parameters) = ContentType.parse(contentType)
        guard type == "multipart/report", let boundary = parameters["boundary"], !boundary.isEmpty,
            let bodyStart = MessageHeaders.endOfHeader(in: message)
        else { return nil }

        let parts = MultipartBody.split(Array(message[bodyStart...]), boundary: boundary).map(Self.part)
        guard let status = parts.first(where: { ParsedReport.deliveryStatusTypes.contains($0.contentType) }) else {
            return nil
        }
        let groups = fieldGroups(status.decodedBody)
        guard let perMessage = groups.first else { return nil }
        return ParsedReport(
            header: header,
            reportType: parameters["report-type"]?.lowercased(),
            boundary: boundary,
            parts: parts,
            perMessage: perMessage,
            recipients: Array(groups.dropFirst())
        )
    }

    private static func part(_ bytes: [UInt8]) -> ParsedReport.Part {
        let header = MessageHeaders.fields(bytes).map { ParsedReport.Field(name: $0.name, value: $0.value) }
        // A part that starts with an empty line has no header; one without any has no body.
        let bodyStart = MessageHeaders.endOfHeader(in: bytes) ?? bytes.count
        let body = Array(bytes[bodyStart...])
        let typeValue = header.first { $0.name.lowercased() == "content-type" }?.value
        let type = typeValue.map { ContentType.parse($0).type } ?? "text/plain"
        let encoding = header.first { $0.name.lowercased() == "content-transfer-encoding" }?.value.lowercased()
        let decoded: [UInt8]
        switch encoding {
        case "quoted-printable":
            decoded = QuotedPrintable.decode(body)
        case "base64":
            decoded = Base64.decode(body.filter { $0 > 0x20 }) ?? body
        default:
            decoded = body
        }
        return ParsedReport.Part(header: header, contentType: type, body: body, decodedBody: decoded)
    }

    /// The groups of a delivery-status body: runs of fields separated by empty lines
    /// (RFC 3464 §2.1), each as a dictionary with lower-case keys; the first occurrence of
    /// a field in a group wins.
    static func fieldGroups(_ body: [UInt8]) -> [[String: String]] {
        var groups: [[String: String]] = []
        var current: [UInt8] = []
        func finish() {
            let fields = MessageHeaders.fields(current)
            if !fields.isEmpty {
                var group: [String: String] = [:]
                for field in fields where group[field.name.lowercased()] == nil {
                    group[field.name.lowercased()] = field.value
                }
                groups.append(group)
            }
            current = []
        }
        for var line in body.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if line.last == 0x0D { line = line.dropLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                finish()
            } else {
                current += line + [0x0D, 0x0A]
            }
        }
        finish()
        return groups
    }
}

/// `type/subtype; name=value; name="quoted value"` (RFC 2045 §5.1).
enum ContentType {
    static func parse(_ value: String) -> (type: String, parameters: [String: String]) {
        let scalars = Array(value.unicodeScalars)
        var index = 0
        func skipSpace() {
            while index < scalars.count && (scalars[index] == " " || scalars[index] == "\t") { index += 1 }
        }
        func token() -> String {
            var result = ""
            while index < scalars.count && !";=\" \t".unicodeScalars.contains(scalars[index]) {
                result.unicodeScalars.append(scalars[index])
                index += 1
            }
            return result
        }
        skipSpace()
        let type = token().lowercased()
        var parameters: [String: String] = [:]
        while index < scalars.count {
            // Skip to the next ";" and past it: anything else (a comment) is ignored.
            while index < scalars.count && scalars[index] != ";" { index += 1 }
            index += 1
            skipSpace()
            let name = token().lowercased()
            skipSpace()
            guard index < scalars.count, scalars[index] == "=" else { continue }
            index += 1
            skipSpace()
            var parameterValue = ""
            if index < scalars.count && scalars[index] == "\"" {
                index += 1
                while index < scalars.count && scalars[index] != "\"" {
                    if scalars[index] == "\\" && index + 1 < scalars.count { index += 1 }
                    parameterValue.unicodeScalars.append(scalars[index])
                    index += 1
                }
                index += 1
            } else {
                parameterValue = token()
            }
            if !name.isEmpty && parameters[name] == nil { parameters[name] = parameterValue }
        }
        return (type, parameters)
    }
}

/// Splitting a multipart body at its boundary delimiter lines (RFC 2046 §5.1.1): a line
/// that is `--boundary` (a body part follows) or `--boundary--` (the end), possibly with
/// trailing white space. The line break before a delimiter belongs to the delimiter.
enum MultipartBody {
    static func split(_ body: [UInt8], boundary: String) -> [[UInt8]] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [[UInt8]] = []
        var partStart: Int?
        var lineStart = 0
        while lineStart <= body.count {
            let lineEnd = body[lineStart...].firstIndex(of: 0x0A) ?? body.count
            var line = body[lineStart..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            if line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                let isClose = rest.starts(with: [0x2D, 0x2D])
                let trailing = isClose ? rest.dropFirst(2) : rest
                if trailing.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    if let start = partStart {
                        // Up to the line break before this delimiter line.
                        var end = lineStart
                        if end > start && body[end - 1] == 0x0A { end -= 1 }
                        if end > start && body[end - 1] == 0x0D { end -= 1 }
                        parts.append(Array(body[start..<max(start, end)]))
                    }
                    if isClose { return parts }
                    partStart = min(lineEnd + 1, body.count)
                }
            }
            lineStart = lineEnd + 1
        }
        // No closing delimiter: keep what the last part had (a truncated DSN is still
        // worth reading).
        if let start = partStart, start < body.count { parts.append(Array(body[start...])) }
        return parts
    }
}
