import Foundation
import MailQueue
import NIOConcurrencyHelpers
import SMTPCore

/// The queue as the delivery workers see it, counting each outcome and timing each attempt
/// on its way to the real store; every delivery, local or remote, ends in `finish`.
///
/// An outcome that cannot be recorded because the database is unreachable is tried again
/// until it is recorded or the server stops: the mail has already gone out (or failed), and
/// a recipient left in flight under a lease this node keeps renewing would never be
/// finished. Until then the lease keeps other nodes from delivering it a second time.
struct MonitoredMessageStore: MessageStore {
    let base: any MessageStore
    let monitor: ServerMonitor
    /// When each claimed recipient was leased, for the duration of local attempts (remote
    /// attempts carry their start time in the recorded attempt).
    private let claimedAt = NIOLockedValueBox<[Int64: (route: DeliveryRoute, time: Double)]>([:])
    private let stopping = NIOLockedValueBox(false)
    /// What was just stored, for its delivery to take instead of reading it back. 32 MiB
    /// covers what 100 sessions of 64 KiB messages keep between their store and the start
    /// of their delivery; with 8 MiB part of them were read back (BENCHMARKS.md).
    let recentContent: RecentContent

    init(base: any MessageStore, monitor: ServerMonitor, recentContent: RecentContent = RecentContent(byteLimit: 32 << 20)) {
        self.base = base
        self.monitor = monitor
        self.recentContent = recentContent
    }

    func store(_ message: IncomingMessage) async throws(StorageError) {
        try await base.store(message)
        recentContent.remember(message.content, of: message.id)
    }

    func store(_ message: IncomingMessage, completion: @escaping @Sendable (Result<Void, StorageError>) -> Void) {
        base.store(message) { [recentContent] result in
            if case .success = result { recentContent.remember(message.content, of: message.id) }
            completion(result)
        }
    }

    func claimDeliveries(route: DeliveryRoute, limit: Int, now: Double, leaseDuration: Double, owner: String) async throws(StorageError) -> [DeliveryClaim] {
        let claims = try await base.claimDeliveries(route: route, limit: limit, now: now, leaseDuration: leaseDuration, owner: owner)
        if route == .local, !claims.isEmpty {
            let time = Date().timeIntervalSince1970
            claimedAt.withLockedValue { table in
                for claim in claims { table[claim.recipientID] = (route, time) }
            }
        }
        return claims
    }

    func renewLeases(owner: String, until: Double) async throws(StorageError) -> Int {
        try await base.renewLeases(owner: owner, until: until)
    }

    func releaseLeases(owner: String?, now: Double) async throws(StorageError) -> Int {
        try await base.releaseLeases(owner: owner, now: now)
    }

    func content(of message: QueueID) async throws(StorageError) -> [UInt8]? {
        if let content = recentContent.take(message) { return content }
        return try await base.content(of: message)
    }

    /// Ends the retries of ``record(_:now:)``; the recipients they were for stay
    /// leased until the lease runs out, and are then delivered again.
    func stop() {
        stopping.withLockedValue { $0 = true }
    }

    func finish(_ claim: DeliveryClaim, outcome: DeliveryOutcome, now: Double) async throws(StorageError) {
        try await record([DeliveryRecord(claim: claim, outcome: outcome)], now: now)
    }

    func record(_ records: [DeliveryRecord], now: Double) async throws(StorageError) {
        var pause = Duration.milliseconds(50)
        while true {
            do {
                try await base.record(records, now: now)
                break
            } catch where error.kind == .unavailable && records.contains(where: { $0.outcome != nil }) && !stopping.withLockedValue({ $0 }) {
                // Attempts alone are kept for operators; an outcome must not be lost.
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(2))
            }
        }
        let time = Date().timeIntervalSince1970
        for record in records {
            // Remote attempts carry their start time.
            if let attempt = record.attempt { monitor.attemptDuration(time - attempt.time, route: DeliveryRoute.remote.rawValue) }
            guard let outcome = record.outcome else { continue }
            let local = claimedAt.withLockedValue { $0.removeValue(forKey: record.claim.recipientID) }
            let route = (local?.route ?? .remote).rawValue
            if let local { monitor.attemptDuration(time - local.time, route: route) }
            switch outcome {
            case .delivered: monitor.delivered(route: route)
            case .deferred: monitor.deferred(route: route)
            case .bounced: monitor.bounced(route: route)
            }
        }
    }

    func markDelayNotified(_ claims: [DeliveryClaim]) async throws(StorageError) {
        try await base.markDelayNotified(claims)
    }

    func recordAttempt(_ attempt: DeliveryAttempt, for claim: DeliveryClaim) async throws(StorageError) {
        try await record([DeliveryRecord(claim: claim, attempt: attempt)], now: attempt.time)
    }

    func attempts(for message: QueueID) async throws(StorageError) -> [(mailbox: String, attempt: DeliveryAttempt)] {
        try await base.attempts(for: message)
    }

    func recipientCounts() async throws(StorageError) -> [RecipientState: Int] {
        try await base.recipientCounts()
    }

    func messageCount() async throws(StorageError) -> Int {
        try await base.messageCount()
    }

    func purgeFinished(receivedBefore cutoff: Double, limit: Int) async throws(StorageError) -> Int {
        try await base.purgeFinished(receivedBefore: cutoff, limit: limit)
    }
}
