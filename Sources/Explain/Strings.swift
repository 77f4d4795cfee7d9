import SMTPCore

/// The sentences and labels of `explain` that do not depend on a particular code.
enum Strings {
    static func outcomeSummary(_ kind: ReplyExplanation.Outcome.Kind) -> LocalizedText {
        switch kind {
        case .success:
            LocalizedText(english: "Success.", german: "Erfolg.")
        case .intermediate:
            LocalizedText(
                english: "Intermediate: the server is waiting for more from the client.",
                german: "Zwischenschritt: der Server wartet auf weitere Angaben des Clients."
            )
        case .temporaryFailure:
            LocalizedText(
                english: "Temporary failure: the same request may succeed later.",
                german: "Vorübergehender Fehler: dieselbe Anfrage kann später gelingen."
            )
        case .permanentFailure:
            LocalizedText(
                english: "Permanent failure: sending the same thing again will fail again.",
                german: "Dauerhafter Fehler: dasselbe noch einmal zu senden, schlägt wieder fehl."
            )
        }
    }

    static func outcomeConsequence(_ kind: ReplyExplanation.Outcome.Kind) -> LocalizedText {
        switch kind {
        case .success:
            LocalizedText(
                english: "Nothing to do. A 250 after the message content means the receiving server has taken responsibility for the message.",
                german: "Nichts zu tun. Eine 250 nach dem Nachrichteninhalt bedeutet, dass der empfangende Server die Verantwortung für die Nachricht übernommen hat."
            )
        case .intermediate:
            LocalizedText(
                english: "Not an error: the dialogue continues (354 asks for the message content, 334 for the next authentication step).",
                german: "Kein Fehler: der Dialog geht weiter (354 fordert den Nachrichteninhalt an, 334 den nächsten Anmeldeschritt)."
            )
        case .temporaryFailure:
            LocalizedText(
                english: "The message is not lost if the sender retries. A mail server keeps it in its queue and tries again by itself; RFC 5321 (section 4.5.4.1) asks for waits of at least 30 minutes between attempts and for giving up only after 4 to 5 days, with a bounce to the sender. A mail program (Outlook, Thunderbird, a phone) usually does not retry: the message stays in its outbox and has to be sent again.",
                german: "Die Nachricht geht nicht verloren, wenn der Absender es erneut versucht. Ein Mailserver behält sie in seiner Warteschlange und versucht es selbstständig wieder; RFC 5321 (Abschnitt 4.5.4.1) verlangt mindestens 30 Minuten zwischen den Versuchen und gibt erst nach 4 bis 5 Tagen auf, mit einer Unzustellbarkeitsnachricht an den Absender. Ein Mailprogramm (Outlook, Thunderbird, ein Telefon) wiederholt meist nicht selbst: die Nachricht bleibt im Postausgang und muss erneut gesendet werden."
            )
        case .permanentFailure:
            LocalizedText(
                english: "The message was not accepted and will not be retried. A mail server returns it to the sender as a bounce (a delivery status notification); a mail program shows an error. Something has to change before sending again.",
                german: "Die Nachricht wurde nicht angenommen und wird nicht erneut versucht. Ein Mailserver schickt sie als Unzustellbarkeitsnachricht an den Absender zurück; ein Mailprogramm zeigt einen Fehler. Vor einem neuen Versuch muss sich etwas ändern."
            )
        }
    }

    static func genericAdvice(_ kind: ReplyExplanation.Outcome.Kind) -> [LocalizedText] {
        switch kind {
        case .success, .intermediate:
            []
        case .temporaryFailure:
            [
                LocalizedText(
                    english: "Wait and let the sending server retry; if you sent from a mail program, send again later.",
                    german: "Abwarten und den sendenden Server erneut versuchen lassen; aus einem Mailprogramm später noch einmal senden."
                ),
                LocalizedText(
                    english: "If it keeps happening, send the full reply text to the operator of the server that gave it.",
                    german: "Wenn es immer wieder passiert, den vollständigen Antworttext an den Betreiber des antwortenden Servers schicken."
                ),
            ]
        case .permanentFailure:
            [
                LocalizedText(
                    english: "Read the reply text: it usually names the address or rule that failed.",
                    german: "Den Antworttext lesen: meist nennt er die Adresse oder Regel, die fehlgeschlagen ist."
                ),
                LocalizedText(
                    english: "Fix that before sending again; if it is unclear, send the full reply text to the operator of the server that gave it.",
                    german: "Das vor dem nächsten Versuch beheben; wenn es unklar ist, den vollständigen Antworttext an den Betreiber des antwortenden Servers schicken."
                ),
            ]
        }
    }

    static func classMismatch(basic: Int, enhanced: String) -> LocalizedText {
        LocalizedText(
            english: "The enhanced code \(enhanced) does not match the basic code \(basic): RFC 3463 says their first digits must agree. The basic code decides whether the failure is temporary or permanent.",
            german: "Der erweiterte Code \(enhanced) passt nicht zum Basiscode \(basic): laut RFC 3463 müssen die ersten Ziffern übereinstimmen. Ob der Fehler vorübergehend oder dauerhaft ist, entscheidet der Basiscode."
        )
    }

    static func unregisteredEnhancedCode(_ code: String) -> LocalizedText {
        LocalizedText(
            english: "\(code) is not in the IANA registry of enhanced status codes; only its class and subject can be explained.",
            german: "\(code) steht nicht im IANA-Verzeichnis der erweiterten Statuscodes; nur Klasse und Thema lassen sich erklären."
        )
    }

    // Labels of the text output.
    static let reply = LocalizedText(english: "Reply", german: "Antwort")
    static let basicCode = LocalizedText(english: "Basic code", german: "Basiscode")
    static let enhancedCode = LocalizedText(english: "Enhanced code", german: "Erweiterter Code")
    static let statusClass = LocalizedText(english: "Class", german: "Klasse")
    static let subject = LocalizedText(english: "Subject", german: "Thema")
    static let detail = LocalizedText(english: "Detail", german: "Detail")
    static let unregistered = LocalizedText(english: "not registered", german: "nicht registriert")
    static let nonStandard = LocalizedText(english: "not a standard code; meaning from its digits", german: "kein Standardcode; Bedeutung aus den Ziffern")
    static let outcome = LocalizedText(english: "Outcome", german: "Ergebnis")
    static let likelyFault = LocalizedText(english: "Who is at fault", german: "Wer ist verantwortlich")
    static let cause = LocalizedText(english: "What happened", german: "Was passiert ist")
    static let whatToDo = LocalizedText(english: "What to do", german: "Was zu tun ist")
    static let note = LocalizedText(english: "Note", german: "Hinweis")
    static let deprecated = LocalizedText(english: "deprecated", german: "veraltet")
}
