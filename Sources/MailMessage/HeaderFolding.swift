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
        var field = [UInt8]()
        // Every word with the space before it, and room for a few folds.
        field.reserveCapacity(clauses.joined().reduce(name.utf8.count + 19) { $0 + 1 + $1.utf8.count })
        append(name: name, clauses: clauses, to: &field)
        return String(decoding: field, as: UTF8.self)
    }

    /// Appends the field ``field(name:clauses:)`` lays out to `octets`; a caller that knows
    /// what follows reserves room for both, so that the array grows once at most.
    ///
    /// Laid out in octets rather than in a `String`: a server writes this for every message
    /// it accepts, and appending to a `String` word by word cost several times as much.
    static func append(name: String, clauses: [[String]], to octets: inout [UInt8]) {
        octets.append(contentsOf: name.utf8)
        octets.append(UInt8(ascii: ":"))
        var lineLength = name.utf8.count + 1
        var lineHasWord = false
        var folded = false

        func startNewLine() {
            octets.append(contentsOf: [0x0D, 0x0A, 0x09] as [UInt8])
            lineLength = 1
            lineHasWord = false
            folded = true
        }

        func append(_ word: String) {
            let length = word.utf8.count
            if lineHasWord && lineLength + 1 + length > lineLimit { startNewLine() }
            // The first word after a fold is separated by the tab that starts the line.
            if lineHasWord || !folded {
                octets.append(UInt8(ascii: " "))
                lineLength += 1
            }
            octets.append(contentsOf: word.utf8)
            lineLength += length
            lineHasWord = true
        }

        for clause in clauses where !clause.isEmpty {
            var clauseLength = clause.count - 1
            for word in clause { clauseLength += word.utf8.count }
            if lineHasWord && lineLength + 1 + clauseLength > lineLimit {
                startNewLine()
            }
            for word in clause { append(word) }
        }
        octets.append(contentsOf: [0x0D, 0x0A] as [UInt8])
    }
}
