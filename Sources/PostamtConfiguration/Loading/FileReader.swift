/// A value read from the file, with its line.
struct Located<Value> {
    var value: Value
    var line: Int
}

/// Reads typed settings out of the parsed file, turning every problem into an error with
/// its line and key, and going on so that all problems are reported at once.
struct FileReader {
    let name: String
    var errors: [ConfigurationError] = []

    var source: ConfigurationError.Source { .file(name) }

    func origin(_ line: Int) -> Origin { Origin(source: source, line: line) }

    mutating func fail(_ line: Int, _ key: String, _ message: String) {
        errors.append(ConfigurationError(source: source, line: line, key: key, message: message))
    }

    /// `limits.max_recipients`, or `hostname` for the root table; keys that need quotes in
    /// TOML get them: `aliases."info@example.com"`.
    static func path(_ section: String?, _ key: String) -> String {
        let isBare = !key.isEmpty && key.utf8.allSatisfy(Byte.isBareKey)
        let written = isBare ? key : "\"\(key)\""
        return section.map { "\($0).\(written)" } ?? written
    }

    /// Reports every key of `table` that is not in `known`, suggesting the nearest one.
    ///
    /// - Returns: the known keys suggested, which are then not also reported as missing.
    @discardableResult
    mutating func rejectUnknownKeys(in table: TOMLTable, section: String?, known: [String]) -> Set<String> {
        var suggested: Set<String> = []
        for (key, value) in table.entries where !known.contains(key) {
            let suggestion = Suggestion.closest(to: key, in: known)
            if let suggestion { suggested.insert(suggestion) }
            let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            switch value.kind {
            case .table:
                fail(value.line, Self.path(section, key), "unknown table [\(Self.path(section, key))]\(hint)")
            case .tableArray:
                fail(value.line, Self.path(section, key), "unknown table [[\(Self.path(section, key))]]\(hint)")
            default:
                fail(value.line, Self.path(section, key), "unknown key '\(key)'\(hint)")
            }
        }
        return suggested
    }

    mutating func string(_ table: TOMLTable, _ key: String, section: String?) -> Located<String>? {
        guard let value = table[key], !value.isInvalid else { return nil }
        guard case .string(let text) = value.kind else {
            fail(value.line, Self.path(section, key), "must be a string in quotes, not \(value.kindDescription)")
            return nil
        }
        return Located(value: text, line: value.line)
    }

    /// A list of strings; a single string counts as a list of one.
    mutating func strings(_ table: TOMLTable, _ key: String, section: String?) -> Located<[Located<String>]>? {
        guard let value = table[key], !value.isInvalid else { return nil }
        switch value.kind {
        case .string(let text):
            return Located(value: [Located(value: text, line: value.line)], line: value.line)
        case .array(let elements):
            var texts: [Located<String>] = []
            for element in elements {
                guard case .string(let text) = element.kind else {
                    fail(element.line, Self.path(section, key), "must be a list of strings in quotes, but holds \(element.kindDescription)")
                    return nil
                }
                texts.append(Located(value: text, line: element.line))
            }
            return Located(value: texts, line: value.line)
        default:
            fail(value.line, Self.path(section, key), "must be a list of strings, e.g. [\"a\", \"b\"], not \(value.kindDescription)")
            return nil
        }
    }

    /// `true` or `false`.
    mutating func boolean(_ table: TOMLTable, _ key: String, section: String?) -> Located<Bool>? {
        guard let value = table[key], !value.isInvalid else { return nil }
        guard case .boolean(let flag) = value.kind else {
            fail(value.line, Self.path(section, key), "must be true or false, not \(value.kindDescription)")
            return nil
        }
        return Located(value: flag, line: value.line)
    }

    /// A whole number of at least `minimum`.
    mutating func count(_ table: TOMLTable, _ key: String, section: String?, minimum: Int = 1) -> Located<Int>? {
        guard let value = table[key], !value.isInvalid else { return nil }
        guard case .integer(let number) = value.kind else {
            fail(value.line, Self.path(section, key), "must be a whole number, not \(value.kindDescription)")
            return nil
        }
        guard number >= minimum else {
            fail(value.line, Self.path(section, key), "must be at least \(minimum)")
            return nil
        }
        return Located(value: number, line: value.line)
    }

    /// Bytes as an integer, or a string with a unit: `"25M"`.
    mutating func size(_ table: TOMLTable, _ key: String, section: String?) -> Located<UInt64>? {
        guard let value = table[key], !value.isInvalid else { return nil }
        switch value.kind {
        case .integer(let number) where number >= 0:
            return Located(value: UInt64(number), line: value.line)
        case .string(let text):
            if let bytes = ByteSize.parse(text) { return Located(value: bytes, line: value.line) }
            fail(value.line, Self.path(section, key), "'\(text)' is not a size; write \(ByteSize.syntaxHint)")
        case .integer:
            fail(value.line, Self.path(section, key), "must not be negative")
        default:
            fail(value.line, Self.path(section, key), "must be \(ByteSize.syntaxHint), not \(value.kindDescription)")
        }
        return nil
    }

    /// Seconds as an integer, or a string with a unit: `"5m"`. Always longer than zero.
    mutating func duration(_ table: TOMLTable, _ key: String, section: String?) -> Located<Duration>? {
        guard let value = table[key], !value.isInvalid else { return nil }
        let result: Result<Duration, InvalidValue>
        switch value.kind {
        case .integer(let seconds): result = SettingValue.duration(.seconds(seconds))
        case .string(let text): result = SettingValue.duration(text)
        default:
            fail(value.line, Self.path(section, key), "must be \(DurationText.syntaxHint), not \(value.kindDescription)")
            return nil
        }
        switch result {
        case .success(let duration): return Located(value: duration, line: value.line)
        case .failure(let invalid): fail(value.line, Self.path(section, key), invalid.message)
        }
        return nil
    }

    /// A `[name]` table of the root.
    mutating func table(_ root: TOMLTable, _ key: String) -> TOMLTable? {
        guard let value = root[key], !value.isInvalid else { return nil }
        switch value.kind {
        case .table(let table): return table
        case .tableArray: fail(value.line, key, "write [\(key)], not [[\(key)]]: there is only one")
        default: fail(value.line, key, "must be a table: write [\(key)] on a line of its own, and its keys below it")
        }
        return nil
    }

    /// The tables of `[[name]]` headers.
    mutating func tableArray(_ root: TOMLTable, _ key: String) -> [TOMLTable]? {
        guard let value = root[key], !value.isInvalid else { return nil }
        switch value.kind {
        case .tableArray(let tables): return tables
        case .table: fail(value.line, key, "write [[\(key)]], once for each \(key), not [\(key)]")
        default: fail(value.line, key, "must be written as [[\(key)]] tables, once for each \(key)")
        }
        return nil
    }
}
