// Plain-language meanings of the first two numbers of an enhanced status code
// (RFC 3463 §3), written for Postamt.

extension EnhancedStatusCode.StatusClass {
    /// What the first number (2, 4 or 5) says about the outcome (RFC 3463 §3.1).
    public var meaning: LocalizedText {
        switch self {
        case .success:
            LocalizedText(
                english: "Success: the message was delivered, or the command this reply answers was carried out.",
                german: "Erfolg: Die Nachricht wurde zugestellt, oder der Befehl, auf den diese Antwort folgt, wurde ausgeführt."
            )
        case .persistentTransientFailure:
            LocalizedText(
                english: "Persistent transient failure: the message itself is fine, but something stands in its way right now; it may succeed if sent again later.",
                german: "Anhaltender vorübergehender Fehler: Die Nachricht selbst ist in Ordnung, aber gerade steht ihr etwas im Weg; bei einem späteren erneuten Versand kann sie durchgehen."
            )
        case .permanentFailure:
            LocalizedText(
                english: "Permanent failure: sending the same message again unchanged will fail again; something has to be changed first.",
                german: "Dauerhafter Fehler: Wird dieselbe Nachricht unverändert erneut gesendet, schlägt sie wieder fehl; zuerst muss etwas geändert werden."
            )
        }
    }
}

extension EnhancedStatusCode.Subject {
    /// The name RFC 3463 §3 gives the subject, e.g. "Addressing status".
    public var name: LocalizedText {
        switch self {
        case .other:
            LocalizedText(english: "Other or undefined status", german: "Sonstiger oder nicht näher bestimmter Status")
        case .addressing:
            LocalizedText(english: "Addressing status", german: "Adressstatus")
        case .mailbox:
            LocalizedText(english: "Mailbox status", german: "Postfachstatus")
        case .mailSystem:
            LocalizedText(english: "Mail system status", german: "Mailsystemstatus")
        case .networkAndRouting:
            LocalizedText(english: "Network and routing status", german: "Netz- und Weiterleitungsstatus")
        case .mailDeliveryProtocol:
            LocalizedText(english: "Mail delivery protocol status", german: "Status des Zustellprotokolls")
        case .messageContentOrMedia:
            LocalizedText(english: "Message content or media status", german: "Status von Nachrichteninhalt oder Medien")
        case .securityOrPolicy:
            LocalizedText(english: "Security or policy status", german: "Sicherheits- oder Richtlinienstatus")
        }
    }

    /// In one sentence, which area of the mail system the subject concerns (RFC 3463 §3).
    public var meaning: LocalizedText {
        switch self {
        case .other:
            LocalizedText(
                english: "No particular area is named; only the class (success, temporary or permanent failure) is known.",
                german: "Es wird kein bestimmter Bereich genannt; bekannt ist nur die Klasse (Erfolg, vorübergehender oder dauerhafter Fehler)."
            )
        case .addressing:
            LocalizedText(
                english: "An address of the message, the sender's or a recipient's: whether it is written correctly, exists and leads anywhere.",
                german: "Eine Adresse der Nachricht, die des Absenders oder eines Empfängers: ob sie richtig geschrieben ist, existiert und irgendwohin führt."
            )
        case .mailbox:
            LocalizedText(
                english: "The recipient's mailbox itself, which exists but is, for example, full, disabled or limited in message size; such matters are generally up to the recipient.",
                german: "Das Postfach des Empfängers selbst, das existiert, aber zum Beispiel voll, gesperrt oder in der Nachrichtengröße begrenzt ist; das liegt im Allgemeinen beim Empfänger."
            )
        case .mailSystem:
            LocalizedText(
                english: "The receiving mail system as a whole, such as its storage, load or configuration, which is up to its operator rather than the recipient.",
                german: "Das empfangende Mailsystem als Ganzes, etwa sein Speicher, seine Auslastung oder seine Einrichtung, wofür sein Betreiber zuständig ist und nicht der Empfänger."
            )
        case .networkAndRouting:
            LocalizedText(
                english: "The network and the route between mail systems, such as connections, look-ups in the DNS (the internet's directory of names) and forwarding.",
                german: "Das Netz und der Weg zwischen den Mailsystemen, etwa Verbindungen, Abfragen im DNS (dem Namensverzeichnis des Internets) und Weiterleitung."
            )
        case .mailDeliveryProtocol:
            LocalizedText(
                english: "The conversation between the two mail programs (the SMTP protocol): which commands are sent, in what order and with what arguments.",
                german: "Die Verständigung zwischen den beiden Mailprogrammen (das SMTP-Protokoll): welche Befehle gesendet werden, in welcher Reihenfolge und mit welchen Angaben."
            )
        case .messageContentOrMedia:
            LocalizedText(
                english: "The content of the message itself, such as its format, attachments or character set, and any conversion it needs on the way.",
                german: "Der Inhalt der Nachricht selbst, etwa ihr Format, ihre Anhänge oder ihr Zeichensatz, und jede Umwandlung, die sie unterwegs braucht."
            )
        case .securityOrPolicy:
            LocalizedText(
                english: "Security and rules: logging in, encryption, anti-spam policies and checks of where a message really comes from.",
                german: "Sicherheit und Regeln: Anmeldung, Verschlüsselung, Spamschutz-Richtlinien und Prüfungen, woher eine Nachricht wirklich stammt."
            )
        }
    }
}
