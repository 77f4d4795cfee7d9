import MailQueue
import PostgresNIO

extension StorageError {
    /// The storage error a PostgreSQL failure means for the server: a unique violation is a
    /// taken queue ID, a full disk is a lack of space, and a lost or refused connection
    /// is the database being unavailable (the server answers 451 4.3.0 and retries).
    static func postgres(_ error: any Error, doing action: String) -> StorageError {
        let error = unwrapTransaction(error)
        if let error = error as? StorageError { return error }
        if let error = error as? PSQLError {
            switch error.serverInfo?[.sqlState] {
            case "23505"?: return StorageError(.duplicateID, "\(action): \(error.serverInfo?[.message] ?? "duplicate key")")
            case "53100"?: return StorageError(.insufficientSpace, "\(action): \(error.serverInfo?[.message] ?? "disk full")")
            case let state? where state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300" || error.serverInfo?[.severity] == "FATAL":
                // FATAL ends the session: the server is shutting down, refuses connections
                // to this database for now, or has no connection slot left.
                return StorageError(.unavailable, "\(action): \(error.serverInfo?[.message] ?? state)")
            case let state?:
                return StorageError(.failed, "\(action): \(error.serverInfo?[.message] ?? "") (SQLSTATE \(state))")
            case nil:
                // No answer from the server at all: the connection failed or was closed.
                return StorageError(.unavailable, "\(action): \(String(reflecting: error.code))")
            }
        }
        return StorageError(.unavailable, "\(action): \(error)")
    }
}

extension StorageError {
    /// The error inside a failed transaction: what the closure threw, else why BEGIN or
    /// COMMIT failed.
    static func unwrapTransaction(_ error: any Error) -> any Error {
        guard let transaction = error as? PostgresTransactionError else { return error }
        return transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? error
    }
}

/// Runs `body`, giving up after `limit`: while the database is unreachable, PostgresNIO's
/// pool keeps a request waiting for a connection, but an SMTP client must get its 451 now.
func withDeadline<Value: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw StorageError(.unavailable, "no answer from the database within \(limit)")
        }
        return value
    }
}
