/// What libunbound answered to one query, copied out of its `ub_result` so that it can
/// cross threads and outlive `ub_resolve_free`.
struct UnboundAnswer: Sendable, Hashable {
    /// The DNS RCODE (RFC 1035 §4.1.1): 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED…
    var rcode: Int32
    /// libunbound's `havedata`: the answer holds records of the type asked for.
    var hasData: Bool
    /// libunbound's `nxdomain`: the name does not exist.
    var isNonexistent: Bool
    /// The answer was validated with DNSSEC up to a trust anchor.
    var isSecure: Bool
    /// DNSSEC validation failed: the answer may have been tampered with.
    var isBogus: Bool
    /// Why validation failed, when it did.
    var whyBogus: String?
    /// One item of record data per record, in wire format.
    var rdata: [[UInt8]]

    static let noError: Int32 = 0
    static let serverFailure: Int32 = 2
    static let nameError: Int32 = 3

    /// The records of the answer, or the error the rcode and flags stand for.
    ///
    /// A bogus answer is a temporary failure even when it carries data: libunbound hands
    /// the unvalidated records over (with `bogus` set) where a validating server would
    /// answer SERVFAIL, and data that failed validation must not route mail.
    func records<Record>(
        of type: RecordType, for name: String, parse: ([UInt8]) -> Record?
    ) throws(DNSError) -> [Record] {
        if isBogus {
            throw .temporaryFailure("DNSSEC validation failed for \(name) \(type): \(whyBogus ?? "bogus answer")")
        }
        if rcode == Self.nameError || isNonexistent { throw .nonexistentDomain(name) }
        switch rcode {
        case Self.noError:
            break
        case Self.serverFailure:
            throw .temporaryFailure("SERVFAIL for \(name) \(type)")
        default:
            throw .temporaryFailure("DNS error \(Self.rcodeName(rcode)) for \(name) \(type)")
        }
        guard hasData else { return [] }
        var records = [Record]()
        for item in rdata {
            guard let record = parse(item) else { throw .temporaryFailure("malformed \(type) record for \(name)") }
            records.append(record)
        }
        return records
    }

    /// The mnemonic of an rcode for messages (RFC 6895 §2.3).
    static func rcodeName(_ rcode: Int32) -> String {
        switch rcode {
        case 0: "NOERROR"
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        default: "rcode \(rcode)"
        }
    }
}
