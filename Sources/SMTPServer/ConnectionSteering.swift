/// When a listener serves a new connection on the event loop of the core its packets
/// arrive on, and when on the loop the kernel's hash picks.
///
/// A listener has one socket per event loop in an `SO_REUSEPORT` group
/// (``ListeningAddress``), and by default the kernel picks the socket by a hash of the
/// connection's addresses. A connection's packets are then taken in on one core while its
/// loop may run on another: every reply wakes the client's side across cores, and every
/// command wakes the loop across cores. On a virtual machine such a wake-up costs tens of
/// microseconds of CPU (an interrupt between virtual CPUs, a halted CPU woken), against a
/// few on the same core.
///
/// Steered by core, loop *i* of *n* runs only on the cores *c* with *c* mod *n* = *i*, and a
/// program on the group gives a new connection to socket *c* mod *n*, *c* being the core
/// that processed its handshake (``CoreAffinity``): on a network card with a receive queue
/// per core that queue's core, over loopback the client's. One client sending one message
/// after another then shares a core with its loop.
///
/// That only pays while few connections are open. With many, connections whose packets
/// arrive on one core (one busy client, a card with one queue) would all land on one loop
/// while the others idle. So connections are steered by core while at most
/// ``steerAtMost`` are open, and spread by the hash, on loops free to run on any core,
/// from ``spreadFrom`` on; between the two the way last chosen stays, so that a load
/// that hovers at one count does not switch at every connection.
struct ConnectionSteering: Sendable, Hashable {
    enum Mode: Sendable, Hashable {
        /// Each new connection on the loop of its core; each loop bound to its cores.
        case byCore
        /// Each new connection where the kernel's hash puts it; loops free to run anywhere.
        case byHash
    }

    /// Open connections at or below which new ones are steered by core.
    static let steerAtMost = 1
    /// Open connections from which new ones are spread by the hash.
    static let spreadFrom = 3

    private(set) var mode: Mode

    /// Starts steering by core: a server starts with no connection open.
    init() {
        mode = .byCore
    }

    /// The way to switch to now that `openConnections` are open, if it changes.
    mutating func update(openConnections: Int) -> Mode? {
        switch mode {
        case .byHash where openConnections <= Self.steerAtMost:
            mode = .byCore
        case .byCore where openConnections >= Self.spreadFrom:
            mode = .byHash
        default:
            return nil
        }
        return mode
    }
}
