import SMTPCore

/// The outcome of routing mail for one domain through DNS.
public enum RouteResolution: Sendable, Hashable {
    /// The connections to try, in order (never empty).
    case attempts([ConnectionAttempt])
    /// A null MX (RFC 7505): bounce with 556 5.1.10, do not connect.
    case nullMX
    /// The domain exists, but none of its mail hosts has an address of a usable family.
    /// Permanent (RFC 3463 5.4.4, "unable to route"); carries a description for the DSN.
    case unroutable(String)
}

extension MXRouting {
    /// MX lookup, ``plan(domain:records:randomize:)``, address lookups and
    /// ``attempts(hosts:addresses:preference:)`` in one call.
    ///
    /// Throws what the MX lookup throws: ``DNSError/nonexistentDomain(_:)`` (bounce: the
    /// domain does not exist, and RFC 5321 §5.1 allows no A fallback then) or
    /// ``DNSError/temporaryFailure(_:)`` (retry later). A mail host whose address lookup
    /// fails is skipped; if that leaves nothing and any lookup failed temporarily, the
    /// temporary failure is thrown, because a later try may find an address. Only when
    /// every host certainly has no usable address is the domain ``RouteResolution/unroutable(_:)``.
    /// The hosts' addresses are looked up concurrently.
    public static func resolve(
        domain: String,
        using resolver: some DNSResolver,
        preference: AddressFamilyPreference = .interleaved,
        randomize: (inout [MXRecord]) -> Void = { $0.shuffle() }
    ) async throws(DNSError) -> RouteResolution {
        let records = try await resolver.mx(domain)
        guard case .hosts(let hosts) = plan(domain: domain, records: records, randomize: randomize) else {
            return .nullMX
        }

        let results = await withTaskGroup(of: (String, Result<[IPAddress], DNSError>).self) { group in
            for host in hosts {
                group.addTask {
                    do throws(DNSError) {
                        return (host, .success(try await resolver.addresses(host)))
                    } catch {
                        return (host, .failure(error))
                    }
                }
            }
            var results = [String: Result<[IPAddress], DNSError>]()
            for await (host, result) in group { results[host] = result }
            return results
        }

        var addresses = [String: [IPAddress]]()
        var temporaryFailure: DNSError?
        for host in hosts {
            switch results[host] {
            case .success(let list): addresses[host] = list
            case .failure(let error) where error.isTemporary: temporaryFailure = temporaryFailure ?? error
            default: break
            }
        }
        let attempts = attempts(hosts: hosts, addresses: addresses, preference: preference)
        if !attempts.isEmpty { return .attempts(attempts) }
        if let temporaryFailure { throw temporaryFailure }
        let which = records.isEmpty ? "\(DNSName.normalized(domain)) (no MX records)" : hosts.joined(separator: ", ")
        return .unroutable("no usable address for the mail exchangers of \(DNSName.normalized(domain)): \(which)")
    }
}
