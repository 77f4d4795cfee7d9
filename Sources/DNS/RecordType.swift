/// The resource record types the resolvers ask for, with their IANA numbers.
///
/// - SeeAlso: RFC 1035 §3.2.2, RFC 3596 (AAAA), RFC 2782 (SRV).
enum RecordType: Int32, Sendable, Hashable, CustomStringConvertible {
    case a = 1
    case mx = 15
    case txt = 16
    case aaaa = 28
    case srv = 33

    var description: String {
        switch self {
        case .a: "A"
        case .mx: "MX"
        case .txt: "TXT"
        case .aaaa: "AAAA"
        case .srv: "SRV"
        }
    }
}

/// The class of every query: IN, the Internet (RFC 1035 §3.2.4).
let internetClass: Int32 = 1
