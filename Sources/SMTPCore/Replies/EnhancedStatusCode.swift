/// An enhanced mail system status code, `class.subject.detail`, such as `4.3.0`.
///
/// - SeeAlso: RFC 3463 §2 (structure), RFC 2034 (use in SMTP replies), and the IANA
///   "Enumerated Status Codes" registry, which ``EnhancedStatusCode/Registry`` carries.
public struct EnhancedStatusCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let statusClass: StatusClass
    /// 0–999; RFC 3463 defines 0–7.
    public let subject: Int
    /// 0–999.
    public let detail: Int

    public init(_ statusClass: StatusClass, _ subject: Int, _ detail: Int) {
        precondition((0...999).contains(subject) && (0...999).contains(detail), "subject and detail are 1–3 digits")
        self.statusClass = statusClass
        self.subject = subject
        self.detail = detail
    }

    /// Parses `c.s.d` exactly as RFC 3463 §2 writes it: a class of 2, 4 or 5, and a subject
    /// and detail of one to three digits without leading zeros (a lone `0` is allowed).
    public init?(_ text: some StringProtocol) {
        self.init(utf8: text.utf8)
    }

    /// Parses the octets of `c.s.d` in one pass: every reply a client reads starts with
    /// one, and splitting the text into substrings first cost more than the rest of the
    /// reply's parsing.
    init?(utf8 octets: some Sequence<UInt8>) {
        var classDigit = 0
        var subject = 0
        var part = 0
        var value = 0
        var digits = 0
        var firstDigit: UInt8 = 0
        for octet in octets {
            if octet == UInt8(ascii: ".") {
                guard part < 2, Self.isNumber(digits: digits, firstDigit: firstDigit, maxDigits: part == 0 ? 1 : 3) else { return nil }
                if part == 0 { classDigit = value } else { subject = value }
                part += 1
                value = 0
                digits = 0
            } else if ASCII.isDigit(octet) {
                if digits == 0 { firstDigit = octet }
                digits += 1
                guard digits <= 3 else { return nil }
                value = value * 10 + Int(octet - UInt8(ascii: "0"))
            } else {
                return nil
            }
        }
        guard part == 2, Self.isNumber(digits: digits, firstDigit: firstDigit, maxDigits: 3),
            let statusClass = StatusClass(rawValue: classDigit)
        else { return nil }
        self.init(statusClass, subject, value)
    }

    /// One to `maxDigits` digits, without a leading zero unless the number is 0.
    private static func isNumber(digits: Int, firstDigit: UInt8, maxDigits: Int) -> Bool {
        (1...maxDigits).contains(digits) && (digits == 1 || firstDigit != UInt8(ascii: "0"))
    }

    public var description: String { "\(statusClass.rawValue).\(subject).\(detail)" }

    /// Appends the code as its description writes it, e.g. `4.3.0`.
    public func write(into buffer: inout [UInt8]) {
        ASCII.appendDecimal(statusClass.rawValue, to: &buffer)
        buffer.append(ASCII.dot)
        ASCII.appendDecimal(subject, to: &buffer)
        buffer.append(ASCII.dot)
        ASCII.appendDecimal(detail, to: &buffer)
    }

    /// The registry's way of writing the code without its class, e.g. `X.3.0`.
    public var registryKey: String { "X.\(subject).\(detail)" }

    /// This code with another class, e.g. the permanent form of a transient code.
    public func with(_ statusClass: StatusClass) -> EnhancedStatusCode {
        EnhancedStatusCode(statusClass, subject, detail)
    }

    public static func < (lhs: EnhancedStatusCode, rhs: EnhancedStatusCode) -> Bool {
        (lhs.statusClass.rawValue, lhs.subject, lhs.detail) < (rhs.statusClass.rawValue, rhs.subject, rhs.detail)
    }

    /// RFC 3463 §3.1.
    public enum StatusClass: Int, Sendable, Hashable, CaseIterable {
        /// 2.X.X: the message was delivered, or the command succeeded.
        case success = 2
        /// 4.X.X: a persistent transient failure; sending again later may succeed.
        case persistentTransientFailure = 4
        /// 5.X.X: a permanent failure; sending again unchanged will fail again.
        case permanentFailure = 5
    }

    /// RFC 3463 §3.2 onwards: the second number says which part of the mail system the
    /// status is about.
    public enum Subject: Int, Sendable, Hashable, CaseIterable {
        case other = 0
        case addressing = 1
        case mailbox = 2
        case mailSystem = 3
        case networkAndRouting = 4
        case mailDeliveryProtocol = 5
        case messageContentOrMedia = 6
        case securityOrPolicy = 7
    }

    /// The subject, when it is one RFC 3463 defines.
    public var knownSubject: Subject? { Subject(rawValue: subject) }
}
