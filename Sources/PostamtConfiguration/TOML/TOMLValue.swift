/// A value from the configuration file together with the line it starts on, so that every
/// later complaint about it (a bad network, an unknown mailbox) can name that line.
struct TOMLValue: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        /// An inline array, `[1, 2]`; its elements keep their own lines when it spans several.
        case array([TOMLValue])
        case table(TOMLTable)
        /// The tables of `[[name]]` headers, in file order.
        case tableArray([TOMLTable])
        /// A value with a syntax error, already reported: it keeps its key present, so
        /// that the key is not also reported as missing or of the wrong type.
        case invalid
    }

    var kind: Kind
    /// 1-based line where the value starts (for tables: their header).
    var line: Int

    var isInvalid: Bool { kind == .invalid }

    init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    /// The kind as error messages name it: "a string", "an integer", ….
    var kindDescription: String {
        switch kind {
        case .string: "a string"
        case .integer: "an integer"
        case .boolean: "a boolean"
        case .array: "an array"
        case .table: "a table"
        case .tableArray: "an array of tables"
        case .invalid: "an invalid value"
        }
    }
}
