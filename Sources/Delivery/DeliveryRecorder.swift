import Foundation
import Logging
import MailQueue
import Synchronization

/// Writes the records of deliveries that finish close together in one write.
///
/// The deliveries of one claim run side by side and finish within a few milliseconds of
/// each other. Written one by one, each record was a transaction of its own, often with a
/// sync of its own, and a store waiting behind it. Here a record waits up to `delay` for
/// others (or until `limit` are waiting), and then all of them are written together.
///
/// A caller hears back only once its records are written, so whatever it does next (a
/// bounce, the next server to try) still follows its record. A crash in the `delay` between
/// a delivery and its record means the delivery is made again, as after any crash
/// mid-delivery; nothing is lost.
public final class DeliveryRecorder: Sendable {
    private let store: any MessageStore
    private let logger: Logger
    private let delay: Duration
    private let limit: Int

    private struct Pending {
        var records: [DeliveryRecord] = []
        var waiting: [CheckedContinuation<Void, Never>] = []
        var writeScheduled = false

        /// The records and their callers so far; a scheduled write stays scheduled.
        mutating func take() -> (records: [DeliveryRecord], waiting: [CheckedContinuation<Void, Never>]) {
            let batch = (records, waiting)
            records = []
            waiting = []
            return batch
        }
    }

    private let pending = Mutex(Pending())
    /// The loop whose timer the wait for other records uses and whose thread writes them;
    /// nil: Swift's shared pool.
    private let executor: EventLoopTaskExecutor?

    /// - Parameters:
    ///   - delay: how long the first record waits for others.
    ///   - limit: records waiting beyond which they are written at once.
    public convenience init(store: any MessageStore, logger: Logger, delay: Duration = .milliseconds(5), limit: Int = 256) {
        self.init(store: store, logger: logger, delay: delay, limit: limit, executor: nil)
    }

    /// A recorder for deliveries that run on `executor`'s loop: the wait and the write run
    /// there too, rather than waking a thread of Swift's shared pool for each.
    init(store: any MessageStore, logger: Logger, delay: Duration = .milliseconds(5), limit: Int = 256, executor: EventLoopTaskExecutor?) {
        self.store = store
        self.logger = logger
        self.delay = delay
        self.limit = max(1, limit)
        self.executor = executor
    }

    /// Writes `records` with the others that arrive meanwhile; returns once they are
    /// written, or their write failed (logged: the leases expire and the deliveries are made
    /// again).
    public func record(_ records: [DeliveryRecord]) async {
        guard !records.isEmpty else { return }
        await withCheckedContinuation { continuation in
            enum Next { case nothing, scheduleWrite, write([DeliveryRecord], [CheckedContinuation<Void, Never>]) }
            let next: Next = pending.withLock { pending in
                pending.records += records
                pending.waiting.append(continuation)
                if pending.records.count >= limit {
                    let batch = pending.take()
                    return .write(batch.records, batch.waiting)
                }
                if pending.writeScheduled { return .nothing }
                pending.writeScheduled = true
                return .scheduleWrite
            }
            switch next {
            case .nothing:
                break
            case .scheduleWrite:
                Task(executorPreference: executor) { [self] in
                    if let executor {
                        await executor.sleep(for: delay)
                    } else {
                        try? await Task.sleep(for: delay)
                    }
                    let batch = pending.withLock { pending in
                        pending.writeScheduled = false
                        return pending.take()
                    }
                    await write(batch.records, resuming: batch.waiting)
                }
            case .write(let records, let waiting):
                Task(executorPreference: executor) { [self] in await write(records, resuming: waiting) }
            }
        }
    }

    private func write(_ records: [DeliveryRecord], resuming waiting: [CheckedContinuation<Void, Never>]) async {
        if !records.isEmpty {
            do {
                try await store.record(records, now: Date().timeIntervalSince1970)
            } catch {
                logger.error(
                    "recording deliveries failed; they will be made again when their leases expire",
                    metadata: ["error": "\(error)", "count": "\(records.count)"]
                )
            }
        }
        for continuation in waiting { continuation.resume() }
    }
}
