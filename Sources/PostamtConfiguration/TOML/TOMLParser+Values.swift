// Values: strings, integers, booleans and arrays.
extension TOMLParser {
    // val = string / boolean / array / integer  (the subset Postamt reads)
    mutating func parseValue() throws(TOMLSyntaxError) -> TOMLValue {
        let valueLine = line
        switch peek() {
        case Byte.quote:
            return TOMLValue(.string(try parseBasicString()), line: valueLine)
        case Byte.apostrophe:
            return TOMLValue(.string(try parseLiteralString()), line: valueLine)
        case Byte.openBracket:
            return try parseArray()
        case Byte.openBrace:
            throw error("inline tables ({ … }) are not supported; use a [table] header")
        case nil, Byte.lf, Byte.cr, Byte.hash:
            throw error("missing value")
        default:
            let start = index
            while let byte = peek(), !Self.endsBareValue(byte) { index += 1 }
            guard index > start else { throw error("expected a value, found \(describe(at: index))") }
            let token = String(decoding: bytes[start..<index], as: UTF8.self)
            return TOMLValue(try scalar(token), line: valueLine)
        }
    }

    private static func endsBareValue(_ byte: UInt8) -> Bool {
        [Byte.space, Byte.tab, Byte.comma, Byte.closeBracket, Byte.hash, Byte.lf, Byte.cr].contains(byte)
    }

    /// An unquoted value: a boolean or a decimal integer; for the TOML values Postamt does
    /// not support, an error that says which it is.
    private func scalar(_ token: String) throws(TOMLSyntaxError) -> TOMLValue.Kind {
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf", "-inf", "nan", "+nan", "-nan":
            throw error("floating-point numbers are not supported")
        default: break
        }
        let utf8 = Array(token.utf8)
        guard let first = utf8.first, Byte.isDigit(first) || first == Byte.plus || first == Byte.hyphen else {
            throw error("expected a value, found '\(token)'; text needs quotes: \"\(token)\"")
        }
        if token.hasPrefix("0x") || token.hasPrefix("0o") || token.hasPrefix("0b") {
            throw error("hexadecimal, octal and binary integers are not supported; write '\(token)' in decimal")
        }
        let isExponent = { (byte: UInt8) in byte | 0x20 == UInt8(ascii: "e") }
        let looksLikeFloat = utf8.allSatisfy { Byte.isDigit($0) || isExponent($0) || Array("+-_.".utf8).contains($0) }
        if looksLikeFloat && (token.contains(".") || utf8.contains(where: isExponent)) {
            throw error("floating-point numbers are not supported")
        }
        if token.contains(":") || utf8.dropFirst().contains(Byte.hyphen) {
            throw error("dates and times are not supported; write '\(token)' as a string")
        }
        return .integer(try integer(utf8, token: token))
    }

    // dec-int = [ minus / plus ] unsigned-dec-int
    // unsigned-dec-int = DIGIT / digit1-9 1*( DIGIT / underscore DIGIT )
    private func integer(_ utf8: [UInt8], token: String) throws(TOMLSyntaxError) -> Int {
        let digits = utf8.first == Byte.plus || utf8.first == Byte.hyphen ? utf8.dropFirst() : utf8[...]
        var previous: UInt8?
        for byte in digits {
            let isSeparatorOK = byte == Byte.underscore && previous.map(Byte.isDigit) == true
            guard Byte.isDigit(byte) || isSeparatorOK else {
                throw error("'\(token)' is not an integer; text needs quotes: \"\(token)\"")
            }
            previous = byte
        }
        guard let last = digits.last, Byte.isDigit(last) else {
            throw error("'\(token)' is not an integer")
        }
        if digits.count > 1 && digits.first == 0x30 {
            throw error("leading zeros are not allowed in integers: '\(token)'")
        }
        guard let value = Int(String(decoding: utf8.filter { $0 != Byte.underscore }, as: UTF8.self)) else {
            throw error("integer '\(token)' is out of range")
        }
        return value
    }

    // array = "[" [ array-values ] ws-comment-newline "]"
    private mutating func parseArray() throws(TOMLSyntaxError) -> TOMLValue {
        let startLine = line
        index += 1
        openArrays.append(startLine)
        var elements: [TOMLValue] = []
        var expectsValue = true
        while true {
            let lineBefore = line
            try skipBlanksLinesAndComments()
            guard let byte = peek() else {
                throw TOMLSyntaxError(line: startLine, message: "array is not closed: missing ']'")
            }
            if byte == Byte.closeBracket {
                index += 1
                break
            }
            if line != lineBefore && looksLikeStatement() {
                // The ']' was forgotten: report it where the array opens, and read this line
                // as the statement it is instead of as a string of further errors.
                index = lineStart
                hasResumePoint = true
                throw TOMLSyntaxError(line: startLine, message: "array is not closed: missing ']'")
            }
            if expectsValue {
                elements.append(try parseValue())
                expectsValue = false
            } else if byte == Byte.comma {
                index += 1
                expectsValue = true
            } else if line != lineBefore {
                throw error("missing ',' between array elements")
            } else {
                throw error("expected ',' or ']' after an array element, found \(describe(at: index))")
            }
        }
        openArrays.removeLast()
        return TOMLValue(.array(elements), line: startLine)
    }

    /// Whether the line at `index` reads like `key =` or a `[table]` header: a sign that
    /// an array above it was not closed.
    private func looksLikeStatement() -> Bool {
        var probe = self
        if probe.consume(Byte.openBracket) {
            _ = probe.consume(Byte.openBracket)
            probe.skipBlanks()
            guard let byte = probe.peek(), Byte.isBareKey(byte) else { return false }
            while let byte = probe.peek(), Byte.isBareKey(byte) || byte == Byte.dot || byte == Byte.space { probe.index += 1 }
            return probe.peek() == Byte.closeBracket
        }
        guard (try? probe.parseKey()) != nil else { return false }
        probe.skipBlanks()
        return probe.peek() == Byte.equals
    }

    // basic-string = quotation-mark *basic-char quotation-mark
    mutating func parseBasicString() throws(TOMLSyntaxError) -> String {
        let startLine = line
        index += 1
        if peek() == Byte.quote && peek(1) == Byte.quote {
            throw error("multi-line strings (\"\"\") are not supported")
        }
        var result: [UInt8] = []
        while true {
            guard let byte = peek(), byte != Byte.lf, byte != Byte.cr else {
                throw TOMLSyntaxError(line: startLine, message: "unterminated string: missing '\"' before the end of the line")
            }
            index += 1
            switch byte {
            case Byte.quote:
                return String(decoding: result, as: UTF8.self)
            case Byte.backslash:
                result += try parseEscape()
            case 0..<0x20 where byte != Byte.tab, 0x7F:
                throw error("control character 0x\(String(byte, radix: 16)) in a string; write it as an escape such as \\t")
            default:
                result.append(byte)
            }
        }
    }

    // escape-seq-char = %x22 / %x5C / %x62 / %x66 / %x6E / %x72 / %x74 / %x75 4HEXDIG / %x55 8HEXDIG
    private mutating func parseEscape() throws(TOMLSyntaxError) -> [UInt8] {
        guard let byte = peek(), byte != Byte.lf, byte != Byte.cr else {
            throw error("unterminated string: missing '\"' before the end of the line")
        }
        index += 1
        switch byte {
        case Byte.quote: return [Byte.quote]
        case Byte.backslash: return [Byte.backslash]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "t"): return [Byte.tab]
        case UInt8(ascii: "n"): return [Byte.lf]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "r"): return [Byte.cr]
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            let start = index
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let digit = peek().flatMap({ UInt32(String(UnicodeScalar($0)), radix: 16) }) else {
                    throw error("\\\(UnicodeScalar(byte)) needs exactly \(count) hexadecimal digits")
                }
                value = value << 4 | digit
                index += 1
            }
            guard let scalar = Unicode.Scalar(value) else {
                let digits = String(decoding: bytes[start..<index], as: UTF8.self)
                throw error("\\\(UnicodeScalar(byte))\(digits) is not a Unicode scalar value")
            }
            return Array(String(Character(scalar)).utf8)
        default:
            let shown = byte >= 0x21 && byte < 0x7F ? " '\\\(UnicodeScalar(byte))'" : ""
            throw error("invalid escape\(shown) in a string; write \\\\ for a backslash")
        }
    }

    // literal-string = apostrophe *literal-char apostrophe
    mutating func parseLiteralString() throws(TOMLSyntaxError) -> String {
        let startLine = line
        index += 1
        if peek() == Byte.apostrophe && peek(1) == Byte.apostrophe {
            throw error("multi-line strings (''') are not supported")
        }
        let start = index
        while true {
            guard let byte = peek(), byte != Byte.lf, byte != Byte.cr else {
                throw TOMLSyntaxError(line: startLine, message: "unterminated string: missing \"'\" before the end of the line")
            }
            if byte == Byte.apostrophe { break }
            if byte < 0x20 && byte != Byte.tab || byte == 0x7F {
                throw error("control character 0x\(String(byte, radix: 16)) in a string")
            }
            index += 1
        }
        defer { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }
}
