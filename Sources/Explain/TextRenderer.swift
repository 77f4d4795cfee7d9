import SMTPCore

/// Renders explanations as text for a terminal: short labelled sections, wrapped to a
/// width, optionally with ANSI emphasis.
public struct TextRenderer: Sendable {
    public var width: Int
    public var usesColor: Bool

    public init(width: Int = 80, usesColor: Bool = false) {
        self.width = max(40, width)
        self.usesColor = usesColor
    }

    public func render(_ explanations: [ReplyExplanation]) -> String {
        explanations.map(render).joined(separator: "\n" + String(repeating: "-", count: min(width, 60)) + "\n\n")
    }

    public func render(_ explanation: ReplyExplanation) -> String {
        let language = explanation.language
        var out = ""
        out += heading(explanation.reply) + "\n\n"
        out += field(Strings.outcome[language], explanation.outcome.summary, emphasis: outcomeColor(explanation.outcome.kind))
        if let basic = explanation.basicCode {
            let suffix = basic.isStandard ? "" : " (\(Strings.nonStandard[language]))"
            out += field(Strings.basicCode[language], "\(basic.code): \(basic.meaning)\(suffix)")
        }
        if let enhanced = explanation.enhancedCode {
            var name = enhanced.registryName ?? Strings.unregistered[language]
            if enhanced.deprecation != nil { name += " (\(Strings.deprecated[language]))" }
            out += field(Strings.enhancedCode[language], "\(enhanced.code): \(name)")
            out += field("  " + Strings.statusClass[language], enhanced.classMeaning)
            if let subjectName = enhanced.subjectName, let subjectMeaning = enhanced.subjectMeaning {
                out += field("  " + Strings.subject[language], "\(enhanced.subject) \(subjectName) – \(subjectMeaning)")
            } else {
                out += field("  " + Strings.subject[language], "\(enhanced.subject)")
            }
            if let text = enhanced.explanation {
                let reference = enhanced.reference.map { " [\($0)]" } ?? ""
                out += field("  " + Strings.detail[language], "\(enhanced.detail): \(text)\(reference)")
            }
            if let deprecation = enhanced.deprecation {
                out += field("  " + Strings.note[language], deprecation)
            }
        }
        out += "\n" + wrap(explanation.outcome.consequence, indent: "") + "\n\n"
        out += field(Strings.likelyFault[language], explanation.fault.summary)
        if let cause = explanation.cause {
            out += field(Strings.cause[language], cause)
        }
        if !explanation.advice.isEmpty {
            out += bold(Strings.whatToDo[language] + ":") + "\n"
            for (index, step) in explanation.advice.enumerated() {
                out += wrap(step, indent: "  \(index + 1). ", continuation: "     ") + "\n"
            }
        }
        for warning in explanation.warnings {
            out += "\n" + wrap("! " + warning, indent: "") + "\n"
        }
        return out
    }

    private func field(_ label: String, _ value: String, emphasis: String? = nil) -> String {
        let prefix = label + ": "
        let padded = prefix.count < 18 ? prefix + String(repeating: " ", count: 18 - prefix.count) : prefix
        let wrapped = wrap(value, indent: padded, continuation: String(repeating: " ", count: padded.count))
        guard let emphasis, usesColor else { return wrapped + "\n" }
        return padded + emphasis + wrapped.dropFirst(padded.count) + "\u{1B}[0m\n"
    }

    private func heading(_ text: String) -> String {
        usesColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    private func bold(_ text: String) -> String {
        usesColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    private func outcomeColor(_ kind: ReplyExplanation.Outcome.Kind) -> String {
        switch kind {
        case .success, .intermediate: "\u{1B}[32m"
        case .temporaryFailure: "\u{1B}[33m"
        case .permanentFailure: "\u{1B}[31m"
        }
    }

    /// Wraps to this renderer's width; continuation lines align under the first word.
    func wrap(_ text: String, indent: String, continuation: String? = nil) -> String {
        TextWrapping.wrap(text, width: width, indent: indent, continuation: continuation ?? String(repeating: " ", count: indent.count))
    }
}
