/// Lays out a header field (or a delivery-status field, which has the same syntax) on
/// lines of at most 78 characters where it can, and never more than 998 octets.
///
/// Folding only inserts a line break before a space that is already in the value, so
/// unfolding (RFC 5322 §2.2.3: removing the CRLFs) gives back the value exactly. A single
/// word too long for the hard limit (a URL in a remote reply, say) is the one exception:
/// it is cut into pieces of at most ``wordLimit`` octets, because a line over 998 octets
/// may be truncated or refused on the way (RFC 5322 §2.1.1, RFC 5321 §4.5.3.1.6); unfolded
/// it then reads with a space where it was cut.
///
/// - SeeAlso: RFC 5322 §2.1.1 (line length limits), §2.2.3 (folding).
public enum FieldFolding {
    /// RFC 5322 §2.1.1: lines SHOULD be no more than 78 characters, excluding CRLF.
    static let lineLimit = 78
    /// Longest piece of one word on a line: with the leading space and a field name this
    /// stays well below the 998-octet limit.
    static let wordLimit = 900

    /// `Name: value` and CRLF, folded. `value` must not hold line breaks (callers sanitize).
    public static func field(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var line = name + ":"
        var lineHasWord = false
        for word in words(of: value) {
            let candidateLength = line.utf8.count + 1 + word.utf8.count
            if lineHasWord && candidateLength > lineLimit {
                lines.append(line)
                line = " " + word
            } else {
                line += " " + word
            }
            // An empty word (from two spaces in a row) keeps its space but does not count
            // as a place the line has content, so the fold never leaves a line of blanks.
            lineHasWord = lineHasWord || !word.isEmpty
        }
        lines.append(line)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The words of `value` split at single spaces (empty words keep runs of spaces), with
    /// words over ``wordLimit`` octets cut on character boundaries.
    private static func words(of value: String) -> [String] {
        var result: [String] = []
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            guard word.utf8.count > wordLimit else {
                result.append(String(word))
                continue
            }
            var piece = ""
            var length = 0
            for character in word {
                let characterLength = character.utf8.count
                if length + characterLength > wordLimit {
                    result.append(piece)
                    piece = ""
                    length = 0
                }
                piece.append(character)
                length += characterLength
            }
            if !piece.isEmpty { result.append(piece) }
        }
        return result
    }
}
