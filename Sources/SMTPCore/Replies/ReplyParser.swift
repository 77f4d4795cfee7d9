/// Reads replies the way an SMTP client receives them: line by line, joining multi-line
/// replies, taking the enhanced status code off the text when there is one.
///
/// Servers deviate from RFC 5321 §4.2.1 in the wild, and this parser accepts the common
/// deviations rather than failing a delivery over them: a bare code without text, a code
/// followed directly by text, continuation lines whose code differs from the last line's
/// (the last line's code wins), and enhanced codes on only some lines.
///
/// - SeeAlso: RFC 5321 §4.2 and §4.2.1, RFC 2034 §3.
public struct ReplyParser: Sendable {
    /// Most lines accepted in one reply, so a hostile server cannot make the client buffer
    /// without bound.
    public let maximumLines: Int
    private var pending: [(code: ReplyCode, text: Substring)] = []

    public init(maximumLines: Int = 256) {
        self.maximumLines = maximumLines
    }

    /// Whether a multi-line reply has started but not finished.
    public var isInsideReply: Bool { !pending.isEmpty }

    /// Feeds one line without its line ending; returns the reply once its last line is in.
    public mutating func parse(line bytes: some Collection<UInt8>) throws(ReplyParseError) -> Reply? {
        // Sanitized before anything is read from it, so the reply it gives serializes to
        // text that parses back to the same reply.
        try parse(sanitizedLine: Reply.sanitized(String(decoding: bytes, as: UTF8.self)))
    }

    /// Feeds one line that ``Reply/sanitized(_:)`` has cleaned already: a client that keeps
    /// the line for its transcript too decodes it only once.
    mutating func parse(sanitizedLine line: String) throws(ReplyParseError) -> Reply? {
        let utf8 = line.utf8
        var index = utf8.startIndex
        var value = 0
        for _ in 0..<3 {
            guard index != utf8.endIndex, ASCII.isDigit(utf8[index]) else {
                pending.removeAll()
                throw .malformedLine(line)
            }
            value = value * 10 + Int(utf8[index] - 0x30)
            utf8.formIndex(after: &index)
        }
        guard let code = ReplyCode(rawValue: value) else {
            pending.removeAll()
            throw .invalidCode(line)
        }
        let separator: UInt8? = index != utf8.endIndex ? utf8[index] : nil
        if separator == ASCII.space || separator == ASCII.hyphen { utf8.formIndex(after: &index) }
        // The first four octets are ASCII, so the index falls on a scalar boundary.
        let text = line[index...]
        if separator != ASCII.hyphen, pending.isEmpty {
            // A reply of one line, as most are: no list of lines to gather.
            let enhanced = Self.leadingEnhancedCode(text)
            let lineText = enhanced.map { Self.text(of: text, after: $0.length) } ?? String(text)
            return Reply(code: code, enhancedCode: enhanced?.code, sanitizedLines: [lineText])
        }
        pending.append((code, text))
        if separator == ASCII.hyphen {
            guard pending.count < maximumLines else {
                pending.removeAll()
                throw .tooManyLines(maximumLines)
            }
            return nil
        }
        defer { pending.removeAll() }
        return Self.assemble(pending)
    }

    private static func assemble(_ lines: [(code: ReplyCode, text: Substring)]) -> Reply {
        let finalCode = lines[lines.count - 1].code
        let enhanced = leadingEnhancedCode(lines[0].text)
        let texts = lines.indices.map { index -> String in
            guard let enhanced else { return String(lines[index].text) }
            // The first line's code was just read: only the others need reading.
            if index == 0 { return text(of: lines[index].text, after: enhanced.length) }
            return stripping(enhanced, from: lines[index].text)
        }
        // Parts of sanitized lines: nothing left to clean.
        return Reply(code: finalCode, enhancedCode: enhanced?.code, sanitizedLines: texts)
    }

    /// An enhanced code at the start of `text`, followed by a space or the end of the text.
    /// Works on UTF-8 code units: a space followed by a combining mark is one Character in
    /// Swift, but still ends the code on the wire.
    static func leadingEnhancedCode(_ text: Substring) -> (code: EnhancedStatusCode, length: Int)? {
        let token = text.utf8.prefix { $0 != ASCII.space }
        guard token.count >= 5, token.count <= 9, let code = EnhancedStatusCode(utf8: token) else {
            return nil
        }
        return (code, token.count)
    }

    private static func stripping(_ enhanced: (code: EnhancedStatusCode, length: Int), from text: Substring) -> String {
        guard let here = leadingEnhancedCode(text), here.code == enhanced.code else { return String(text) }
        return self.text(of: text, after: here.length)
    }

    /// `text` after its enhanced code of `length` octets and the space that follows it.
    private static func text(of text: Substring, after length: Int) -> String {
        var rest = text.utf8.dropFirst(length)
        if rest.first == ASCII.space { rest = rest.dropFirst() }
        return String(decoding: rest, as: UTF8.self)
    }

    /// Parses text holding one or more complete replies, lines separated by CRLF or LF.
    public static func parseAll(_ text: String, maximumLines: Int = 256) throws(ReplyParseError) -> [Reply] {
        var parser = ReplyParser(maximumLines: maximumLines)
        var replies = [Reply]()
        // "\r\n" is a single Character in Swift, so it has to be named as a separator.
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.isEmpty { continue }
            if let reply = try parser.parse(line: Array(line.utf8)) { replies.append(reply) }
        }
        if parser.isInsideReply { throw .incompleteReply }
        return replies
    }
}

/// Why a line could not be read as part of a reply.
public enum ReplyParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line does not start with three digits.
    case malformedLine(String)
    /// Three digits that are not an SMTP reply code (first digit 2–5, second 0–5).
    case invalidCode(String)
    case tooManyLines(Int)
    /// The text ended inside a multi-line reply.
    case incompleteReply

    public var description: String {
        switch self {
        case .malformedLine(let line): "not an SMTP reply line: \(line.prefix(80))"
        case .invalidCode(let line): "not a valid SMTP reply code: \(line.prefix(80))"
        case .tooManyLines(let limit): "reply has more than \(limit) lines"
        case .incompleteReply: "the reply ends with a continuation line (code followed by '-')"
        }
    }
}
