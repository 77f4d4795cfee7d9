/// Parses the subset of TOML 1.0 that Postamt's configuration file uses, remembering the
/// line of every value.
///
/// Hand-written rather than a library because every error, of syntax or of meaning, must
/// name its line, and the TOML libraries available for Swift do not keep positions.
///
/// Supported: comments, bare and quoted keys, `[table]` and `[[array.of.tables]]` headers,
/// basic strings (`\" \\ \b \t \n \f \r \uXXXX \UXXXXXXXX`), literal strings, decimal
/// integers with `_` separators, booleans, and arrays of these (across lines, with a
/// trailing comma). Everything else TOML has (dotted keys, inline tables, floats, dates,
/// multi-line strings) is a syntax error that says so, rather than a confusing one.
///
/// The parser does not stop at the first error: it skips to the next line and goes on,
/// so `postamt config check` can list every mistake at once.
///
/// - SeeAlso: https://toml.io/en/v1.0.0
struct TOMLParser {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    /// Where the current line starts, to go back to it when a forgotten `]` is noticed.
    var lineStart = 0
    private var root = TOMLTable(line: 1)
    /// The table that `key = value` lines go into; nil after a header that failed, so its
    /// keys are still checked for syntax but not mistaken for keys of the table before.
    private var currentPath: [String]? = []
    private var errors: [TOMLSyntaxError] = []
    /// The lines where the arrays open that the current statement is inside.
    var openArrays: [Int] = []
    /// Set by an error that has already moved to where parsing should go on.
    var hasResumePoint = false
    /// Set when an error leaves a multi-line array half read: each of its remaining lines
    /// would produce another, confusing error, so errors are held back until a line parses.
    private var isSkippingBrokenArray = false

    static func parse(_ text: String) -> TOMLDocument {
        var parser = TOMLParser(bytes: Array(text.utf8))
        parser.parseDocument()
        return TOMLDocument(root: parser.root, errors: parser.errors)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func parseDocument() {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while true {
            skipBlanks()
            guard let byte = peek() else { return }
            openArrays = []
            hasResumePoint = false
            do {
                switch byte {
                case Byte.lf, Byte.cr:
                    try consumeLineEnd()
                    continue
                case Byte.hash:
                    skipComment()
                    continue
                case Byte.openBracket:
                    try parseHeader()
                    try parseEndOfLine(after: "the table header")
                default:
                    try parseKeyValue()
                    try parseEndOfLine(after: "the value")
                }
                isSkippingBrokenArray = false
            } catch {
                if !isSkippingBrokenArray { errors.append(error) }
                recover()
            }
        }
    }

    // key = value
    private mutating func parseKeyValue() throws(TOMLSyntaxError) {
        let keyLine = line
        let key = try parseKey()
        skipBlanks()
        if peek() == Byte.dot {
            throw error("dotted keys are not supported; put '\(key)' in a [\(key)] table instead")
        }
        guard consume(Byte.equals) else {
            throw error("expected '=' after the key '\(key)', found \(describe(at: index))\(quotingHint(for: key))")
        }
        skipBlanks()
        let value: TOMLValue
        do {
            value = try parseValue()
        } catch {
            try? insert(TOMLValue(.invalid, line: keyLine), for: key)
            throw error
        }
        try insert(value, for: key)
    }

    private mutating func insert(_ value: TOMLValue, for key: String) throws(TOMLSyntaxError) {
        guard let path = currentPath else { return }
        _ = try root.modify(path[...]) { (table: inout TOMLTable) throws(TOMLSyntaxError) in
            if let existing = table[key] {
                let what = if case .table = existing.kind { "a table" } else { "set" }
                throw TOMLSyntaxError(line: value.line, message: "duplicate key '\(key)' (already \(what) on line \(existing.line))")
            }
            table.set(value, for: key)
        }
    }

    /// When a bare key stops at a character keys may not have (`info@example.com`), the
    /// whole key in quotes is the likely fix.
    private func quotingHint(for key: String) -> String {
        guard let byte = peek(), byte != Byte.space, byte != Byte.tab, byte != Byte.lf, byte != Byte.cr,
            byte != Byte.quote, byte != Byte.hash
        else { return "" }
        var end = index
        while end < bytes.count, ![Byte.space, Byte.tab, Byte.equals, Byte.lf, Byte.cr].contains(bytes[end]) { end += 1 }
        let whole = key + String(decoding: bytes[index..<end], as: UTF8.self)
        return "; a key with characters other than letters, digits, '-' and '_' needs quotes: \"\(whole)\""
    }

    // std-table = "[" key *( "." key ) "]"   array-table = "[[" key *( "." key ) "]]"
    private mutating func parseHeader() throws(TOMLSyntaxError) {
        currentPath = nil
        let headerLine = line
        index += 1
        let isArray = consume(Byte.openBracket)
        var path: [String] = []
        repeat {
            skipBlanks()
            path.append(try parseKey())
            skipBlanks()
        } while consume(Byte.dot)
        guard consume(Byte.closeBracket), !isArray || consume(Byte.closeBracket) else {
            throw error("expected '\(isArray ? "]]" : "]")' to close the table header, found \(describe(at: index))")
        }
        try root.define(path[...], name: path.joined(separator: "."), isArray: isArray, line: headerLine)
        currentPath = path
    }

    // key = bare-key / quoted-key
    mutating func parseKey() throws(TOMLSyntaxError) -> String {
        switch peek() {
        case Byte.quote: return try parseBasicString()
        case Byte.apostrophe: return try parseLiteralString()
        case let byte? where Byte.isBareKey(byte):
            let start = index
            while let byte = peek(), Byte.isBareKey(byte) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        default:
            throw error("expected a key, found \(describe(at: index))")
        }
    }

    /// After a statement only blanks and a comment may follow on its line.
    private mutating func parseEndOfLine(after what: String) throws(TOMLSyntaxError) {
        skipBlanks()
        if peek() == Byte.hash { skipComment() }
        guard let byte = peek() else { return }
        guard byte == Byte.lf || byte == Byte.cr else {
            throw error("expected the end of the line after \(what), found \(describe(at: index))")
        }
        try consumeLineEnd()
    }

    /// Skips what is left of the line after an error.
    private mutating func recover() {
        if hasResumePoint { return }
        // Count brackets on the rest of the line: if an array the error happened in does
        // not close on this line, the lines after it are its remains, not statements.
        var depth = openArrays.count
        while let byte = peek(), byte != Byte.lf {
            switch byte {
            case Byte.quote, Byte.apostrophe:
                index += 1
                while let inner = peek(), inner != Byte.lf, inner != byte {
                    index += inner == Byte.backslash && byte == Byte.quote && peek(1) != Byte.lf ? 2 : 1
                }
                if peek() == byte { index += 1 }
            case Byte.hash:
                skipComment()
            case Byte.openBracket:
                depth += 1
                index += 1
            case Byte.closeBracket:
                depth = max(0, depth - 1)
                index += 1
            default:
                index += 1
            }
        }
        if !openArrays.isEmpty && depth > 0 { isSkippingBrokenArray = true }
        if peek() == Byte.lf {
            index += 1
            line += 1
            lineStart = index
        }
    }
}

// MARK: - Reading bytes

extension TOMLParser {
    func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    mutating func skipBlanks() {
        while let byte = peek(), byte == Byte.space || byte == Byte.tab { index += 1 }
    }

    mutating func skipComment() {
        while let byte = peek(), byte != Byte.lf, byte != Byte.cr { index += 1 }
    }

    /// Consumes LF or CRLF. A CR alone is not a line ending in TOML.
    mutating func consumeLineEnd() throws(TOMLSyntaxError) {
        if peek() == Byte.cr {
            guard peek(1) == Byte.lf else {
                index += 1
                throw error("a carriage return must be followed by a line feed")
            }
            index += 1
        }
        index += 1
        line += 1
        lineStart = index
    }

    /// Inside arrays values may be spread over lines with comments between them.
    mutating func skipBlanksLinesAndComments() throws(TOMLSyntaxError) {
        while true {
            skipBlanks()
            switch peek() {
            case Byte.hash: skipComment()
            case Byte.lf, Byte.cr: try consumeLineEnd()
            default: return
            }
        }
    }

    func error(_ message: String) -> TOMLSyntaxError {
        TOMLSyntaxError(line: line, message: message)
    }

    /// Names what stands at `position` for an error message: `'x'`, "the end of the line".
    func describe(at position: Int) -> String {
        guard position < bytes.count else { return "the end of the file" }
        let byte = bytes[position]
        switch byte {
        case Byte.lf, Byte.cr: return "the end of the line"
        case Byte.space, Byte.tab: return "a blank"
        case 0..<0x20, 0x7F: return "the control character 0x\(String(byte, radix: 16))"
        default:
            // One whole character, even when it takes several UTF-8 bytes.
            let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            let text = String(decoding: bytes[position..<min(bytes.count, position + length)], as: UTF8.self)
            return "'\(text)'"
        }
    }
}

/// The bytes TOML's grammar is written in.
enum Byte {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let apostrophe: UInt8 = 0x27
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let hyphen: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let equals: UInt8 = 0x3D
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let underscore: UInt8 = 0x5F
    static let openBrace: UInt8 = 0x7B

    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    // unquoted-key = 1*( ALPHA / DIGIT / %x2D / %x5F )
    static func isBareKey(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == hyphen || byte == underscore
    }
}
