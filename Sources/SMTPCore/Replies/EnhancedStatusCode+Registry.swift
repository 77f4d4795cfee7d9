extension EnhancedStatusCode {
    /// The IANA "Simple Mail Transfer Protocol (SMTP) Enumerated Status Codes" registry,
    /// with a plain-language explanation of each code written for Postamt.
    ///
    /// The registry lists codes without their class (`X.3.0`); the class comes from the
    /// reply that carries the code.
    public enum Registry {
        /// One row of the registry.
        public struct Entry: Sendable, Hashable {
            public let subject: Int
            public let detail: Int
            /// The registry's sample text, e.g. "Other or undefined mail system status".
            public let name: String
            /// The basic reply codes the registry associates with the code, as it writes them.
            public let associatedBasicCodes: String
            /// The document that defines the code, e.g. "RFC 3463".
            public let reference: String
            /// Set when the registry marks the code as deprecated; says what to use instead.
            public let deprecation: String?
            /// What the code means for a person who sees it, in a sentence or two.
            public let explanation: LocalizedText

            public init(
                subject: Int,
                detail: Int,
                name: String,
                associatedBasicCodes: String,
                reference: String,
                deprecation: String? = nil,
                explanation: LocalizedText
            ) {
                self.subject = subject
                self.detail = detail
                self.name = name
                self.associatedBasicCodes = associatedBasicCodes
                self.reference = reference
                self.deprecation = deprecation
                self.explanation = explanation
            }

            /// The defining documents, written for people: `RFC 3463`, `RFC 7505, RFC 7504`.
            public var citation: String {
                var documents = [String]()
                var current = ""
                var inBrackets = false
                for character in reference {
                    if character == "[" {
                        inBrackets = true
                        current = ""
                    } else if character == "]" {
                        inBrackets = false
                        if current.hasPrefix("RFC"), current.dropFirst(3).allSatisfy(\.isNumber) {
                            current = "RFC " + current.dropFirst(3)
                        }
                        documents.append(current)
                    } else if inBrackets {
                        current.append(character)
                    }
                }
                return documents.isEmpty ? reference : documents.joined(separator: ", ")
            }

            /// How the registry writes this code: `X.subject.detail`.
            public var key: String { "X.\(subject).\(detail)" }
        }

        private struct Key: Hashable {
            let subject: Int
            let detail: Int
        }

        private static let index: [Key: Entry] = Dictionary(
            uniqueKeysWithValues: entries.map { (Key(subject: $0.subject, detail: $0.detail), $0) }
        )

        /// The registry row for `subject.detail`, if the registry has one.
        public static func entry(subject: Int, detail: Int) -> Entry? {
            index[Key(subject: subject, detail: detail)]
        }
    }

    /// The registry row for this code, ignoring its class.
    public var registryEntry: Registry.Entry? { Registry.entry(subject: subject, detail: detail) }
}
