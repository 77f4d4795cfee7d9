import Foundation

/// A message handed to `sendmail` on standard input, made fit for the queue: the
/// traditional lone-dot end honoured unless `-i`, line ends made CRLF, recipients taken from
/// the header for `-t` (Bcc: removed), and Date:, Message-ID: and From: added when missing,
/// as RFC 5322 §3.6 requires and Postfix's cleanup does.
public struct SubmittedMessage: Sendable {
    /// The header fields, each with its folded continuation lines, without line ends.
    public private(set) var header: [String]
    /// The body with CRLF line ends.
    public private(set) var body: [UInt8]

    public init(input: [UInt8], stopsAtDot: Bool) {
        var lines: [[UInt8]] = []
        var line: [UInt8] = []
        for byte in input {
            if byte == 0x0A {
                if line.last == 0x0D { line.removeLast() }
                if stopsAtDot, line == [0x2E] { line = []; break }
                lines.append(line)
                line = []
            } else {
                line.append(byte)
            }
        }
        if !line.isEmpty, !(stopsAtDot && line == [0x2E]) { lines.append(line) }
        var header: [String] = []
        var index = 0
        // The header ends at the first empty line, or at a line that cannot be a field
        // (then everything is body, and the fields the queue needs are added above it).
        while index < lines.count {
            let text = String(decoding: lines[index], as: UTF8.self)
            if text.isEmpty {
                index += 1
                break
            }
            if let first = text.first, first == " " || first == "\t", !header.isEmpty {
                header[header.count - 1] += "\r\n" + text
            } else if Self.isField(text) {
                header.append(text)
            } else {
                break
            }
            index += 1
        }
        self.header = header
        body = lines[index...].flatMap { $0 + [0x0D, 0x0A] }
    }

    private static func isField(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { return false }
        return line[..<colon].unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 }
    }

    private static func name(of field: String) -> String {
        String(field[..<(field.firstIndex(of: ":") ?? field.endIndex)]).lowercased()
    }

    private static func value(of field: String) -> String {
        guard let colon = field.firstIndex(of: ":") else { return "" }
        return field[field.index(after: colon)...].replacingOccurrences(of: "\r\n", with: "")
    }

    public func has(_ fieldName: String) -> Bool {
        header.contains { Self.name(of: $0) == fieldName.lowercased() }
    }

    /// The addresses of To:, Cc: and Bcc:, in order; Bcc: (and Resent-Bcc:) fields are
    /// removed so the other recipients never see them.
    public mutating func takeHeaderRecipients() -> [String] {
        let addresses = header.filter { ["to", "cc", "bcc"].contains(Self.name(of: $0)) }.flatMap { AddressList.addresses(in: Self.value(of: $0)) }
        header.removeAll { ["bcc", "resent-bcc"].contains(Self.name(of: $0)) }
        return addresses
    }

    /// Adds Date:, Message-ID: and From: at the top when the message lacks them.
    public mutating func addMissingFields(from: String, messageIDDomain: String, date: Date = Date()) {
        var added: [String] = []
        if !has("From") { added.append("From: \(from)") }
        if !has("Date") { added.append("Date: \(RFC5322Date.format(date))") }
        if !has("Message-ID") { added.append("Message-ID: <\(UUID().uuidString.lowercased())@\(messageIDDomain)>") }
        header = added + header
    }

    /// The message with CRLF line ends.
    public var bytes: [UInt8] {
        Array(header.map { $0 + "\r\n" }.joined().utf8) + [0x0D, 0x0A] + body
    }
}
