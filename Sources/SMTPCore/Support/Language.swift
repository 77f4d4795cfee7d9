/// A language Postamt can explain itself in.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    case english = "en"
    case german = "de"

    /// Picks the language from POSIX locale variables, in the order POSIX gives them
    /// precedence (`LC_ALL`, then `LC_MESSAGES`, then `LANG`). Anything that is not
    /// German falls back to English.
    public static func fromLocaleEnvironment(_ environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            let lower = value.lowercased()
            if lower == "c" || lower == "posix" { return .english }
            return lower.hasPrefix("de") ? .german : .english
        }
        return .english
    }
}

/// A short text written for this project in every ``Language``.
public struct LocalizedText: Sendable, Hashable {
    public let english: String
    public let german: String

    public init(english: String, german: String) {
        self.english = english
        self.german = german
    }

    public subscript(language: Language) -> String {
        switch language {
        case .english: english
        case .german: german
        }
    }
}
