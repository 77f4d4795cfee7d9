import CLibUnbound
import SMTPCore

extension UnboundResolver {
    /// How the libunbound context is set up.
    public struct Configuration: Sendable, Hashable {
        /// Where queries go.
        public enum Upstream: Sendable, Hashable {
            /// The name servers of `/etc/resolv.conf` (the default), as forwarders.
            case systemResolvConf
            /// The name servers of another file in resolv.conf format.
            case resolvConf(path: String)
            /// These servers, each `address` or `address@port` (`127.0.0.1@5353`,
            /// `::1@53`): IP addresses only, since there is no DNS yet to find a name.
            case forwarders([String])
            /// Full recursion from the root servers, which needs outbound port 53.
            case recursive
        }

        public var upstream: Upstream
        /// The longest a lookup waits before it fails with ``DNSError/temporaryFailure(_:)``.
        public var queryTimeout: Duration
        /// A file of DNSSEC trust anchors in zone-file format (DS or DNSKEY records), e.g.
        /// Debian's `/usr/share/dns/root.key` (package dns-root-data). Without one nothing
        /// is validated and no answer is secure.
        public var trustAnchorFile: String?
        /// Trust anchors given inline, each one DS or DNSKEY record in zone-file format.
        public var trustAnchors: [String]
        /// Special-use zones that libunbound answers itself by default (RFC 6761) but that
        /// should be resolved upstream instead. `test.` by default, so that test and staging
        /// setups can put their domains under `.test` and serve them from their own DNS
        /// server (`localhost.` keeps resolving locally and `invalid.` to NXDOMAIN).
        public var upstreamSpecialUseZones: [String]
        /// Further libunbound settings, with the names of `unbound.conf(5)`'s `server:`
        /// clause, e.g. `("infra-cache-max-rtt", "1000")`.
        public var options: [Option]

        public init(
            upstream: Upstream = .systemResolvConf,
            queryTimeout: Duration = .seconds(30),
            trustAnchorFile: String? = nil,
            trustAnchors: [String] = [],
            upstreamSpecialUseZones: [String] = ["test."],
            options: [Option] = []
        ) {
            self.upstream = upstream
            self.queryTimeout = queryTimeout
            self.trustAnchorFile = trustAnchorFile
            self.trustAnchors = trustAnchors
            self.upstreamSpecialUseZones = upstreamSpecialUseZones
            self.options = options
        }

        /// One `unbound.conf` setting.
        public struct Option: Sendable, Hashable {
            /// The setting's name, with or without the trailing colon: `do-ip6`.
            public var name: String
            public var value: String

            public init(_ name: String, _ value: String) {
                self.name = name
                self.value = value
            }
        }

        /// Checks a forwarder given as `address` or `address@port`; the form that
        /// Postamt's configuration uses and `ub_ctx_set_fwd` takes.
        public static func validateForwarder(_ forwarder: String) throws(UnboundSetupError) {
            let parts = forwarder.split(separator: "@", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), IPAddress(String(parts[0])) != nil else {
                throw UnboundSetupError("DNS forwarder \"\(forwarder)\" is not an IP address, optionally with @port")
            }
            if parts.count == 2 {
                guard parts[1].allSatisfy(\.isASCII), let port = UInt16(parts[1]), port > 0 else {
                    throw UnboundSetupError("DNS forwarder \"\(forwarder)\" has an invalid port")
                }
            }
        }

        /// Sets up `context`. The order matters: the zone changes at the end finalize the
        /// context, after which libunbound refuses configuration (`UB_AFTERFINAL`).
        func apply(to context: OpaquePointer) throws(UnboundSetupError) {
            func check(_ result: Int32, _ what: @autoclosure () -> String) throws(UnboundSetupError) {
                guard result == 0 else {
                    throw UnboundSetupError("\(what()): \(String(cString: ub_strerror(result)))")
                }
            }
            for option in options {
                let name = option.name.hasSuffix(":") ? option.name : option.name + ":"
                try check(ub_ctx_set_option(context, name, option.value), "DNS option \(name) \(option.value)")
            }
            switch upstream {
            case .systemResolvConf:
                try check(ub_ctx_resolvconf(context, nil), "reading /etc/resolv.conf")
            case .resolvConf(let path):
                try check(ub_ctx_resolvconf(context, path), "reading \(path)")
            case .forwarders(let forwarders):
                guard !forwarders.isEmpty else { throw UnboundSetupError("no DNS forwarders given") }
                for forwarder in forwarders {
                    try Self.validateForwarder(forwarder)
                    try check(ub_ctx_set_fwd(context, forwarder), "DNS forwarder \(forwarder)")
                }
            case .recursive:
                break
            }
            if let trustAnchorFile {
                try check(ub_ctx_add_ta_file(context, trustAnchorFile), "DNSSEC trust anchors in \(trustAnchorFile)")
            }
            for anchor in trustAnchors {
                try check(ub_ctx_add_ta(context, anchor), "DNSSEC trust anchor \(anchor)")
            }
            // A thread, not a forked process, resolves in the background: a forked child
            // would share nothing with a server that has other threads running.
            try check(ub_ctx_async(context, 1), "asynchronous mode")
            for zone in upstreamSpecialUseZones {
                try check(ub_ctx_zone_remove(context, zone), "resolving \(zone) upstream")
            }
        }
    }
}
