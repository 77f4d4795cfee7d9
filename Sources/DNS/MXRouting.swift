/// Where mail for a domain goes, as decided from its MX records alone.
public enum RoutePlan: Sendable, Hashable {
    /// The hosts to try, in order: normalized (lowercase, no trailing dot), each once.
    case hosts([String])
    /// The domain publishes a null MX (RFC 7505): it accepts no mail. The message bounces
    /// with 556 5.1.10 (RFC 7505 §4.2, RFC 7504) without any connection attempt.
    case nullMX
}

/// RFC 5321 §5.1 mail routing: which hosts to try for a domain, in which order.
///
/// Pure: it takes the records that a ``DNSResolver`` returned and decides, so that every
/// rule is tested with plain values.
public enum MXRouting {
    /// The hosts to try for mail to `domain`, given its MX records.
    ///
    /// - No records: the implicit MX, the domain itself (RFC 5321 §5.1: "the domain name
    ///   … is treated as if it was associated with an implicit MX RR, with a preference
    ///   of 0, pointing to that host"). The caller looks up its A and AAAA records.
    ///   A nonexistent domain (NXDOMAIN) never gets here: it bounces, with no A fallback.
    /// - Records whose exchange is the root (`.`) are null MX records. If every record is
    ///   one (RFC 7505 §3 allows exactly one, at preference 0; other preferences and
    ///   duplicates are read the same way, since a root exchange can never take mail),
    ///   the plan is ``RoutePlan/nullMX``. Mixed with real exchanges, against RFC 7505 §3,
    ///   they are skipped and the real ones used: that delivers what can be delivered.
    /// - Otherwise by ascending preference; records of equal preference are passed to
    ///   `randomize` as one group, to spread the load as RFC 5321 §5.1 asks ("the sender
    ///   SHOULD randomize them"). Tests inject a fixed order.
    /// - A host listed more than once (at several preferences, or with different case or a
    ///   trailing dot) is kept at its first place only: trying it again would only repeat
    ///   the same failure.
    ///
    /// This does not drop the local host and the records after it (RFC 5321 §5.1, for
    /// backup MX servers); that needs the server's own names and belongs to the caller.
    ///
    /// - SeeAlso: RFC 5321 §5.1, RFC 7505.
    public static func plan(
        domain: String, records: [MXRecord], randomize: (inout [MXRecord]) -> Void
    ) -> RoutePlan {
        if records.isEmpty { return .hosts([DNSName.normalized(domain)]) }
        let usable = records.filter { !$0.isNullExchange }
        if usable.isEmpty { return .nullMX }

        var ordered = [MXRecord]()
        let byPreference = Dictionary(grouping: usable, by: \.preference)
        for preference in byPreference.keys.sorted() {
            var group = byPreference[preference]!
            randomize(&group)
            ordered += group
        }
        var seen = Set<String>()
        var hosts = [String]()
        for record in ordered {
            let host = DNSName.normalized(record.exchange)
            if seen.insert(host).inserted { hosts.append(host) }
        }
        return .hosts(hosts)
    }

    /// ``plan(domain:records:randomize:)`` with equal preferences shuffled by the system's
    /// random number generator.
    public static func plan(domain: String, records: [MXRecord]) -> RoutePlan {
        plan(domain: domain, records: records) { $0.shuffle() }
    }
}
