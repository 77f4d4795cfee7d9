/// An SMTP reply: a basic code, an optional enhanced status code, and one or more lines
/// of text.
///
/// - SeeAlso: RFC 5321 §4.2 (reply syntax, multi-line replies), RFC 2034 §3 (the enhanced
///   code leads the text of every line).
public struct Reply: Sendable, Hashable, CustomStringConvertible {
    public var code: ReplyCode
    public var enhancedCode: EnhancedStatusCode?
    /// The text of each line, without code, enhanced code or line ending. Never empty.
    public private(set) var lines: [String]

    /// Creates a reply; `text` is split into lines at line feeds, and control characters
    /// are replaced by spaces so the text can never break the reply's framing.
    public init(_ code: ReplyCode, _ enhancedCode: EnhancedStatusCode? = nil, _ text: String) {
        // Most replies are one line without controls: no Character-wise split for them.
        if !Reply.hasControl(text) {
            self.init(code: code, enhancedCode: enhancedCode, sanitizedLines: [text])
            return
        }
        // "\r\n" is a single Character in Swift, so both forms are separators.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        self.init(code: code, enhancedCode: enhancedCode, lines: lines.map(String.init))
    }

    public init(code: ReplyCode, enhancedCode: EnhancedStatusCode?, lines: [String]) {
        let cleaned = lines.map(Reply.sanitized)
        self.init(code: code, enhancedCode: enhancedCode, sanitizedLines: cleaned.isEmpty ? [""] : cleaned)
    }

    /// A reply from lines ``sanitized(_:)`` already; `sanitizedLines` must not be empty.
    init(code: ReplyCode, enhancedCode: EnhancedStatusCode?, sanitizedLines: [String]) {
        self.code = code
        self.enhancedCode = enhancedCode
        self.lines = sanitizedLines
    }

    /// Control characters replaced by spaces, so text never breaks a reply's framing.
    static func sanitized(_ line: String) -> String {
        // Controls are single octets in UTF-8 and never part of a longer sequence, so the
        // octets tell without decoding scalars.
        guard hasControl(line) else { return line }
        return String(String.UnicodeScalarView(line.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }

    /// Whether `text` holds a control character (an octet below 0x20, or DEL).
    ///
    /// Every reply a server sends is checked: the octets are scanned where the string keeps
    /// them, which costs a third of iterating its `utf8` view.
    static func hasControl(_ text: String) -> Bool {
        let isControl = { (octet: UInt8) in octet < 0x20 || octet == 0x7F }
        return text.utf8.withContiguousStorageIfAvailable { $0.contains(where: isControl) } ?? text.utf8.contains(where: isControl)
    }

    /// All lines joined with line feeds.
    public var text: String { lines.joined(separator: "\n") }

    /// Whether the reply reports success (2yz) or an intermediate step (3yz).
    public var isPositive: Bool { code.rawValue < 400 }

    /// Whether the enhanced code's class agrees with the basic code's first digit, as
    /// RFC 3463 §3.1 requires. `true` when there is no enhanced code.
    public var enhancedCodeMatchesBasicCode: Bool {
        guard let enhancedCode else { return true }
        return enhancedCode.statusClass.rawValue == code.kind.rawValue
    }

    /// The reply as one line of text, e.g. for logs: `451 4.3.0 Try again later`.
    public var description: String {
        var prefix = "\(code.rawValue)"
        if let enhancedCode { prefix += " \(enhancedCode)" }
        return lines.map { $0.isEmpty && enhancedCode == nil ? prefix : "\(prefix) \($0)" }.joined(separator: " / ")
    }

    /// Appends the wire form, CRLF after every line.
    public func write(into buffer: inout [UInt8]) {
        // Octet by octet, with no String or array made for the codes: the server writes
        // several replies for every message it accepts.
        for (index, line) in lines.enumerated() {
            ASCII.appendDecimal(code.rawValue, to: &buffer)
            let isLast = index == lines.count - 1
            if let enhancedCode {
                buffer.append(isLast ? ASCII.space : ASCII.hyphen)
                enhancedCode.write(into: &buffer)
                if !line.isEmpty {
                    buffer.append(ASCII.space)
                    buffer.append(contentsOf: line.utf8)
                }
            } else if !line.isEmpty {
                buffer.append(isLast ? ASCII.space : ASCII.hyphen)
                buffer.append(contentsOf: line.utf8)
            } else if !isLast {
                buffer.append(ASCII.hyphen)
            }
            buffer.append(ASCII.cr)
            buffer.append(ASCII.lf)
        }
    }

    /// The wire form of the reply.
    public var encoded: [UInt8] {
        var buffer = [UInt8]()
        write(into: &buffer)
        return buffer
    }
}
