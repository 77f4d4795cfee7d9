import CLibUnbound
import SMTPCore

/// A ``DNSResolver`` on Debian's libunbound: a validating, caching resolver library.
///
/// One libunbound context, configured once at creation, serves every query; its cache is
/// shared by all of them. Queries are asynchronous (`ub_resolve_async`) and driven by one
/// dedicated thread, so no task ever blocks on DNS; each query ends after
/// ``Configuration/queryTimeout`` at the latest, because libunbound itself keeps retrying
/// an unresponsive server for many seconds.
///
/// The thread stops and the context is deleted by ``shutdown()`` or when the resolver is
/// released.
public final class UnboundResolver: DNSResolver {
    private let loop: UnboundEventLoop
    private let timeout: Duration

    /// Creates the libunbound context and starts its thread.
    public init(configuration: Configuration = Configuration()) throws(UnboundSetupError) {
        guard configuration.queryTimeout > .zero else {
            throw UnboundSetupError("the DNS query timeout must be positive, not \(configuration.queryTimeout)")
        }
        guard let context = ub_ctx_create() else { throw UnboundSetupError("libunbound could not create a context") }
        do throws(UnboundSetupError) {
            try configuration.apply(to: context)
        } catch {
            ub_ctx_delete(context)
            throw error
        }
        loop = try UnboundEventLoop(context: context)
        timeout = configuration.queryTimeout
    }

    deinit {
        loop.shutdown()
    }

    /// Ends the resolver: queries in flight fail with ``DNSError/temporaryFailure(_:)``,
    /// and so do later ones. Waits until the resolver's thread has stopped. Calling it
    /// again does nothing.
    public func shutdown() {
        loop.shutdown()
    }

    public func mx(_ domain: String) async throws(DNSError) -> [MXRecord] {
        try await mxWithSecurity(domain).records
    }

    /// The MX records of `domain` and whether DNSSEC proved them authentic, as DANE for
    /// SMTP (RFC 7672 §2.2.1) needs: TLSA records are only looked up for secure MX hosts.
    /// Answers only count as secure with a trust anchor configured
    /// (``Configuration/trustAnchorFile``); a bogus answer is a temporary failure.
    public func mxWithSecurity(_ domain: String) async throws(DNSError) -> DNSAnswer<MXRecord> {
        try await lookup(domain, .mx, parse: RData.mx)
    }

    public func addresses(_ host: String) async throws(DNSError) -> [IPAddress] {
        let name = try DNSName.validated(host)
        async let ipv6 = result(name, .aaaa, parse: RData.aaaa)
        async let ipv4 = result(name, .a, parse: RData.a)
        return try AddressLookup.combine(ipv6: await ipv6, ipv4: await ipv4)
    }

    public func txt(_ name: String) async throws(DNSError) -> [String] {
        try await lookup(name, .txt, parse: RData.txt).records
    }

    public func srv(_ name: String) async throws(DNSError) -> [SRVRecord] {
        try await lookup(name, .srv, parse: RData.srv).records
    }

    private func lookup<Record: Sendable & Hashable>(
        _ name: String, _ type: RecordType, parse: ([UInt8]) -> Record?
    ) async throws(DNSError) -> DNSAnswer<Record> {
        let name = try DNSName.validated(name)
        let answer = try await loop.resolve(name, type, timeout: timeout).get()
        return DNSAnswer(records: try answer.records(of: type, for: name, parse: parse), isSecure: answer.isSecure)
    }

    private func result<Record: Sendable & Hashable>(
        _ name: String, _ type: RecordType, parse: ([UInt8]) -> Record?
    ) async -> Result<[Record], DNSError> {
        do throws(DNSError) {
            return .success(try await lookup(name, type, parse: parse).records)
        } catch {
            return .failure(error)
        }
    }
}

/// Records together with their DNSSEC status.
public struct DNSAnswer<Record: Sendable & Hashable>: Sendable, Hashable {
    public var records: [Record]
    /// Validated with DNSSEC up to a configured trust anchor, or proven absent that way.
    public var isSecure: Bool

    public init(records: [Record], isSecure: Bool) {
        self.records = records
        self.isSecure = isSecure
    }
}
