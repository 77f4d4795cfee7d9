/// One MX resource record.
///
/// - SeeAlso: RFC 1035 §3.3.9, RFC 5321 §5.1.
public struct MXRecord: Sendable, Hashable, CustomStringConvertible {
    /// Lower values are tried first.
    public var preference: UInt16
    /// The mail exchanger's host name without a trailing dot, as DNS spelled it. The root
    /// name is `"."` (``UnboundResolver`` returns that); `""` is accepted as the root too.
    /// A single record whose exchange is the root is a null MX (RFC 7505).
    public var exchange: String

    public init(preference: UInt16, exchange: String) {
        self.preference = preference
        self.exchange = exchange
    }

    /// Whether the exchange is the root name, which RFC 7505 uses to say "no mail here".
    public var isNullExchange: Bool { exchange == "." || exchange.isEmpty }

    /// The zone-file form: `10 mx1.example.org`.
    public var description: String { "\(preference) \(exchange)" }
}
