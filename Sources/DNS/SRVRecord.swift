/// One SRV resource record.
///
/// - SeeAlso: RFC 2782; RFC 6186 (SRV records for mail submission and access).
public struct SRVRecord: Sendable, Hashable, CustomStringConvertible {
    /// Lower values are tried first.
    public var priority: UInt16
    /// Relative share among records of the same priority.
    public var weight: UInt16
    public var port: UInt16
    /// The host name without a trailing dot; `"."` means the service is decidedly not
    /// available at this domain (RFC 2782).
    public var target: String

    public init(priority: UInt16, weight: UInt16, port: UInt16, target: String) {
        self.priority = priority
        self.weight = weight
        self.port = port
        self.target = target
    }

    /// Whether the target is the root name: "no such service here".
    public var isServiceUnavailable: Bool { target == "." || target.isEmpty }

    /// The zone-file form: `0 1 587 mail.example.org`.
    public var description: String { "\(priority) \(weight) \(port) \(target)" }
}
