import ArgumentParser
import Logging
import PostamtConfiguration
import PostamtServer

/// Opens the configured queue and users (SQLite files or the shared PostgreSQL database),
/// runs `body` on them and closes them again. A storage that cannot be opened ends the
/// command with its reason and status 1.
///
/// With `existingQueue`, a data directory without a queue is an error rather than a new,
/// empty queue.
func withStorage<Value>(
    _ configuration: PostamtConfiguration,
    existingQueue: Bool = false,
    _ body: (QueueStorage) async throws -> Value
) async throws -> Value {
    // Warnings of the database client go to stderr, so that --json output stays clean.
    var logger = Logger(label: "postamt", factory: { StreamLogHandler.standardError(label: $0) })
    logger.logLevel = .warning
    let storage: QueueStorage
    do {
        storage = try await QueueStorage.open(configuration, logger: logger, existingOnly: existingQueue)
    } catch {
        printError("postamt: \(error)")
        throw ExitCode(1)
    }
    do {
        let value = try await body(storage)
        await storage.close()
        return value
    } catch {
        await storage.close()
        throw error
    }
}
