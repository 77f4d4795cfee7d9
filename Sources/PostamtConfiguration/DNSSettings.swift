/// Where the lookups of MX and address records go.
public struct DNSSettings: Sendable, Hashable {
    /// A name server, by IP address (there is no DNS yet to find a name).
    public struct Server: Sendable, Hashable, CustomStringConvertible {
        /// The address in canonical form, without brackets.
        public var address: String
        public var port: Int

        public init(address: String, port: Int = 53) {
            self.address = address
            self.port = port
        }

        /// `192.0.2.53:53`, `[2001:db8::53]:53`.
        public var description: String {
            address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
        }
    }

    /// Servers to forward queries to; empty (the default) uses those of `/etc/resolv.conf`.
    public var servers: [Server]
    /// The longest one lookup may take before delivery treats it as a temporary failure.
    /// Default 30 seconds.
    public var timeout: Duration

    public init(servers: [Server] = [], timeout: Duration = .seconds(30)) {
        self.servers = servers
        self.timeout = timeout
    }
}
