import SMTPCore

/// Finds the reply, or the bare code, in what a person pasted: a whole reply (one line or
/// several), just `451`, just `4.3.0`, a bounce's `Diagnostic-Code: smtp; 550 5.1.1 ...`
/// line, a `Status: 5.1.1` line, or a bounce sentence such as Postfix's
/// `host mx.example.com[192.0.2.1] said: 550 5.1.1 ...`.
public enum ExplainInput: Sendable, Hashable {
    /// A complete reply (possibly without text).
    case reply(Reply)
    /// Only an enhanced status code, with whatever text followed it.
    case enhancedCode(EnhancedStatusCode, text: String)

    /// Why the input could not be read as a reply.
    public enum Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        case empty
        case notAReply(String)

        public var description: String {
            switch self {
            case .empty: "no reply given"
            case .notAReply(let input): "not an SMTP reply or status code: \(input.prefix(120))"
            }
        }
    }

    /// Reads all replies in `text`; a pasted transcript gives one entry per reply.
    public static func parse(_ text: String) throws(Error) -> [ExplainInput] {
        let lines = text.split(whereSeparator: \.isNewline).map { cleaned(String($0)) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw .empty }

        // A pasted multi-line reply or transcript: every line starts with a code.
        if lines.allSatisfy(startsWithReplyCode), let replies = try? ReplyParser.parseAll(lines.joined(separator: "\r\n")) {
            return replies.map { .reply($0) }
        }
        var results = [ExplainInput]()
        for line in lines {
            if let input = single(line) { results.append(input) }
        }
        guard !results.isEmpty else { throw .notAReply(text) }
        return results
    }

    /// Removes DSN field names and type prefixes: `Diagnostic-Code: smtp; `, `Status: `,
    /// `Remote-MTA`-style fields are left alone.
    private static func cleaned(_ line: String) -> String {
        var text = Substring(line).trimmingSpaces
        for field in ["diagnostic-code:", "status:", "x-postfix-diagnostic:"] where text.lowercased().hasPrefix(field) {
            text = text.dropFirst(field.count).trimmingSpaces
            // diagnostic-type ";" text (RFC 3464 §2.3.6), e.g. "smtp; 550 ..."
            if let semicolon = text.firstIndex(of: ";"), text[..<semicolon].allSatisfy({ $0.isLetter || $0 == "-" }) {
                text = text[text.index(after: semicolon)...].trimmingSpaces
            }
        }
        return String(text)
    }

    private static func startsWithReplyCode(_ line: String) -> Bool {
        let utf8 = Array(line.utf8.prefix(4))
        guard utf8.count >= 3, utf8[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let value = Int(String(decoding: utf8[0...2], as: UTF8.self)), ReplyCode(rawValue: value) != nil
        else { return false }
        return utf8.count == 3 || utf8[3] == 0x20 || utf8[3] == 0x2D
    }

    private static func single(_ line: String) -> ExplainInput? {
        if startsWithReplyCode(line), let reply = try? ReplyParser.parseAll(line).first {
            return .reply(reply)
        }
        let firstWord = line.prefix { $0 != " " }
        if let code = EnhancedStatusCode(firstWord) {
            return .enhancedCode(code, text: String(line.dropFirst(firstWord.count).trimmingSpaces))
        }
        // A reply quoted inside a sentence: find the first "ddd " that starts a reply.
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        for (index, word) in words.enumerated() {
            let candidate = word.trimmingCharacters(in: "(\"'[")
            if candidate.count == 3, startsWithReplyCode(String(candidate)) {
                let rest = words[(index + 1)...].joined(separator: " ")
                // Postfix ends its bounce sentences with "(in reply to RCPT TO command)".
                let trimmed = rest.components(before: "(in reply to")
                if let reply = try? ReplyParser.parseAll("\(candidate) \(trimmed.trimmingSpaces)").first {
                    return .reply(reply)
                }
            }
            if let code = EnhancedStatusCode(candidate) {
                return .enhancedCode(code, text: words[(index + 1)...].joined(separator: " "))
            }
        }
        return nil
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return text
    }

    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text.removeFirst() }
        return text
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring { Substring(self).trimmingSpaces }

    /// The text before the first occurrence of `marker`, or all of it.
    fileprivate func components(before marker: String) -> String {
        let text = Array(utf8)
        let pattern = Array(marker.utf8)
        guard text.count >= pattern.count else { return self }
        for start in 0...(text.count - pattern.count) where text[start..<(start + pattern.count)].elementsEqual(pattern) {
            return String(decoding: text[..<start], as: UTF8.self)
        }
        return self
    }
}
