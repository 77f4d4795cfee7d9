import MailQueue
import NIOConcurrencyHelpers
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
                let cause = error.underlying.map { ": \($0)" } ?? ""
                return StorageError(.unavailable, "\(action): \(String(reflecting: error.code))\(cause)")
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
    // Not a task group: a group waits for all its tasks, and a request stuck in the pool
    // may not end when cancelled. The caller gets its answer at the deadline regardless.
    let work = Task { try await body() }
    let resumed = NIOLockedValueBox(false)
    /// Whether the caller is the first to answer (the timer or the work, whichever ends first).
    @Sendable func claimAnswer() -> Bool {
        resumed.withLockedValue { done in defer { done = true }; return !done }
    }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let timer = Task {
                try? await Task.sleep(for: limit)
                guard claimAnswer() else { return }
                work.cancel()
                continuation.resume(throwing: DeadlineExceeded(limit: limit))
            }
            Task {
                let result = await work.result
                guard claimAnswer() else { return }
                timer.cancel()
                continuation.resume(with: result)
            }
        }
    } onCancel: {
        work.cancel()
    }
}

/// No answer from the database within the deadline.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var limit: Duration
    var description: String { "no answer from the database within \(limit)" }
}

/// Runs one piece of database work within `limit`, as `action` for the error. Every call
/// goes through here: a request that waits for a connection the pool never gets back (the
/// database restarted under it) must fail and be retried, not hold a delivery worker or a
/// shutdown forever.
func database<Value: Sendable>(
    _ action: @autoclosure () -> String, within limit: Duration, on pool: ReplaceableClient,
    _ body: @escaping @Sendable (PostgresClient) async throws -> Value
) async throws(StorageError) -> Value {
    let client = pool.client
    do {
        return try await withDeadline(limit) { try await body(client) }
    } catch let error as DeadlineExceeded {
        pool.requestTimedOut(deadline: limit)
        throw StorageError(.unavailable, "\(action()): \(error)")
    } catch {
        throw StorageError.postgres(error, doing: action())
    }
}
