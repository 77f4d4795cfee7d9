import Foundation
import LocalDelivery
import MailQueue
import NIOConcurrencyHelpers
import SMTPCore

/// Which local addresses are users, kept in memory so the alias table can ask synchronously.
/// The set is reloaded from the user store when it is older than `maximumAge`, so users that
/// `postamt user add` creates while the server runs are known within that time.
final class LocalMailboxes: Sendable {
    private let users: any UserStore
    private let maximumAge: Duration
    private let state = NIOLockedValueBox<(names: Set<String>, loadedAt: ContinuousClock.Instant?)>(([], nil))

    init(users: any UserStore, maximumAge: Duration = .seconds(1)) {
        self.users = users
        self.maximumAge = maximumAge
    }

    /// Whether the names are recent enough to be used without a reload.
    var isFresh: Bool {
        guard let loadedAt = state.withLockedValue({ $0.loadedAt }) else { return false }
        return ContinuousClock.now - loadedAt < maximumAge
    }

    /// Reloads the names if they are stale.
    func refreshIfNeeded() async throws(StorageError) {
        if isFresh { return }
        let names = Set(try await users.allUsers().map(\.name))
        state.withLockedValue { $0 = (names, .now) }
    }

    func contains(_ mailbox: Mailbox) -> Bool {
        let key = mailbox.lookupKey
        return state.withLockedValue { $0.names.contains(key) }
    }
}
