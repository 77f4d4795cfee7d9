import GRDB
import GRDBSQLite

/// A value bound to a statement parameter straight through SQLite's C API.
///
/// GRDB's `StatementArguments` box every value in an existential and a `DatabaseValue`, and
/// a blob must first become `Data`: for a stored message that is an allocation and a copy
/// of the whole content. The statements that run once per message bind their values this
/// way instead, and a blob is read by SQLite where it lies.
enum BoundValue {
    /// Text, or NULL for nil.
    case text(String?)
    case integer(Int64)
    case real(Double)
    case null
    /// Octets SQLite reads during the statement's step, without a copy of their own.
    case blob([UInt8])
}

extension Statement {
    /// Binds `values` to this statement's parameters in order, runs it to completion and
    /// resets it. Throws the `DatabaseError` GRDB would have thrown, with SQLite's extended
    /// result code (a duplicate key is `SQLITE_CONSTRAINT_PRIMARYKEY`).
    func executeBound(_ values: [BoundValue], in db: Database) throws {
        let statement = sqliteStatement
        defer {
            sqlite3_reset(statement)
            // A blob is bound without a copy: its pointer must not outlive this call.
            sqlite3_clear_bindings(statement)
        }
        let result = try Self.bind(values[...], to: statement, position: 1) {
            sqlite3_step(statement)
        }
        guard result == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)),
                message: db.lastErrorMessage,
                sql: sql
            )
        }
    }

    /// Binds the first value, then the rest inside it, so that a blob's storage stays
    /// pinned until `step` has run.
    private static func bind(
        _ values: ArraySlice<BoundValue>, to statement: SQLiteStatement, position: Int32, then step: () -> Int32
    ) throws -> Int32 {
        guard let value = values.first else { return step() }
        let rest = values.dropFirst()
        let code: Int32
        switch value {
        case .text(let text?):
            code = bindText(text, to: statement, position: position)
        case .text(nil), .null:
            code = sqlite3_bind_null(statement, position)
        case .integer(let integer):
            code = sqlite3_bind_int64(statement, position, integer)
        case .real(let real):
            code = sqlite3_bind_double(statement, position, real)
        case .blob(let octets):
            return try octets.withUnsafeBytes { buffer in
                // An empty buffer may have no address; SQLite would bind NULL for it.
                let bound = buffer.count == 0
                    ? sqlite3_bind_zeroblob(statement, position, 0)
                    : sqlite3_bind_blob64(statement, position, buffer.baseAddress, sqlite3_uint64(buffer.count), nil)
                try check(bound, binding: position)
                return try bind(rest, to: statement, position: position + 1, then: step)
            }
        }
        try check(code, binding: position)
        return try bind(rest, to: statement, position: position + 1, then: step)
    }

    /// Binds the text's UTF-8 with its length, so that a NUL inside it is kept as GRDB
    /// keeps it; SQLite copies it before this returns.
    private static func bindText(_ text: String, to statement: SQLiteStatement, position: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { utf8 in
            // An empty buffer may have no address, which SQLite would bind as NULL.
            guard let start = utf8.baseAddress, !utf8.isEmpty else { return sqlite3_bind_text(statement, position, "", 0, sqliteTransient) }
            return start.withMemoryRebound(to: CChar.self, capacity: utf8.count) { chars in
                sqlite3_bind_text64(statement, position, chars, sqlite3_uint64(utf8.count), sqliteTransient, UInt8(SQLITE_UTF8))
            }
        }
    }

    private static func check(_ code: Int32, binding position: Int32) throws {
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "could not bind parameter \(position)")
        }
    }
}

/// `SQLITE_TRANSIENT`: SQLite copies the text before the bind returns.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
