import SMTPCore

/// Everything `postamt explain` says about one reply, in one language. `Codable`, so the
/// same data serves people (``TextRenderer``) and scripts (`--json`).
public struct ReplyExplanation: Sendable, Hashable, Codable {
    /// The reply as it was recognised, e.g. `451 4.3.0 Mail server temporarily rejected message`.
    public var reply: String
    public var language: Language
    public var basicCode: BasicCode?
    public var enhancedCode: EnhancedCode?
    /// Whether it succeeded, or failed for now or for good, and what follows for the sender.
    public var outcome: Outcome
    public var fault: FaultAssessment
    /// What most likely happened.
    public var cause: String?
    /// What to do, most useful step first.
    public var advice: [String]
    /// Things about the reply itself that are odd, e.g. an enhanced code whose class
    /// disagrees with the basic code.
    public var warnings: [String]

    public struct BasicCode: Sendable, Hashable, Codable {
        public var code: Int
        public var meaning: String
        /// Whether a standard defines the code; if not, `meaning` comes from its digits.
        public var isStandard: Bool
    }

    public struct EnhancedCode: Sendable, Hashable, Codable {
        public var code: String
        public var classMeaning: String
        public var subject: Int
        public var subjectName: String?
        public var subjectMeaning: String?
        public var detail: Int
        /// The IANA registry's name for the code, if it is registered.
        public var registryName: String?
        public var explanation: String?
        public var reference: String?
        public var deprecation: String?
    }

    public struct Outcome: Sendable, Hashable, Codable {
        public var kind: Kind
        public var summary: String
        /// What this means for the message and the person who sent it.
        public var consequence: String

        public enum Kind: String, Sendable, Hashable, Codable {
            case success
            case intermediate
            case temporaryFailure = "temporary-failure"
            case permanentFailure = "permanent-failure"
        }
    }

    public struct FaultAssessment: Sendable, Hashable, Codable {
        public var party: Fault
        public var summary: String
    }
}
