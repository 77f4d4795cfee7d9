import Foundation
import Synchronization
import Testing

@testable import MailQueue

/// A write handed to the group commit, and how it reports its result.
typealias Submission = (SQLiteMessageStore, @escaping @Sendable (Result<Void, any Error>) -> Void) -> Void

func storing(_ message: IncomingMessage) -> Submission {
    { store, done in store.store(message) { done($0.mapError { $0 }) } }
}

func writing(_ job: @escaping GroupCommitWriter.Job) -> Submission {
    { store, done in store.writer.submit(job, completion: done) }
}

/// Runs `writes` as one batch: a first write holds the writer until all of them are
/// queued behind it. Returns each write's result, in the order of `writes`.
func inOneBatch(_ writes: [Submission], on store: SQLiteMessageStore) async throws -> [Result<Void, any Error>] {
    let inside = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let holder = Thread {
        store.writer.submit({ _ in
            inside.signal()
            release.wait()
        }, mayCommitHere: true) { _ in }
    }
    holder.start()
    inside.wait()
    let results = LockedBox<[Int: Result<Void, any Error>]>([:])
    for (index, write) in writes.enumerated() {
        write(store) { result in results.withLock { $0[index] = result } }
    }
    #expect(store.writer.waitingWrites == writes.count)
    let transactionsBefore = store.writer.transactions
    release.signal()
    let giveUp = ContinuousClock.now + .seconds(30)
    while results.withLock({ $0.count }) < writes.count, ContinuousClock.now < giveUp {
        try await Task.sleep(for: .milliseconds(5))
    }
    // The holder's transaction and the batch's (once, however often it was begun).
    #expect(store.writer.transactions - transactionsBefore <= 2)
    let collected = results.withLock { $0 }
    return try writes.indices.map { try #require(collected[$0]) }
}

/// A value shared with completions that run on other threads.
final class LockedBox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}
