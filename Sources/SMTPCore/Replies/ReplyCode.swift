/// A three-digit SMTP reply code.
///
/// - SeeAlso: RFC 5321 §4.2 (reply codes) and §4.2.1 (the meaning of each digit).
public struct ReplyCode: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: Int

    /// Creates a reply code; `nil` unless the value is a syntactically valid SMTP code
    /// (first digit 2–5, second digit 0–5, third digit 0–9).
    public init?(rawValue: Int) {
        guard (200...599).contains(rawValue), (rawValue / 10) % 10 <= 5 else { return nil }
        self.rawValue = rawValue
    }

    /// The first digit: whether the command succeeded, failed for now or failed for good.
    public var kind: Kind { Kind(rawValue: rawValue / 100)! }

    /// The second digit.
    public var category: Category { Category(rawValue: (rawValue / 10) % 10)! }

    public var description: String { String(rawValue) }

    public static func < (lhs: ReplyCode, rhs: ReplyCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// RFC 5321 §4.2.1, first digit.
    public enum Kind: Int, Sendable, Hashable, CaseIterable {
        /// 2yz: the requested action was completed.
        case positiveCompletion = 2
        /// 3yz: accepted, more information is needed (354 after DATA, 334 during AUTH).
        case positiveIntermediate = 3
        /// 4yz: failed for now; the same request may succeed later.
        case transientNegative = 4
        /// 5yz: failed; the same request will fail again.
        case permanentNegative = 5

        public var isFailure: Bool { self == .transientNegative || self == .permanentNegative }
    }

    /// RFC 5321 §4.2.1, second digit.
    public enum Category: Int, Sendable, Hashable, CaseIterable {
        case syntax = 0
        case information = 1
        case connections = 2
        case unspecified3 = 3
        case unspecified4 = 4
        case mailSystem = 5
    }
}

extension ReplyCode: ExpressibleByIntegerLiteral {
    /// Integer literals are only used for the fixed codes in this source tree, so an
    /// invalid literal is a programming error.
    public init(integerLiteral value: Int) {
        guard let code = ReplyCode(rawValue: value) else {
            preconditionFailure("\(value) is not an SMTP reply code")
        }
        self = code
    }
}
