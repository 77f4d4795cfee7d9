/// A table of the configuration file: keys in file order, each with its value and line.
struct TOMLTable: Sendable, Hashable {
    /// The line of the table's header (1 for the root table).
    var line: Int
    /// Whether a header named this table itself. `[a.b]` only implies `a`; TOML allows
    /// `[a]` later, but never two headers for the same table.
    var isDefined: Bool
    /// The keys in the order they appear, so errors come out in file order.
    private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]

    init(line: Int, isDefined: Bool = true) {
        self.line = line
        self.isDefined = isDefined
    }

    subscript(key: String) -> TOMLValue? { values[key] }

    var entries: [(key: String, value: TOMLValue)] { keys.map { ($0, values[$0]!) } }

    var isEmpty: Bool { keys.isEmpty }

    /// Sets `key`; the parser has already checked that it is new.
    mutating func set(_ value: TOMLValue, for key: String) {
        if values[key] == nil { keys.append(key) }
        values[key] = value
    }
}

extension TOMLTable {
    /// Runs `body` on the table at `path` below this one. Like TOML itself, a step through
    /// an array of tables enters its last table: that is the one the latest `[[header]]`
    /// opened. Returns nil when the path does not lead to a table.
    mutating func modify<Result>(_ path: ArraySlice<String>, _ body: (inout TOMLTable) throws(TOMLSyntaxError) -> Result) throws(TOMLSyntaxError) -> Result? {
        guard let key = path.first else { return try body(&self) }
        guard var value = values[key] else { return nil }
        let result: Result?
        switch value.kind {
        case .table(var table):
            result = try table.modify(path.dropFirst(), body)
            value.kind = .table(table)
        case .tableArray(var tables) where !tables.isEmpty:
            result = try tables[tables.count - 1].modify(path.dropFirst(), body)
            value.kind = .tableArray(tables)
        default:
            return nil
        }
        values[key] = value
        return result
    }

    /// Creates the table a `[name]` or `[[name]]` header names, creating implied parent
    /// tables on the way.
    ///
    /// - Throws: when the header repeats a table, mixes `[x]` and `[[x]]`, or names a key
    ///   that already holds a value.
    mutating func define(_ path: ArraySlice<String>, name: String, isArray: Bool, line: Int) throws(TOMLSyntaxError) {
        let key = path.first!
        let isLast = path.count == 1
        guard var value = values[key] else {
            var table = TOMLTable(line: line, isDefined: isLast)
            if !isLast { try table.define(path.dropFirst(), name: name, isArray: isArray, line: line) }
            set(TOMLValue(isLast && isArray ? .tableArray([table]) : .table(table), line: line), for: key)
            return
        }
        switch value.kind {
        case .table(var table):
            if isLast {
                if isArray {
                    throw TOMLSyntaxError(line: line, message: "[[\(name)]] conflicts with the table [\(name)] on line \(value.line)")
                }
                guard !table.isDefined else {
                    throw TOMLSyntaxError(line: line, message: "table [\(name)] is already defined on line \(table.line)")
                }
                table.isDefined = true
                table.line = line
                value.line = line
            } else {
                try table.define(path.dropFirst(), name: name, isArray: isArray, line: line)
            }
            value.kind = .table(table)
        case .tableArray(var tables):
            if isLast {
                guard isArray else {
                    throw TOMLSyntaxError(line: line, message: "[\(name)] is an array of tables since line \(value.line); write [[\(name)]]")
                }
                tables.append(TOMLTable(line: line))
            } else {
                try tables[tables.count - 1].define(path.dropFirst(), name: name, isArray: isArray, line: line)
            }
            value.kind = .tableArray(tables)
        default:
            throw TOMLSyntaxError(line: line, message: "'\(key)' is already a value on line \(value.line), not a table")
        }
        values[key] = value
    }
}

extension TOMLTable {
    /// Removes `key`, for readers that handle one key before checking the rest.
    mutating func remove(_ key: String) {
        guard values.removeValue(forKey: key) != nil else { return }
        keys.removeAll { $0 == key }
    }
}
