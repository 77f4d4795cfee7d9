import Foundation
import SMTPCore

/// Writes a complete Internet message (RFC 5322) from its parts, for `postamt send` and the
/// test message of `postamt diagnose`: Date, Message-ID, From, To, Cc, Subject, a UTF-8
/// text body, and files attached as MIME parts (RFC 2045–2047, RFC 2183, RFC 2231).
public struct MessageComposer: Sendable {
    /// A file to attach.
    public struct Attachment: Sendable, Hashable {
        public var fileName: String
        public var contentType: String
        public var content: [UInt8]

        public init(fileName: String, contentType: String? = nil, content: [UInt8]) {
            self.fileName = fileName
            self.contentType = contentType ?? MediaTypes.guess(forFileName: fileName)
            self.content = content
        }
    }

    public var from: String
    /// A display name for From:, e.g. "Alice Example".
    public var fromName: String?
    public var to: [String]
    public var cc: [String]
    public var subject: String
    public var body: String
    public var attachments: [Attachment]
    /// Further header fields, `Name: value`, placed after the standard ones.
    public var extraHeaders: [(name: String, value: String)]
    public var date: Date
    /// The right-hand side of the Message-ID; the sender's domain by default.
    public var messageIDDomain: String?

    public init(
        from: String, fromName: String? = nil, to: [String], cc: [String] = [], subject: String, body: String,
        attachments: [Attachment] = [], extraHeaders: [(name: String, value: String)] = [], date: Date = Date(),
        messageIDDomain: String? = nil
    ) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.cc = cc
        self.subject = subject
        self.body = body
        self.attachments = attachments
        self.extraHeaders = extraHeaders
        self.date = date
        self.messageIDDomain = messageIDDomain
    }

    /// The message with CRLF line ends, ready for DATA.
    public func message() -> [UInt8] {
        var header = ""
        header += FieldFolding.field("Date", RFC5322Date.format(date))
        header += FieldFolding.field("From", Self.address(from, name: fromName))
        if !to.isEmpty { header += FieldFolding.field("To", to.joined(separator: ", ")) }
        if !cc.isEmpty { header += FieldFolding.field("Cc", cc.joined(separator: ", ")) }
        header += FieldFolding.field("Subject", EncodedWord.encode(subject))
        let domain = messageIDDomain ?? from.split(separator: "@").last.map(String.init) ?? "localhost"
        header += FieldFolding.field("Message-ID", "<\(UUID().uuidString.lowercased())@\(domain)>")
        for field in extraHeaders {
            header += FieldFolding.field(field.name, HeaderText.withoutControls(field.value))
        }
        header += "MIME-Version: 1.0\r\n"
        let text = Self.textPart(body)
        guard !attachments.isEmpty else {
            return Array((header + text.header + "\r\n").utf8) + text.body
        }
        let boundary = "=_postamt_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        var bytes = Array((header + "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\n"
            + "This is a message in MIME format.\r\n").utf8)
        bytes += Array("\r\n--\(boundary)\r\n\(text.header)\r\n".utf8) + text.body
        for attachment in attachments {
            let name = Self.fileNameParameter(attachment.fileName)
            bytes += Array(("\r\n--\(boundary)\r\n"
                + "Content-Type: \(attachment.contentType); \(name.replacingOccurrences(of: "filename", with: "name"))\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; \(name)\r\n\r\n").utf8)
            bytes += Self.base64Lines(attachment.content)
        }
        bytes += Array("\r\n--\(boundary)--\r\n".utf8)
        return bytes
    }

    /// `"Name" <address>`, the name quoted or encoded as needed.
    public static func address(_ address: String, name: String?) -> String {
        guard let name, !name.isEmpty else { return address }
        let clean = HeaderText.withoutControls(name)
        if clean.unicodeScalars.allSatisfy(\.isASCII) {
            let escaped = clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\" <\(address)>"
        }
        return "\(EncodedWord.encode(clean)) <\(address)>"
    }

    /// The body as text/plain; UTF-8: 7bit when it is ASCII with short lines, otherwise
    /// quoted-printable, so it passes servers without 8BITMIME.
    static func textPart(_ body: String) -> (header: String, body: [UInt8]) {
        var lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        let withEnd = lines.joined(separator: "\r\n") + "\r\n"
        let isPlain = withEnd.unicodeScalars.allSatisfy { $0.isASCII }
            && withEnd.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 998 }
        if isPlain {
            return ("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n", Array(withEnd.utf8))
        }
        return ("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n", QuotedPrintable.encode(lines.joined(separator: "\n")))
    }

    /// `filename="report.pdf"`, or RFC 2231's `filename*=UTF-8''…` for other characters.
    static func fileNameParameter(_ name: String) -> String {
        let plain = name.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }
        if plain { return "filename=\"\(name)\"" }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
        let encoded = name.utf8.map { allowed.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
        return "filename*=UTF-8''\(encoded)"
    }

    /// Base64 in lines of 76 characters (RFC 2045 §6.8).
    static func base64Lines(_ content: [UInt8]) -> [UInt8] {
        let encoded = Array(Base64.encode(content).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 76 * 2 + 2)
        var index = 0
        while index < encoded.count {
            let end = min(index + 76, encoded.count)
            out += encoded[index..<end]
            out += [13, 10]
            index = end
        }
        return out
    }
}

/// Content types by file name extension, for attachments.
public enum MediaTypes {
    static let byExtension: [String: String] = [
        "txt": "text/plain", "csv": "text/csv", "html": "text/html", "htm": "text/html", "xml": "application/xml",
        "json": "application/json", "pdf": "application/pdf", "zip": "application/zip", "gz": "application/gzip",
        "tar": "application/x-tar", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "svg": "image/svg+xml", "webp": "image/webp", "ics": "text/calendar", "eml": "message/rfc822",
        "doc": "application/msword", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls": "application/vnd.ms-excel", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt": "application/vnd.oasis.opendocument.text", "mp3": "audio/mpeg", "mp4": "video/mp4",
    ]

    /// The type for `name`'s extension; `application/octet-stream` when unknown.
    public static func guess(forFileName name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}
