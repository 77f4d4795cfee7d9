import SMTPCore

/// Turns a reply, a basic code or an enhanced code into a ``ReplyExplanation``.
public struct ReplyExplainer: Sendable {
    public let language: Language

    public init(language: Language) {
        self.language = language
    }

    /// Explains everything found in `text` (see ``ExplainInput``).
    public func explain(_ text: String) throws(ExplainInput.Error) -> [ReplyExplanation] {
        try ExplainInput.parse(text).map(explain)
    }

    public func explain(_ input: ExplainInput) -> ReplyExplanation {
        switch input {
        case .reply(let reply):
            return explain(reply)
        case .enhancedCode(let code, let text):
            return explain(basicCode: nil, enhancedCode: code, shown: ([code.description] + (text.isEmpty ? [] : [text])).joined(separator: " "))
        }
    }

    public func explain(_ reply: Reply) -> ReplyExplanation {
        var explanation = explain(basicCode: reply.code, enhancedCode: reply.enhancedCode, shown: reply.description)
        if !reply.enhancedCodeMatchesBasicCode, let enhanced = reply.enhancedCode {
            explanation.warnings.append(Strings.classMismatch(basic: reply.code.rawValue, enhanced: enhanced.description)[language])
        }
        return explanation
    }

    private func explain(basicCode: ReplyCode?, enhancedCode: EnhancedStatusCode?, shown: String) -> ReplyExplanation {
        let kind = outcomeKind(basicCode: basicCode, enhancedCode: enhancedCode)
        let advice = ReplyAdvice.bestMatch(basicCode: basicCode?.rawValue, enhancedCode: enhancedCode)
        let fault: Fault = advice?.fault ?? defaultFault(for: kind)
        var warnings = [String]()
        if let enhancedCode, enhancedCode.registryEntry == nil {
            warnings.append(Strings.unregisteredEnhancedCode(enhancedCode.description)[language])
        }
        return ReplyExplanation(
            reply: shown,
            language: language,
            basicCode: basicCode.map(describe),
            enhancedCode: enhancedCode.map(describe),
            outcome: ReplyExplanation.Outcome(
                kind: kind,
                summary: Strings.outcomeSummary(kind)[language],
                consequence: Strings.outcomeConsequence(kind)[language]
            ),
            fault: ReplyExplanation.FaultAssessment(party: fault, summary: fault.summary[language]),
            cause: advice?.cause[language],
            advice: advice?.steps.map { $0[language] } ?? Strings.genericAdvice(kind).map { $0[language] },
            warnings: warnings
        )
    }

    private func outcomeKind(basicCode: ReplyCode?, enhancedCode: EnhancedStatusCode?) -> ReplyExplanation.Outcome.Kind {
        if let basicCode {
            switch basicCode.kind {
            case .positiveCompletion: return .success
            case .positiveIntermediate: return .intermediate
            case .transientNegative: return .temporaryFailure
            case .permanentNegative: return .permanentFailure
            }
        }
        switch enhancedCode?.statusClass {
        case .success: return .success
        case .persistentTransientFailure: return .temporaryFailure
        case .permanentFailure, nil: return .permanentFailure
        }
    }

    private func defaultFault(for kind: ReplyExplanation.Outcome.Kind) -> Fault {
        switch kind {
        case .success, .intermediate: .nobody
        case .temporaryFailure, .permanentFailure: .unclear
        }
    }

    private func describe(_ code: ReplyCode) -> ReplyExplanation.BasicCode {
        if let meaning = BasicReplyCodeMeanings.meaning(of: code.rawValue) {
            return ReplyExplanation.BasicCode(code: code.rawValue, meaning: meaning[language], isStandard: true)
        }
        let first = BasicReplyCodeMeanings.firstDigitMeaning(code.kind.rawValue)[language]
        let second = BasicReplyCodeMeanings.secondDigitMeaning(code.category.rawValue)[language]
        return ReplyExplanation.BasicCode(code: code.rawValue, meaning: "\(first) \(second)", isStandard: false)
    }

    private func describe(_ code: EnhancedStatusCode) -> ReplyExplanation.EnhancedCode {
        let entry = code.registryEntry
        let subject = code.knownSubject
        return ReplyExplanation.EnhancedCode(
            code: code.description,
            classMeaning: code.statusClass.meaning[language],
            subject: code.subject,
            subjectName: subject?.name[language],
            subjectMeaning: subject?.meaning[language],
            detail: code.detail,
            registryName: entry.flatMap { $0.name.isEmpty ? nil : $0.name },
            explanation: entry?.explanation[language],
            reference: entry?.citation,
            deprecation: entry?.deprecation
        )
    }
}

extension ReplyAdvice {
    /// The most specific catalog entry for a reply: basic and enhanced code both match,
    /// then the enhanced code alone, then the basic code alone.
    public static func bestMatch(basicCode: Int?, enhancedCode: EnhancedStatusCode?) -> ReplyAdvice? {
        let detail = enhancedCode.map { Detail($0.subject, $0.detail) }
        if let basicCode, let detail,
            let match = catalog.first(where: { $0.basicCodes.contains(basicCode) && $0.enhanced == detail })
        {
            return match
        }
        if let detail {
            // The enhanced code alone; its class must agree with the basic code's first digit
            // when there is one, so a 4xx is never advised like a 5xx.
            let classDigit = basicCode.map { $0 / 100 } ?? enhancedCode!.statusClass.rawValue
            if let match = catalog.first(where: { $0.enhanced == detail && $0.basicCodes.contains { $0 / 100 == classDigit } }) {
                return match
            }
        }
        if let basicCode {
            return catalog.first { $0.basicCodes.contains(basicCode) && $0.enhanced == nil }
        }
        return nil
    }
}
