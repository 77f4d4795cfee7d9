/// Which event loop serves a new connection.
public enum ListenerSteering: String, Sendable, Hashable, CaseIterable {
    /// While at most one connection is open, a new one is served on the loop of the core
    /// its packets arrive on, each loop bound to its cores, so that a lone client and its
    /// loop share a core instead of waking each other across cores; with three or more
    /// open, new ones are spread by the kernel's hash on loops free to run anywhere.
    case core
    /// Always where the kernel's hash of the connection's addresses puts it.
    case hash
}
