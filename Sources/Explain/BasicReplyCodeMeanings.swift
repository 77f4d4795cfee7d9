import SMTPCore

/// Meanings of basic SMTP reply codes (RFC 5321 §4.2.2-4.2.3 and the extensions that add codes).
enum BasicReplyCodeMeanings {
    /// The meaning of one code, or nil when the code is not one that a standard defines.
    static func meaning(of code: Int) -> LocalizedText? { table[code] }

    static let table: [Int: LocalizedText] = [
        // MARK: 2yz, positive completion

        211: LocalizedText(
            english: "System status or a reply to a request for help: the server is reporting on itself, and nothing went wrong (RFC 5321).",
            german: "Systemstatus oder Antwort auf eine Hilfeanfrage: Der Server gibt Auskunft über sich selbst, und es ist nichts schiefgegangen (RFC 5321)."
        ),
        214: LocalizedText(
            english: "Help message: the server explains how to use it, usually for a person typing commands by hand (RFC 5321).",
            german: "Hilfetext: Der Server erklärt, wie er zu bedienen ist, meist für jemanden, der Befehle von Hand eingibt (RFC 5321)."
        ),
        220: LocalizedText(
            english: "The server is ready: it greets a new connection, or, after STARTTLS, says that encryption can begin (RFC 5321, RFC 3207).",
            german: "Der Server ist bereit: Er begrüßt eine neue Verbindung oder meldet nach STARTTLS, dass die Verschlüsselung beginnen kann (RFC 5321, RFC 3207)."
        ),
        221: LocalizedText(
            english: "The server is closing the connection in an orderly way, normally after the client said QUIT (RFC 5321).",
            german: "Der Server beendet die Verbindung ordnungsgemäß, normalerweise nachdem der Client QUIT gesendet hat (RFC 5321)."
        ),
        235: LocalizedText(
            english: "Login succeeded: the user name and password (or other credentials) were accepted (RFC 4954).",
            german: "Anmeldung erfolgreich: Benutzername und Passwort (oder andere Zugangsdaten) wurden angenommen (RFC 4954)."
        ),
        250: LocalizedText(
            english: "OK: the requested action was carried out, for example the message or a recipient was accepted (RFC 5321).",
            german: "OK: Die gewünschte Aktion wurde ausgeführt, zum Beispiel wurde die Nachricht oder ein Empfänger angenommen (RFC 5321)."
        ),
        251: LocalizedText(
            english: "The recipient is not on this server, but the server will forward the message (RFC 5321).",
            german: "Der Empfänger ist nicht auf diesem Server, aber der Server leitet die Nachricht weiter (RFC 5321)."
        ),
        252: LocalizedText(
            english: "The server cannot confirm that the address exists, but it will accept the message and try to deliver it (RFC 5321).",
            german: "Der Server kann nicht bestätigen, dass die Adresse existiert, nimmt die Nachricht aber an und versucht, sie zuzustellen (RFC 5321)."
        ),
        253: LocalizedText(
            english: "The server has started sending the messages queued for a domain and says how many there are (ETRN, RFC 1985).",
            german: "Der Server hat begonnen, die für eine Domain gesammelten Nachrichten zu senden, und nennt ihre Anzahl (ETRN, RFC 1985)."
        ),

        // MARK: 3yz, positive intermediate

        334: LocalizedText(
            english: "The server is waiting for the next step of the login, such as the user name or password in encoded form (RFC 4954).",
            german: "Der Server wartet auf den nächsten Schritt der Anmeldung, etwa Benutzername oder Passwort in codierter Form (RFC 4954)."
        ),
        354: LocalizedText(
            english: "The server is ready for the message itself; the client sends it and ends it with a line holding only a full stop (RFC 5321).",
            german: "Der Server ist bereit für die Nachricht selbst; der Client sendet sie und beendet sie mit einer Zeile, die nur einen Punkt enthält (RFC 5321)."
        ),

        // MARK: 4yz, transient negative completion

        421: LocalizedText(
            english: "The service is not available and the server is closing the connection, for example because it is overloaded or shutting down; try again later (RFC 5321).",
            german: "Der Dienst ist nicht verfügbar, und der Server beendet die Verbindung, etwa weil er überlastet ist oder herunterfährt; versuchen Sie es später erneut (RFC 5321)."
        ),
        432: LocalizedText(
            english: "A password transition is needed: log in once with the plain password method, after which the chosen login method will work (RFC 4954).",
            german: "Ein Passwortwechsel ist nötig: Melden Sie sich einmal mit dem einfachen Passwortverfahren an, danach funktioniert das gewählte Anmeldeverfahren (RFC 4954)."
        ),
        450: LocalizedText(
            english: "The mailbox is unavailable right now, for example busy or temporarily blocked by a policy; nothing was done, and it may work later (RFC 5321).",
            german: "Das Postfach ist gerade nicht verfügbar, etwa weil es belegt oder durch eine Richtlinie vorübergehend gesperrt ist; es wurde nichts ausgeführt, später kann es klappen (RFC 5321)."
        ),
        451: LocalizedText(
            english: "The server aborted the request because of a local problem on its side, such as a full disk or a failing check; it is temporary (RFC 5321).",
            german: "Der Server hat die Anfrage wegen eines Problems auf seiner Seite abgebrochen, etwa einer vollen Festplatte oder einer fehlgeschlagenen Prüfung; das ist vorübergehend (RFC 5321)."
        ),
        452: LocalizedText(
            english: "The server does not have enough storage right now, or too many recipients were given at once; it is temporary (RFC 5321).",
            german: "Der Server hat gerade nicht genug Speicherplatz, oder es wurden zu viele Empfänger auf einmal angegeben; das ist vorübergehend (RFC 5321)."
        ),
        453: LocalizedText(
            english: "There is no mail waiting to be collected for the domains asked for (ATRN, RFC 2645).",
            german: "Für die angefragten Domains liegen keine E-Mails zum Abholen bereit (ATRN, RFC 2645)."
        ),
        454: LocalizedText(
            english: "Temporary failure of the security layer: encryption (TLS) is not available for now, or the login failed for a temporary reason on the server's side (RFC 3207, RFC 4954).",
            german: "Vorübergehender Fehler der Sicherheitsschicht: Die Verschlüsselung (TLS) ist gerade nicht verfügbar, oder die Anmeldung ist aus einem vorübergehenden Grund auf der Serverseite fehlgeschlagen (RFC 3207, RFC 4954)."
        ),
        455: LocalizedText(
            english: "The server cannot handle the parameters given with MAIL FROM or RCPT TO right now; it may work later (RFC 5321).",
            german: "Der Server kann die bei MAIL FROM oder RCPT TO angegebenen Parameter gerade nicht verarbeiten; später kann es klappen (RFC 5321)."
        ),
        458: LocalizedText(
            english: "The server cannot start sending the messages queued for the given domain (ETRN, RFC 1985).",
            german: "Der Server kann nicht mit dem Versand der für die angegebene Domain gesammelten Nachrichten beginnen (ETRN, RFC 1985)."
        ),
        459: LocalizedText(
            english: "The client is not allowed to have the queued messages of that domain sent (ETRN, RFC 1985).",
            german: "Der Client darf den Versand der gesammelten Nachrichten dieser Domain nicht anstoßen (ETRN, RFC 1985)."
        ),

        // MARK: 5yz, permanent negative completion

        500: LocalizedText(
            english: "Syntax error: the server did not recognise the command, or the command line was too long (RFC 5321); during login it can also mean a login line was too long (RFC 4954).",
            german: "Syntaxfehler: Der Server hat den Befehl nicht erkannt, oder die Befehlszeile war zu lang (RFC 5321); bei der Anmeldung kann es auch heißen, dass eine Anmeldezeile zu lang war (RFC 4954)."
        ),
        501: LocalizedText(
            english: "Syntax error in the parameters or arguments of a command, for example a malformed address (RFC 5321).",
            german: "Syntaxfehler in den Parametern oder Angaben eines Befehls, zum Beispiel eine falsch geschriebene Adresse (RFC 5321)."
        ),
        502: LocalizedText(
            english: "The command is not implemented on this server (RFC 5321).",
            german: "Der Befehl ist auf diesem Server nicht implementiert (RFC 5321)."
        ),
        503: LocalizedText(
            english: "Bad sequence of commands: a command came at the wrong moment, for example sending before logging in or before naming the sender (RFC 5321).",
            german: "Falsche Befehlsreihenfolge: Ein Befehl kam zur falschen Zeit, zum Beispiel ein Versand vor der Anmeldung oder bevor der Absender genannt wurde (RFC 5321)."
        ),
        504: LocalizedText(
            english: "A parameter of the command is not implemented, for example a login method the server does not offer (RFC 5321).",
            german: "Ein Parameter des Befehls ist nicht implementiert, zum Beispiel ein Anmeldeverfahren, das der Server nicht anbietet (RFC 5321)."
        ),
        521: LocalizedText(
            english: "This server does not accept mail at all (RFC 7504).",
            german: "Dieser Server nimmt grundsätzlich keine E-Mails an (RFC 7504)."
        ),
        523: LocalizedText(
            english: "Encryption is needed: the requested login method may only be used over an encrypted connection (RFC 5248, with X.7.10).",
            german: "Verschlüsselung nötig: Das gewünschte Anmeldeverfahren darf nur über eine verschlüsselte Verbindung verwendet werden (RFC 5248, mit X.7.10)."
        ),
        524: LocalizedText(
            english: "Encryption is required for the requested login method (listed with X.7.11 in the IANA registry of enhanced status codes).",
            german: "Für das gewünschte Anmeldeverfahren ist Verschlüsselung erforderlich (in der IANA-Liste der erweiterten Statuscodes bei X.7.11 aufgeführt)."
        ),
        525: LocalizedText(
            english: "The account has been disabled, even though the login details were correct; only the provider can enable it again (RFC 5248, with X.7.13).",
            german: "Das Konto wurde gesperrt, obwohl die Zugangsdaten stimmen; nur der Anbieter kann es wieder freischalten (RFC 5248, mit X.7.13)."
        ),
        530: LocalizedText(
            english: "Authentication required: the server wants the client to log in, or to switch on encryption with STARTTLS, before it will go on (RFC 4954, RFC 3207).",
            german: "Anmeldung erforderlich: Der Server verlangt, dass sich der Client anmeldet oder mit STARTTLS die Verschlüsselung einschaltet, bevor es weitergeht (RFC 4954, RFC 3207)."
        ),
        534: LocalizedText(
            english: "The chosen login method is too weak for this server's policy; a stronger method must be used (RFC 4954).",
            german: "Das gewählte Anmeldeverfahren ist für die Richtlinien dieses Servers zu schwach; ein stärkeres Verfahren ist nötig (RFC 4954)."
        ),
        535: LocalizedText(
            english: "Authentication failed: the user name or password (or other credentials) was not accepted (RFC 4954).",
            german: "Anmeldung fehlgeschlagen: Benutzername oder Passwort (oder andere Zugangsdaten) wurden nicht angenommen (RFC 4954)."
        ),
        538: LocalizedText(
            english: "The chosen login method may only be used over an encrypted connection (RFC 4954).",
            german: "Das gewählte Anmeldeverfahren darf nur über eine verschlüsselte Verbindung verwendet werden (RFC 4954)."
        ),
        550: LocalizedText(
            english: "Not done because the mailbox is unavailable, for example it does not exist, access is denied, or the command was refused by policy (RFC 5321).",
            german: "Nicht ausgeführt, weil das Postfach nicht verfügbar ist, etwa weil es nicht existiert, der Zugriff verweigert wird oder der Befehl durch eine Richtlinie abgelehnt wurde (RFC 5321)."
        ),
        551: LocalizedText(
            english: "The recipient is not on this server; the reply may name another address to try (RFC 5321).",
            german: "Der Empfänger ist nicht auf diesem Server; die Antwort nennt möglicherweise eine andere Adresse, die man versuchen kann (RFC 5321)."
        ),
        552: LocalizedText(
            english: "Aborted because a storage limit was exceeded, for example the message is too big or the mailbox is full (RFC 5321).",
            german: "Abgebrochen, weil eine Speichergrenze überschritten wurde, etwa weil die Nachricht zu groß oder das Postfach voll ist (RFC 5321)."
        ),
        553: LocalizedText(
            english: "Not done because the mailbox name is not allowed, for example an address that is malformed or that the sender may not use (RFC 5321).",
            german: "Nicht ausgeführt, weil der Postfachname nicht zulässig ist, etwa eine falsch geschriebene Adresse oder eine, die der Absender nicht verwenden darf (RFC 5321)."
        ),
        554: LocalizedText(
            english: "Transaction failed; as the first reply on a new connection it means the server offers no mail service to this client (RFC 5321).",
            german: "Vorgang fehlgeschlagen; als erste Antwort auf eine neue Verbindung heißt es, dass der Server diesem Client keinen Maildienst anbietet (RFC 5321)."
        ),
        555: LocalizedText(
            english: "The server does not recognise or does not support a parameter given with MAIL FROM or RCPT TO (RFC 5321).",
            german: "Der Server erkennt einen bei MAIL FROM oder RCPT TO angegebenen Parameter nicht oder unterstützt ihn nicht (RFC 5321)."
        ),
        556: LocalizedText(
            english: "The domain of the address does not accept mail, because it has published a null MX record (RFC 7504, RFC 7505).",
            german: "Die Domain der Adresse nimmt keine E-Mails an, weil sie einen Null-MX-Eintrag veröffentlicht hat (RFC 7504, RFC 7505)."
        ),
    ]

    /// Meaning of the first digit (2, 3, 4, 5) (RFC 5321 §4.2.1), for codes not in the table.
    static func firstDigitMeaning(_ digit: Int) -> LocalizedText {
        switch digit {
        case 2:
            LocalizedText(
                english: "Positive completion: the requested action was carried out (RFC 5321).",
                german: "Positive Erledigung: Die gewünschte Aktion wurde ausgeführt (RFC 5321)."
            )
        case 3:
            LocalizedText(
                english: "Positive intermediate: the command was accepted, but the server is waiting for more, such as the message text or the next login step (RFC 5321).",
                german: "Positive Zwischenantwort: Der Befehl wurde angenommen, aber der Server wartet auf mehr, etwa den Nachrichtentext oder den nächsten Anmeldeschritt (RFC 5321)."
            )
        case 4:
            LocalizedText(
                english: "Transient failure: the command failed for now, but the same request may succeed if it is tried again later (RFC 5321).",
                german: "Vorübergehender Fehler: Der Befehl ist vorerst fehlgeschlagen, dieselbe Anfrage kann aber bei einem späteren Versuch gelingen (RFC 5321)."
            )
        case 5:
            LocalizedText(
                english: "Permanent failure: the command failed and will fail again in the same form; something has to be changed first (RFC 5321).",
                german: "Dauerhafter Fehler: Der Befehl ist fehlgeschlagen und wird in derselben Form wieder fehlschlagen; zuerst muss etwas geändert werden (RFC 5321)."
            )
        default:
            LocalizedText(
                english: "Not a valid first digit for an SMTP reply code; only 2, 3, 4 and 5 are defined (RFC 5321).",
                german: "Keine gültige erste Ziffer für einen SMTP-Antwortcode; festgelegt sind nur 2, 3, 4 und 5 (RFC 5321)."
            )
        }
    }

    /// Meaning of the second digit (0-5) (RFC 5321 §4.2.1), for codes not in the table.
    static func secondDigitMeaning(_ digit: Int) -> LocalizedText {
        switch digit {
        case 0:
            LocalizedText(
                english: "Syntax: about the form of a command, such as a syntax error or an unknown or unsupported command (RFC 5321).",
                german: "Syntax: betrifft die Form eines Befehls, etwa einen Syntaxfehler oder einen unbekannten oder nicht unterstützten Befehl (RFC 5321)."
            )
        case 1:
            LocalizedText(
                english: "Information: an answer to a request for information, such as status or help (RFC 5321).",
                german: "Information: eine Antwort auf eine Auskunftsanfrage, etwa nach Status oder Hilfe (RFC 5321)."
            )
        case 2:
            LocalizedText(
                english: "Connections: about the connection between client and server itself (RFC 5321).",
                german: "Verbindungen: betrifft die Verbindung zwischen Client und Server selbst (RFC 5321)."
            )
        case 3, 4:
            LocalizedText(
                english: "Unspecified: RFC 5321 gives this second digit no particular meaning.",
                german: "Nicht festgelegt: RFC 5321 gibt dieser zweiten Ziffer keine besondere Bedeutung."
            )
        case 5:
            LocalizedText(
                english: "Mail system: about the state of the receiving mail system or a mailbox with respect to the request (RFC 5321).",
                german: "Mailsystem: betrifft den Zustand des empfangenden Mailsystems oder eines Postfachs in Bezug auf die Anfrage (RFC 5321)."
            )
        default:
            LocalizedText(
                english: "Not a valid second digit for an SMTP reply code; only 0 to 5 are defined (RFC 5321).",
                german: "Keine gültige zweite Ziffer für einen SMTP-Antwortcode; festgelegt sind nur 0 bis 5 (RFC 5321)."
            )
        }
    }
}
