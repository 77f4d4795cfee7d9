import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// The connection pool to the database, replaced by a fresh one when it stops answering.
///
/// After a database restart PostgresNIO's pool can be left with requests that wait for a
/// connection that never comes, while the database itself is back. A node must carry on
/// by itself when the database returns, so a request that gets no answer within its
/// deadline lets the pool be replaced (at most once per deadline); the old pool is shut
/// down in the background.
final class ReplaceableClient: Sendable {
    private struct Current {
        var client: PostgresClient
        var runner: Task<Void, Never>
        var since: ContinuousClock.Instant
    }

    private let configuration: PostgresClient.Configuration
    private let logger: Logger
    private let state: NIOLockedValueBox<Current>
    private let closed = NIOLockedValueBox(false)

    init(configuration: PostgresClient.Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        state = NIOLockedValueBox(Self.start(configuration, logger: logger))
    }

    private static func start(_ configuration: PostgresClient.Configuration, logger: Logger) -> Current {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return Current(client: client, runner: Task { await client.run() }, since: .now)
    }

    /// The pool to send the next request to.
    var client: PostgresClient { state.withLockedValue { $0.client } }

    /// A request got no answer within `deadline`: unless the pool was replaced within the
    /// last `deadline` already, start a new one and shut the old one down.
    func requestTimedOut(deadline: Duration) {
        guard !closed.withLockedValue({ $0 }) else { return }
        let old = state.withLockedValue { current -> Task<Void, Never>? in
            guard ContinuousClock.now - current.since >= deadline else { return nil }
            let old = current.runner
            current = Self.start(configuration, logger: logger)
            return old
        }
        guard let old else { return }
        logger.warning("the database did not answer in time; connecting afresh")
        old.cancel()
    }

    /// Shuts the pool down and waits for its connections to close.
    func close() async {
        closed.withLockedValue { $0 = true }
        let runner = state.withLockedValue { $0.runner }
        runner.cancel()
        await runner.value
    }
}
