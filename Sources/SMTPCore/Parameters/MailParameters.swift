/// The ESMTP parameters of a MAIL command that Postamt understands.
///
/// - SeeAlso: RFC 1870 (SIZE), RFC 6152 (BODY=8BITMIME), RFC 3030 (BODY=BINARYMIME),
///   RFC 6531 (SMTPUTF8), RFC 3461 §4.3–4.4 (RET, ENVID), RFC 4954 §5 (AUTH).
public struct MailParameters: Sendable, Hashable {
    /// The size the client declares for the message, in octets.
    public var size: UInt64?
    public var body: BodyType?
    /// The message or envelope needs SMTPUTF8.
    public var smtpUTF8: Bool
    /// What a DSN should return of the message.
    public var dsnReturn: DSNReturn?
    /// The envelope identifier for DSNs (decoded from xtext).
    public var envelopeID: String?
    /// The authenticated submitter (decoded from xtext): a mailbox, or `<>` for unknown.
    public var authenticatedSubmitter: String?

    public init(
        size: UInt64? = nil,
        body: BodyType? = nil,
        smtpUTF8: Bool = false,
        dsnReturn: DSNReturn? = nil,
        envelopeID: String? = nil,
        authenticatedSubmitter: String? = nil
    ) {
        self.size = size
        self.body = body
        self.smtpUTF8 = smtpUTF8
        self.dsnReturn = dsnReturn
        self.envelopeID = envelopeID
        self.authenticatedSubmitter = authenticatedSubmitter
    }

    /// BODY= values.
    public enum BodyType: String, Sendable, Hashable, CaseIterable {
        case sevenBit = "7BIT"
        case eightBitMIME = "8BITMIME"
        case binaryMIME = "BINARYMIME"
    }

    /// RET= values (RFC 3461 §4.3).
    public enum DSNReturn: String, Sendable, Hashable, CaseIterable {
        case full = "FULL"
        case headers = "HDRS"
    }

    /// Whether any DSN (RFC 3461) parameter is present.
    public var usesDSN: Bool { dsnReturn != nil || envelopeID != nil }
}

/// The ESMTP parameters of a RCPT command that Postamt understands.
///
/// - SeeAlso: RFC 3461 §4.1–4.2 (NOTIFY, ORCPT).
public struct RecipientParameters: Sendable, Hashable {
    public var notify: DSNNotify?
    public var originalRecipient: OriginalRecipient?

    public init(notify: DSNNotify? = nil, originalRecipient: OriginalRecipient? = nil) {
        self.notify = notify
        self.originalRecipient = originalRecipient
    }

    public var usesDSN: Bool { notify != nil || originalRecipient != nil }
}

/// NOTIFY= (RFC 3461 §4.1): NEVER, or any of SUCCESS, FAILURE, DELAY.
public enum DSNNotify: Sendable, Hashable {
    case never
    case conditions(Set<Condition>)

    public enum Condition: String, Sendable, Hashable, CaseIterable, Comparable {
        case success = "SUCCESS"
        case failure = "FAILURE"
        case delay = "DELAY"

        public static func < (lhs: Condition, rhs: Condition) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Whether a DSN should be sent for `condition`. Without NOTIFY, RFC 3461 §4.1 lets the
    /// server choose; Postamt then reports failures and delays.
    public func includes(_ condition: Condition) -> Bool {
        switch self {
        case .never: false
        case .conditions(let set): set.contains(condition)
        }
    }
}

/// ORCPT= (RFC 3461 §4.2): the recipient as originally given, e.g. `rfc822;user@example.com`.
public struct OriginalRecipient: Sendable, Hashable {
    /// The address type, e.g. `rfc822` or `utf-8`.
    public var addressType: String
    /// The address, decoded from xtext.
    public var address: String

    public init(addressType: String, address: String) {
        self.addressType = addressType
        self.address = address
    }
}
