import MailQueue
import NIOConcurrencyHelpers

/// The content of messages just stored, kept until their delivery reads it, so that a
/// message accepted and delivered at once is not read back from the queue.
///
/// Content never changes once stored, so an entry can only be missing, never stale. An
/// entry is dropped when it is read (a second delivery of the same message, to another
/// domain or after a deferral, reads the queue) and, oldest first, when the entries
/// together pass `byteLimit`: under a backlog the queue is read as before.
final class RecentContent: Sendable {
    private struct State {
        var entries: [QueueID: [UInt8]] = [:]
        /// Insertion order, for evicting the oldest; may name entries already read.
        var order: [QueueID] = []
        var orderStart = 0
        var bytes = 0
    }

    let byteLimit: Int
    private let state = NIOLockedValueBox(State())

    init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    func remember(_ content: [UInt8], of message: QueueID) {
        guard content.count <= byteLimit / 4 else { return }
        state.withLockedValue { state in
            if let previous = state.entries.updateValue(content, forKey: message) {
                state.bytes -= previous.count
            } else {
                state.order.append(message)
            }
            state.bytes += content.count
            while state.bytes > byteLimit, state.orderStart < state.order.count {
                let oldest = state.order[state.orderStart]
                state.orderStart += 1
                if let evicted = state.entries.removeValue(forKey: oldest) { state.bytes -= evicted.count }
            }
            Self.compact(&state)
        }
    }

    /// The content, if still kept; it is not kept after this.
    func take(_ message: QueueID) -> [UInt8]? {
        state.withLockedValue { state in
            guard let content = state.entries.removeValue(forKey: message) else { return nil }
            state.bytes -= content.count
            return content
        }
    }

    var count: Int { state.withLockedValue { $0.entries.count } }

    /// Forgets the names in the order whose entries are gone (evicted or read) once they
    /// are most of it, so the order stays proportional to what is kept.
    private static func compact(_ state: inout State) {
        guard state.order.count - state.orderStart > 2 * state.entries.count + 1024 else { return }
        state.order = state.order[state.orderStart...].filter { state.entries[$0] != nil }
        state.orderStart = 0
    }
}
