import NIOConcurrencyHelpers
import SMTPCore

/// Counts open connections in total and per client address, shared by all listeners, so
/// one client cannot take every slot.
public final class ConnectionLimiter: Sendable {
    public let maximumTotal: Int
    public let maximumPerClient: Int
    private let state = NIOLockedValueBox(State())

    private struct State {
        var total = 0
        var perClient: [IPAddress: Int] = [:]
    }

    public enum Refusal: Sendable, Hashable {
        case tooManyConnections
        case tooManyFromClient
    }

    public init(maximumTotal: Int, maximumPerClient: Int) {
        self.maximumTotal = maximumTotal
        self.maximumPerClient = maximumPerClient
    }

    /// Takes a slot, or says why there is none. Every successful call needs a `release`.
    public func acquire(for client: IPAddress?) -> Refusal? {
        state.withLockedValue { state in
            if state.total >= maximumTotal { return .tooManyConnections }
            if let client {
                let count = state.perClient[client, default: 0]
                if count >= maximumPerClient { return .tooManyFromClient }
                state.perClient[client] = count + 1
            }
            state.total += 1
            return nil
        }
    }

    public func release(for client: IPAddress?) {
        state.withLockedValue { state in
            state.total -= 1
            if let client, let count = state.perClient[client] {
                state.perClient[client] = count > 1 ? count - 1 : nil
            }
        }
    }

    public var openConnections: Int { state.withLockedValue { $0.total } }
}
