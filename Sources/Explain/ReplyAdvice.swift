import SMTPCore

/// Who is most likely at fault for a reply and what a person should do about it.
///
/// ``ReplyAdvice/catalog`` holds one entry per common situation. An entry matches a reply
/// by its basic code, its enhanced code, or both; ``ReplyExplainer`` picks the most
/// specific match.
public struct ReplyAdvice: Sendable, Hashable {
    /// Basic codes this entry applies to; empty means any basic code.
    public let basicCodes: [Int]
    /// `subject.detail` of the enhanced code this entry applies to (class ignored); `nil`
    /// means any or none.
    public let enhanced: Detail?
    public let fault: Fault
    /// What most likely happened, in one or two sentences.
    public let cause: LocalizedText
    /// What to do, most useful step first.
    public let steps: [LocalizedText]

    public struct Detail: Sendable, Hashable {
        public let subject: Int
        public let detail: Int
        public init(_ subject: Int, _ detail: Int) {
            self.subject = subject
            self.detail = detail
        }
    }

    public init(basicCodes: [Int], enhanced: Detail? = nil, fault: Fault, cause: LocalizedText, steps: [LocalizedText]) {
        self.basicCodes = basicCodes
        self.enhanced = enhanced
        self.fault = fault
        self.cause = cause
        self.steps = steps
    }
}
