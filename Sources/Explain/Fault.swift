import SMTPCore

/// Whose side a failed reply most likely points to.
public enum Fault: String, Sendable, Hashable, CaseIterable, Codable {
    /// Nothing failed.
    case nobody
    /// The server that sent the reply, or its operator (a full disk, a fault, an overload).
    case receivingServer = "receiving-server"
    /// The program that sends the mail and its settings: wrong port, wrong security mode,
    /// missing login, a client that breaks the protocol.
    case sendingClient = "sending-client"
    /// The sender's own account or message: credentials, sender address, size, content.
    case sender
    /// The recipient's address or mailbox: unknown, full, disabled.
    case recipient
    /// The receiving side's policy: anti-spam, relay rules, authentication checks (SPF,
    /// DKIM, DMARC), reputation.
    case receivingPolicy = "receiving-policy"
    /// The network or DNS between the two sides.
    case network
    /// It cannot be told from the reply alone.
    case unclear

    /// One line naming the party, for people.
    public var summary: LocalizedText {
        switch self {
        case .nobody:
            LocalizedText(english: "Nobody: the command succeeded.", german: "Niemand: der Befehl war erfolgreich.")
        case .receivingServer:
            LocalizedText(
                english: "Most likely the server that replied (its operator must fix it).",
                german: "Am wahrscheinlichsten der antwortende Server (sein Betreiber muss es beheben)."
            )
        case .sendingClient:
            LocalizedText(
                english: "Most likely the sending program or its settings (port, security mode, login).",
                german: "Am wahrscheinlichsten das sendende Programm oder seine Einstellungen (Port, Verschlüsselung, Anmeldung)."
            )
        case .sender:
            LocalizedText(
                english: "Most likely the sender's account or message (login, sender address, size or content).",
                german: "Am wahrscheinlichsten das Konto oder die Nachricht des Absenders (Anmeldung, Absenderadresse, Größe oder Inhalt)."
            )
        case .recipient:
            LocalizedText(
                english: "Most likely the recipient's address or mailbox.",
                german: "Am wahrscheinlichsten die Adresse oder das Postfach des Empfängers."
            )
        case .receivingPolicy:
            LocalizedText(
                english: "The receiving side's policy (anti-spam, relay rules, sender authentication).",
                german: "Die Richtlinien der Empfängerseite (Spamschutz, Relay-Regeln, Absenderprüfung)."
            )
        case .network:
            LocalizedText(
                english: "Most likely the network or DNS between the two servers.",
                german: "Am wahrscheinlichsten das Netz oder DNS zwischen den beiden Servern."
            )
        case .unclear:
            LocalizedText(
                english: "It cannot be told from this reply alone.",
                german: "Das lässt sich aus dieser Antwort allein nicht sagen."
            )
        }
    }
}
