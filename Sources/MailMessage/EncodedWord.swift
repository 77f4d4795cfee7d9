import SMTPCore

/// RFC 2047 encoded-words: how non-ASCII text gets into an unstructured header field such
/// as Subject: or Content-Description: of a message that must stay 7-bit.
///
/// - SeeAlso: RFC 2047 §2 (syntax, 75-character limit), §4.1 ("B" encoding), §6.2
///   (white space between adjacent encoded-words is ignored when decoding).
public enum EncodedWord {
    /// RFC 2047 §2 allows encoded-words of up to 75 characters, but a word cannot be
    /// folded, and the first one shares its line with the field name: 30 octets of text
    /// (40 characters of base64, 52 with `=?UTF-8?B?` and `?=`) leave room for
    /// `Content-Description: ` within the 78 characters of RFC 5322 §2.1.1.
    private static let maximumOctetsPerWord = 30

    /// The text for an unstructured field: itself when it is ASCII, otherwise one or more
    /// `=?UTF-8?B?…?=` words separated by spaces (so the folding may break between them),
    /// each holding whole characters, as RFC 2047 §5 requires.
    public static func encode(_ text: String) -> String {
        guard !text.unicodeScalars.contains(where: { !$0.isASCII }) else {
            var words: [String] = []
            var chunk: [UInt8] = []
            for character in text {
                let bytes = Array(character.utf8)
                if chunk.count + bytes.count > maximumOctetsPerWord && !chunk.isEmpty {
                    words.append(word(chunk))
                    chunk = []
                }
                chunk += bytes
            }
            if !chunk.isEmpty { words.append(word(chunk)) }
            return words.joined(separator: " ")
        }
        return text
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Base64.encode(bytes))?="
    }

    /// `value` with the encoded-words in UTF-8, US-ASCII and ISO-8859-1 decoded (the ones
    /// a subject is nearly always written in); other charsets and malformed words are left
    /// as they are, which is still readable enough for a person.
    public static func decode(_ value: String) -> String {
        var output = ""
        var pendingSpace = ""
        var previousWasEncoded = false
        // Tokens alternate between runs of white space and runs of anything else.
        for token in tokens(value) {
            if token.allSatisfy({ $0 == " " || $0 == "\t" }) {
                pendingSpace += token
                continue
            }
            if let decoded = decodeWord(token) {
                // RFC 2047 §6.2: white space between two encoded-words is not displayed.
                if !previousWasEncoded { output += pendingSpace }
                output += decoded
                previousWasEncoded = true
            } else {
                output += pendingSpace + token
                previousWasEncoded = false
            }
            pendingSpace = ""
        }
        return output + pendingSpace
    }

    private static func tokens(_ value: String) -> [String] {
        var result: [String] = []
        var current = ""
        var currentIsSpace = false
        for character in value {
            let isSpace = character == " " || character == "\t"
            if !current.isEmpty && isSpace != currentIsSpace {
                result.append(current)
                current = ""
            }
            current.append(character)
            currentIsSpace = isSpace
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private static func decodeWord(_ token: String) -> String? {
        guard token.hasPrefix("=?"), token.hasSuffix("?="), token.count > 4 else { return nil }
        let inner = token.dropFirst(2).dropLast(2)
        let parts = inner.split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        // RFC 2231 §5 allows a language after the charset: `UTF-8*de`.
        let charset = parts[0].split(separator: "*").first.map { $0.lowercased() } ?? ""
        let text = Array(parts[2].utf8)
        let bytes: [UInt8]?
        switch parts[1] {
        case "B", "b": bytes = Base64.decode(text)
        case "Q", "q": bytes = decodeQ(text)
        default: return nil
        }
        guard let bytes else { return nil }
        switch charset {
        case "utf-8", "us-ascii":
            return String(validating: bytes, as: UTF8.self)
        case "iso-8859-1", "latin1":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        default:
            return nil
        }
    }

    /// RFC 2047 §4.2: like quoted-printable, with `_` for a space.
    private static func decodeQ(_ text: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "_") {
                output.append(0x20)
            } else if byte == UInt8(ascii: "=") {
                guard index + 2 < text.count, let value = QuotedPrintable.hexByte(text[index + 1], text[index + 2]) else {
                    return nil
                }
                output.append(value)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }
}
