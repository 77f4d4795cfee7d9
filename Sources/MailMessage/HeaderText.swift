/// Cleaning of text that goes into a header field but was chosen by someone else: the
/// EHLO name (the client's choice), a reverse-DNS name (whoever controls the PTR record),
/// and, defensively, values from our own configuration.
///
/// A CR or LF would end the field and start a new one (header injection: "evil\r\nBcc: x");
/// other control characters confuse readers and log tools; parentheses and backslashes
/// would close or escape the comment a name sits in (RFC 5322 §3.2.2); white space would
/// let a client forge extra clauses ("EHLO a by trusted.example"); a semicolon would end
/// the clause list early for readers that look for the date after the first ";".
enum HeaderText {
    /// Words longer than a domain name cannot be legitimate here; capping them keeps every
    /// line far below the 998-octet hard limit of RFC 5322 §2.1.1.
    static let maximumWordLength = 255

    /// `text` with everything removed that could break out of a word or a comment, and cut
    /// to ``maximumWordLength`` octets on a character boundary. UTF-8 letters (U-labels,
    /// RFC 6531) are kept; Unicode controls, format characters and separators are not.
    static func word(_ text: String) -> String {
        // Nearly every name is plain ASCII that needs no cleaning: no copy then.
        if text.utf8.count <= maximumWordLength, text.utf8.allSatisfy(isPlainWordByte) { return text }
        var result = String.UnicodeScalarView()
        var length = 0
        for scalar in text.unicodeScalars where isWordCharacter(scalar) {
            let scalarLength = UTF8.width(scalar)
            guard length + scalarLength <= maximumWordLength else { break }
            result.append(scalar)
            length += scalarLength
        }
        return String(result)
    }

    /// `text` with control characters removed but spaces and punctuation kept: for values
    /// that have a syntax of their own, such as a path whose quoted local part may hold a
    /// space, and which are not inside a comment.
    static func withoutControls(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !isControl($0) }))
    }

    /// An ASCII octet ``word(_:)`` keeps as it is.
    private static func isPlainWordByte(_ byte: UInt8) -> Bool {
        guard byte > 0x20, byte < 0x7F else { return false }
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: ";"): return false
        default: return true
        }
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            guard scalar.value > 0x20, scalar.value < 0x7F else { return false }
            return !"()\\\";".unicodeScalars.contains(scalar)
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .surrogate, .privateUse, .unassigned:
            return false
        default:
            return true
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
