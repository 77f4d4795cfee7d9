/// Lays out a header field on lines of at most 78 characters, folding only at white space.
///
/// The input is a list of clauses, each a list of words. A fold is preferably placed
/// between clauses (as Postfix does for Received:, so that `by`, `with`, `id` each start a
/// line when the field gets long) and only inside a clause when the clause alone is longer
/// than a line. A word is never split: a single word longer than a line stays whole on its
/// own line, which is still far below the 998-octet hard limit because callers cap
/// untrusted words.
///
/// - SeeAlso: RFC 5322 §2.1.1 (line length limits), §2.2.3 (folding).
enum HeaderFolding {
    /// RFC 5322 §2.1.1: lines SHOULD be no more than 78 characters, excluding CRLF.
    static let lineLimit = 78

    /// The complete field, `Name: words…`, with CRLF after every line and a tab at the
    /// start of every continuation line. Lengths are counted in octets, which is the
    /// conservative choice for UTF-8 content.
    static func field(name: String, clauses: [[String]]) -> String {
        // Built in one string: a server writes this for every message it accepts.
        var field = name + ":"
        // Every word with the space before it, and room for a few folds.
        let wordOctets = clauses.joined().reduce(0) { $0 + 1 + $1.utf8.count }
        field.reserveCapacity(field.utf8.count + wordOctets + 16)
        var lineLength = field.utf8.count
        var lineHasWord = false
        var folded = false

        func startNewLine() {
            field += "\r\n\t"
            lineLength = 1
            lineHasWord = false
            folded = true
        }

        func append(_ word: String) {
            let length = word.utf8.count
            if lineHasWord && lineLength + 1 + length > lineLimit { startNewLine() }
            // The first word after a fold is separated by the tab that starts the line.
            if lineHasWord || !folded {
                field += " "
                lineLength += 1
            }
            field += word
            lineLength += length
            lineHasWord = true
        }

        for clause in clauses where !clause.isEmpty {
            let clauseLength = clause.reduce(clause.count - 1) { $0 + $1.utf8.count }
            if lineHasWord && lineLength + 1 + clauseLength > lineLimit {
                startNewLine()
            }
            for word in clause { append(word) }
        }
        field += "\r\n"
        return field
    }
}
