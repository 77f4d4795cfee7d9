/// A syntax error in the configuration file, at the line where it was found.
struct TOMLSyntaxError: Error, Sendable, Hashable {
    var line: Int
    var message: String
}

/// What the parser read: the root table, and every syntax error it met (it goes on after
/// an error, so that one run names them all).
struct TOMLDocument: Sendable, Hashable {
    var root: TOMLTable
    var errors: [TOMLSyntaxError]
}
