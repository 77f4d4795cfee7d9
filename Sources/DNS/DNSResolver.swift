import SMTPCore

/// Looks up the DNS records that outbound mail needs.
///
/// Every name is an ASCII domain name (A-labels for internationalized domains) with or
/// without a trailing dot; anything else fails with ``DNSError/invalidName(_:)`` before a
/// query is sent. An empty result means the name exists but has no records of the type
/// asked for (NOERROR with no data, "NODATA"); a name that does not exist throws
/// ``DNSError/nonexistentDomain(_:)``.
///
/// ``UnboundResolver`` asks real DNS through libunbound; ``StaticDNSResolver`` answers
/// from a table, for tests of the layers above.
public protocol DNSResolver: Sendable {
    /// The MX records of `domain`, in the order DNS returned them (``MXRouting`` orders them).
    /// An empty array means no MX records: RFC 5321 §5.1's implicit MX applies.
    ///
    /// - SeeAlso: RFC 5321 §5.1, RFC 7505 (null MX).
    func mx(_ domain: String) async throws(DNSError) -> [MXRecord]

    /// The IPv6 (AAAA) and IPv4 (A) addresses of `host`, IPv6 first. Both types are asked;
    /// if one of them fails temporarily but the other has addresses, those are returned,
    /// so that a broken AAAA answer does not hold back mail that IPv4 can carry.
    func addresses(_ host: String) async throws(DNSError) -> [IPAddress]

    /// The TXT records of `name`, one string per record: the record's character-strings
    /// concatenated, as SPF (RFC 7208 §3.3) and DMARC (RFC 7489 §6.6.3) read them.
    func txt(_ name: String) async throws(DNSError) -> [String]

    /// The SRV records of `name` (e.g. `_submission._tcp.example.org`), unordered.
    ///
    /// - SeeAlso: RFC 2782, RFC 6186.
    func srv(_ name: String) async throws(DNSError) -> [SRVRecord]
}
