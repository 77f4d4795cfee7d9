import SMTPCore

/// Steps that several catalog entries share, so they read the same everywhere.
private enum CommonStep {
    static let sendAgainLater = LocalizedText(
        english: "Wait a few minutes and send again. A mail server retries on its own; in a mail client you may have to press send again (look in the outbox).",
        german: "Warten Sie ein paar Minuten und senden Sie erneut. Ein Mailserver versucht es selbst wieder; in einem Mailprogramm müssen Sie eventuell erneut auf Senden klicken (schauen Sie im Postausgang nach)."
    )
    static let readReplyText = LocalizedText(
        english: "Read the text after the code: servers often name the actual reason there, sometimes with a link to an explanation.",
        german: "Lesen Sie den Text nach dem Code: Server nennen dort oft den eigentlichen Grund, manchmal mit einem Link zu einer Erklärung."
    )
    static let securePort = LocalizedText(
        english: "Set the outgoing server (SMTP) in your mail client to what your provider publishes, normally port 587 with STARTTLS, or port 465 with SSL/TLS.",
        german: "Stellen Sie den Postausgangsserver (SMTP) in Ihrem Mailprogramm so ein, wie Ihr Anbieter es angibt, normalerweise Port 587 mit STARTTLS oder Port 465 mit SSL/TLS."
    )
    static let requireAuthentication = LocalizedText(
        english: "Turn on \"My outgoing server (SMTP) requires authentication\" (or the same setting under another name) and use the same user name and password as for receiving mail; the user name is usually your full email address.",
        german: "Schalten Sie „Der Postausgangsserver (SMTP) erfordert Authentifizierung“ (oder die entsprechende Einstellung Ihres Programms) ein und verwenden Sie denselben Benutzernamen und dasselbe Passwort wie für den Empfang; der Benutzername ist meist Ihre vollständige E-Mail-Adresse."
    )
    static let askOperator = LocalizedText(
        english: "If it persists, ask the operator of the server that replied (for your own provider: their support), quoting the full error text.",
        german: "Hält es an, wenden Sie sich an den Betreiber des antwortenden Servers (beim eigenen Anbieter: dessen Support) und nennen Sie den vollständigen Fehlertext."
    )
    static let contactRecipientOtherWay = LocalizedText(
        english: "Reach the recipient some other way (phone, another address) and let them know their mail is bouncing.",
        german: "Erreichen Sie den Empfänger auf anderem Weg (Telefon, andere Adresse) und sagen Sie ihm, dass seine E-Mails zurückkommen."
    )
    static let checkRecipientSpelling = LocalizedText(
        english: "Check the recipient's address letter by letter, especially the part after the @, and fix any typing mistake.",
        german: "Prüfen Sie die Empfängeradresse Buchstabe für Buchstabe, besonders den Teil nach dem @, und korrigieren Sie Tippfehler."
    )
    static let shareLargeFiles = LocalizedText(
        english: "Remove or shrink large attachments, or upload the files to a cloud service and send a download link instead.",
        german: "Entfernen oder verkleinern Sie große Anhänge, oder laden Sie die Dateien in einen Cloud-Dienst hoch und senden Sie stattdessen einen Download-Link."
    )
    static let updateClient = LocalizedText(
        english: "Update the mail program; if that does not help, remove the account and add it again with the provider's published settings.",
        german: "Aktualisieren Sie das Mailprogramm; hilft das nicht, entfernen Sie das Konto und richten Sie es mit den vom Anbieter angegebenen Einstellungen neu ein."
    )
    static let fixSenderDomainAuthentication = LocalizedText(
        english: "If you send through your own domain, ask whoever runs its DNS to publish a correct SPF record and to set up DKIM signing with your mail provider; many providers have a guide for this.",
        german: "Senden Sie über eine eigene Domain, bitten Sie den Verwalter ihres DNS, einen korrekten SPF-Eintrag zu veröffentlichen und mit Ihrem Mailanbieter die DKIM-Signierung einzurichten; viele Anbieter haben dafür eine Anleitung."
    )
    static let sendThroughProvider = LocalizedText(
        english: "Send through your provider's own outgoing server with your login, not through a different server (such as a website, printer or app that sends mail in your name).",
        german: "Senden Sie über den Postausgangsserver Ihres Anbieters mit Ihrer Anmeldung, nicht über einen anderen Server (etwa eine Website, einen Drucker oder eine App, die in Ihrem Namen E-Mails verschickt)."
    )
}

extension ReplyAdvice {
    /// Advice for the common replies. An entry with `enhanced: nil` is the fallback for its
    /// basic codes; for a basic code not listed at all, the explainer falls back to the first
    /// digit.
    public static let catalog: [ReplyAdvice] = [
        // MARK: 421, service not available, closing the connection

        ReplyAdvice(
            basicCodes: [421],
            enhanced: nil,
            fault: Fault.receivingServer,
            cause: LocalizedText(
                english: "The server is closing the connection and cannot take mail right now, for example because it is overloaded, restarting or limiting this sender. It is temporary.",
                german: "Der Server beendet die Verbindung und kann gerade keine E-Mails annehmen, etwa weil er überlastet ist, neu startet oder diesen Absender bremst. Das ist vorübergehend."
            ),
            steps: [
                CommonStep.sendAgainLater,
                CommonStep.readReplyText,
                CommonStep.askOperator,
            ]
        ),
        ReplyAdvice(
            basicCodes: [421],
            enhanced: ReplyAdvice.Detail(7, 0),
            fault: Fault.receivingPolicy,
            cause: LocalizedText(
                english: "The server stopped talking to this sender on purpose, usually because of too many connections, too many messages in a short time, or too many errors such as failed logins.",
                german: "Der Server hat das Gespräch mit diesem Absender absichtlich beendet, meist wegen zu vieler Verbindungen, zu vieler Nachrichten in kurzer Zeit oder zu vieler Fehler wie fehlgeschlagener Anmeldungen."
            ),
            steps: [
                LocalizedText(
                    english: "Wait before trying again; such limits usually lift after some minutes to an hour.",
                    german: "Warten Sie, bevor Sie es erneut versuchen; solche Grenzen fallen meist nach einigen Minuten bis einer Stunde weg."
                ),
                LocalizedText(
                    english: "Send fewer messages at a time and to fewer recipients; a mail server should open fewer parallel connections to this destination.",
                    german: "Senden Sie weniger Nachrichten auf einmal und an weniger Empfänger; ein Mailserver sollte weniger gleichzeitige Verbindungen zu diesem Ziel öffnen."
                ),
                LocalizedText(
                    english: "Check that no device keeps logging in with an old, wrong password, since repeated failed logins count as errors.",
                    german: "Prüfen Sie, dass sich kein Gerät immer wieder mit einem alten, falschen Passwort anmeldet, denn wiederholte Fehlanmeldungen zählen als Fehler."
                ),
                LocalizedText(
                    english: "If you send little mail and it still happens, check whether your IP address is on a public block list, and ask your provider.",
                    german: "Versenden Sie wenig und es passiert trotzdem, prüfen Sie, ob Ihre IP-Adresse auf einer öffentlichen Sperrliste steht, und fragen Sie Ihren Anbieter."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [421],
            enhanced: ReplyAdvice.Detail(4, 2),
            fault: Fault.network,
            cause: LocalizedText(
                english: "The connection was closed because it was silent for too long or broke down while the message was being sent (a timeout or a bad connection).",
                german: "Die Verbindung wurde geschlossen, weil zu lange nichts kam oder weil sie während der Übertragung abbrach (Zeitüberschreitung oder schlechte Verbindung)."
            ),
            steps: [
                CommonStep.sendAgainLater,
                LocalizedText(
                    english: "Check your internet connection; a large attachment on a slow or unstable line can run into a timeout.",
                    german: "Prüfen Sie Ihre Internetverbindung; ein großer Anhang auf einer langsamen oder wackligen Leitung kann in eine Zeitüberschreitung laufen."
                ),
                LocalizedText(
                    english: "If it happens every time, a firewall, VPN or antivirus program that inspects mail traffic may be interfering; try once without it.",
                    german: "Passiert es jedes Mal, stört vielleicht eine Firewall, ein VPN oder ein Virenschutzprogramm, das den Mailverkehr prüft; versuchen Sie es einmal ohne."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [421],
            enhanced: ReplyAdvice.Detail(3, 2),
            fault: Fault.receivingServer,
            cause: LocalizedText(
                english: "The server is shutting down or being maintained and is not accepting mail for the moment.",
                german: "Der Server fährt herunter oder wird gewartet und nimmt im Moment keine E-Mails an."
            ),
            steps: [
                CommonStep.sendAgainLater,
                LocalizedText(
                    english: "If it lasts for hours, look at the provider's status page or ask their support.",
                    german: "Dauert es Stunden, schauen Sie auf die Statusseite des Anbieters oder fragen Sie dessen Support."
                ),
            ]
        ),

        // MARK: 450, mailbox unavailable for now

        ReplyAdvice(
            basicCodes: [450],
            enhanced: nil,
            fault: Fault.unclear,
            cause: LocalizedText(
                english: "The action was not carried out because the mailbox could not be used right now, for example it was busy or temporarily blocked by a rule. It may work later.",
                german: "Die Aktion wurde nicht ausgeführt, weil das Postfach gerade nicht nutzbar war, etwa weil es belegt oder durch eine Regel vorübergehend gesperrt war. Später kann es klappen."
            ),
            steps: [
                CommonStep.sendAgainLater,
                CommonStep.readReplyText,
                LocalizedText(
                    english: "If the message still has not gone through after a day, reach the recipient some other way.",
                    german: "Ist die Nachricht nach einem Tag immer noch nicht durchgegangen, erreichen Sie den Empfänger auf anderem Weg."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [450],
            enhanced: ReplyAdvice.Detail(2, 1),
            fault: Fault.recipient,
            cause: LocalizedText(
                english: "The recipient's mailbox is temporarily unavailable, for example busy, locked or switched off for a while.",
                german: "Das Postfach des Empfängers ist vorübergehend nicht verfügbar, etwa weil es belegt, gesperrt oder für eine Weile abgeschaltet ist."
            ),
            steps: [
                CommonStep.sendAgainLater,
                CommonStep.contactRecipientOtherWay,
            ]
        ),
        ReplyAdvice(
            basicCodes: [450],
            enhanced: ReplyAdvice.Detail(7, 1),
            fault: Fault.receivingPolicy,
            cause: LocalizedText(
                english: "The receiving side put the message off on purpose, most often by greylisting: unfamiliar senders are asked to come back later, which real mail servers do and most spam programs do not. It can also be a temporary policy block.",
                german: "Die Empfängerseite hat die Nachricht absichtlich zurückgestellt, meist durch Greylisting: Unbekannte Absender werden gebeten, es später erneut zu versuchen, was echte Mailserver tun und die meisten Spamprogramme nicht. Es kann auch eine vorübergehende Sperre durch eine Richtlinie sein."
            ),
            steps: [
                LocalizedText(
                    english: "If a mail server is sending, do nothing: it retries by itself, and the next attempt is usually accepted after a few minutes.",
                    german: "Sendet ein Mailserver, müssen Sie nichts tun: Er versucht es selbst erneut, und der nächste Versuch wird meist nach einigen Minuten angenommen."
                ),
                LocalizedText(
                    english: "If a script, printer or other device sent the mail and does not retry, send again after 5 to 15 minutes.",
                    german: "Hat ein Skript, Drucker oder anderes Gerät die E-Mail gesendet und versucht es nicht erneut, senden Sie nach 5 bis 15 Minuten noch einmal."
                ),
                LocalizedText(
                    english: "If it is never accepted, read the text after the code for a block list or policy, and ask the recipient's administrator.",
                    german: "Wird sie nie angenommen, suchen Sie im Text nach dem Code nach einer Sperrliste oder Richtlinie, und fragen Sie den Administrator des Empfängers."
                ),
            ]
        ),

        // MARK: 451, aborted because of a local error

        ReplyAdvice(
            basicCodes: [451],
            enhanced: nil,
            fault: Fault.receivingServer,
            cause: LocalizedText(
                english: "The server aborted the request because of a problem on its own side, such as a full disk or a failing check. It is temporary.",
                german: "Der Server hat die Anfrage wegen eines Problems auf seiner eigenen Seite abgebrochen, etwa einer vollen Festplatte oder einer fehlgeschlagenen Prüfung. Das ist vorübergehend."
            ),
            steps: [
                CommonStep.sendAgainLater,
                CommonStep.readReplyText,
                CommonStep.askOperator,
            ]
        ),
        ReplyAdvice(
            basicCodes: [451],
            enhanced: ReplyAdvice.Detail(3, 0),
            fault: Fault.receivingServer,
            cause: LocalizedText(
                english: "The receiving server, or the submitting server (the outgoing server your mail program hands the message to), had a temporary problem on its side and could not take the message just now. The message is not lost as long as the sending program tries again.",
                german: "Der empfangende Server oder der einliefernde Server (der Postausgangsserver, dem Ihr Mailprogramm die Nachricht übergibt) hatte auf seiner Seite ein vorübergehendes Problem und konnte die Nachricht gerade nicht annehmen. Die Nachricht geht nicht verloren, solange das sendende Programm es erneut versucht."
            ),
            steps: [
                LocalizedText(
                    english: "Send again in a few minutes. Mail servers retry automatically; a mail client may need you to press send again (look in the outbox).",
                    german: "Senden Sie in ein paar Minuten erneut. Mailserver versuchen es automatisch wieder; bei einem Mailprogramm müssen Sie eventuell erneut auf Senden klicken (schauen Sie im Postausgang nach)."
                ),
                LocalizedText(
                    english: "If it keeps happening, check that the outgoing server (SMTP) port and security setting in your mail client match what your provider publishes: port 587 with STARTTLS, or port 465 with SSL/TLS.",
                    german: "Tritt es immer wieder auf, prüfen Sie, ob Port und Verschlüsselung des Postausgangsservers (SMTP) in Ihrem Mailprogramm mit den Angaben Ihres Anbieters übereinstimmen: Port 587 mit STARTTLS oder Port 465 mit SSL/TLS."
                ),
                LocalizedText(
                    english: "If the settings match and it still fails, ask the provider whether their server has a problem, and quote the full error text.",
                    german: "Stimmen die Einstellungen und es klappt trotzdem nicht, fragen Sie den Anbieter, ob sein Server ein Problem hat, und nennen Sie den vollständigen Fehlertext."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [451],
            enhanced: ReplyAdvice.Detail(4, 1),
            fault: Fault.network,
            cause: LocalizedText(
                english: "The next mail server on the way did not answer, for example because it is down, overloaded or unreachable from here.",
                german: "Der nächste Mailserver auf dem Weg hat nicht geantwortet, etwa weil er ausgefallen, überlastet oder von hier aus nicht erreichbar ist."
            ),
            steps: [
                LocalizedText(
                    english: "Wait: the message stays in the queue and is retried automatically, usually for several days.",
                    german: "Warten Sie: Die Nachricht bleibt in der Warteschlange und wird automatisch erneut versucht, meist über mehrere Tage."
                ),
                LocalizedText(
                    english: "If you run the sending server, check that it can reach the destination on port 25; some internet providers block outgoing port 25.",
                    german: "Betreiben Sie den sendenden Server selbst, prüfen Sie, ob er das Ziel über Port 25 erreicht; manche Internetanbieter sperren ausgehenden Port 25."
                ),
                LocalizedText(
                    english: "If only this destination is affected for a long time, the recipient's provider probably has an outage; tell the recipient another way.",
                    german: "Ist lange nur dieses Ziel betroffen, hat der Anbieter des Empfängers wahrscheinlich eine Störung; geben Sie dem Empfänger auf anderem Weg Bescheid."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [451],
            enhanced: ReplyAdvice.Detail(7, 1),
            fault: Fault.receivingPolicy,
            cause: LocalizedText(
                english: "The receiving side put the message off on purpose, usually by greylisting: unfamiliar senders must try again after a short wait before their mail is accepted.",
                german: "Die Empfängerseite hat die Nachricht absichtlich zurückgestellt, meist durch Greylisting: Unbekannte Absender müssen es nach kurzer Wartezeit erneut versuchen, bevor ihre E-Mails angenommen werden."
            ),
            steps: [
                LocalizedText(
                    english: "If a mail server is sending, do nothing: it retries by itself, and the next attempt is usually accepted after a few minutes.",
                    german: "Sendet ein Mailserver, müssen Sie nichts tun: Er versucht es selbst erneut, und der nächste Versuch wird meist nach einigen Minuten angenommen."
                ),
                LocalizedText(
                    english: "If a script, printer or other device sent the mail and does not retry, send again after 5 to 15 minutes.",
                    german: "Hat ein Skript, Drucker oder anderes Gerät die E-Mail gesendet und versucht es nicht erneut, senden Sie nach 5 bis 15 Minuten noch einmal."
                ),
                LocalizedText(
                    english: "If it is never accepted, read the text after the code for the policy that applies, and ask the recipient's administrator.",
                    german: "Wird sie nie angenommen, suchen Sie im Text nach dem Code nach der geltenden Richtlinie, und fragen Sie den Administrator des Empfängers."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [451],
            enhanced: ReplyAdvice.Detail(3, 5),
            fault: Fault.receivingServer,
            cause: LocalizedText(
                english: "The receiving server is set up wrongly and cannot accept the message at the moment.",
                german: "Der empfangende Server ist falsch eingerichtet und kann die Nachricht im Moment nicht annehmen."
            ),
            steps: [
                CommonStep.sendAgainLater,
                LocalizedText(
                    english: "Tell the server's operator or the recipient, quoting the full error text; only the operator can correct the configuration.",
                    german: "Informieren Sie den Betreiber des Servers oder den Empfänger und nennen Sie den vollständigen Fehlertext; nur der Betreiber kann die Einrichtung korrigieren."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [451],
            enhanced: ReplyAdvice.Detail(4, 3),
            fault: Fault.network,
            cause: LocalizedText(
                english: "A server could not look up a name in the DNS (the internet's directory of names), for example the recipient's domain, or the sender's domain while checking it.",
                german: "Ein Server konnte einen Namen im DNS (dem Namensverzeichnis des Internets) nicht nachschlagen, etwa die Domain des Empfängers oder beim Prüfen die Domain des Absenders."
            ),
            steps: [
                CommonStep.sendAgainLater,
                CommonStep.checkRecipientSpelling,
                LocalizedText(
                    english: "If you run the sending server, check that its DNS resolver works; if the domain is yours, check that its name servers answer.",
                    german: "Betreiben Sie den sendenden Server selbst, prüfen Sie, ob seine DNS-Auflösung funktioniert; gehört die Domain Ihnen, prüfen Sie, ob ihre Nameserver antworten."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [451, 550],
            enhanced: ReplyAdvice.Detail(7, 24),
            fault: Fault.receivingPolicy,
            cause: LocalizedText(
                english: "The receiving server could not check the sender domain's SPF record (its published list of servers allowed to send for it), because the record is broken or could not be looked up.",
                german: "Der empfangende Server konnte den SPF-Eintrag der Absenderdomain (ihre veröffentlichte Liste erlaubter Sendeserver) nicht prüfen, weil der Eintrag fehlerhaft ist oder nicht abgefragt werden konnte."
            ),
            steps: [
                LocalizedText(
                    english: "With a 4 in front, wait and send again; a failed look-up often clears up by itself.",
                    german: "Steht vorne eine 4, warten Sie und senden Sie erneut; eine fehlgeschlagene Abfrage erledigt sich oft von selbst."
                ),
                LocalizedText(
                    english: "If the domain is yours, have its SPF record checked with an online SPF checker and corrected (a common fault is two SPF records, or too many nested look-ups).",
                    german: "Gehört die Domain Ihnen, lassen Sie ihren SPF-Eintrag mit einem Online-SPF-Prüfer kontrollieren und korrigieren (häufige Fehler sind zwei SPF-Einträge oder zu viele verschachtelte Abfragen)."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [450, 451],
            enhanced: ReplyAdvice.Detail(7, 0),
            fault: Fault.receivingPolicy,
            cause: LocalizedText(
                english: "The receiving side put the message off for a security or policy reason it does not spell out, for example a temporary block, a rate limit or a check that could not finish.",
                german: "Die Empfängerseite hat die Nachricht aus einem Sicherheits- oder Richtliniengrund zurückgestellt, den sie nicht näher nennt, etwa eine vorübergehende Sperre, eine Mengenbegrenzung oder eine Prüfung, die nicht abgeschlossen werden konnte."
            ),
            steps: [
                CommonStep.sendAgainLater,
                CommonStep.readReplyText,
                CommonStep.askOperator,
            ]
        ),

        // MARK: 452, insufficient storage or too many recipients

        ReplyAdvice(
            basicCodes: [452],
            enhanced: nil,
            fault: Fault.receivingServer,
            cause: LocalizedText(
                english: "The server could not take the message right now, usually for lack of storage space, or because too many recipients were given at once.",
                german: "Der Server konnte die Nachricht gerade nicht annehmen, meist aus Mangel an Speicherplatz oder weil zu viele Empfänger auf einmal angegeben wurden."
            ),
            steps: [
                CommonStep.sendAgainLater,
                LocalizedText(
                    english: "If you wrote to many recipients, send to smaller groups.",
                    german: "Haben Sie an viele Empfänger geschrieben, senden Sie an kleinere Gruppen."
                ),
                CommonStep.askOperator,
            ]
        ),
        ReplyAdvice(
            basicCodes: [452],
            enhanced: ReplyAdvice.Detail(5, 3),
            fault: Fault.sender,
            cause: LocalizedText(
                english: "The message has more recipients than the server accepts in one go; the others were refused for now.",
                german: "Die Nachricht hat mehr Empfänger, als der Server auf einmal annimmt; die übrigen wurden vorerst abgewiesen."
            ),
            steps: [
                LocalizedText(
                    english: "Send the message to smaller groups of recipients; your provider's help pages usually state the limit.",
                    german: "Senden Sie die Nachricht an kleinere Empfängergruppen; die Hilfeseiten Ihres Anbieters nennen meist die Grenze."
                ),
                LocalizedText(
                    english: "For newsletters or large groups, use a mailing list or a newsletter service instead of one message with many addresses.",
                    german: "Für Rundschreiben oder große Gruppen nutzen Sie eine Mailingliste oder einen Newsletter-Dienst statt einer Nachricht mit vielen Adressen."
                ),
                LocalizedText(
                    english: "A mail server sends to the remaining recipients in a later attempt by itself; check afterwards that none of them bounced.",
                    german: "Ein Mailserver sendet an die restlichen Empfänger von selbst in einem späteren Versuch; prüfen Sie danach, ob für einzelne davon Fehlermeldungen zurückkamen."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [452],
            enhanced: ReplyAdvice.Detail(3, 1),
            fault: Fault.receivingServer,
            cause: LocalizedText(
                english: "The receiving server has run out of storage space as a whole, not just in one mailbox.",
                german: "Dem empfangenden Server ist insgesamt der Speicherplatz ausgegangen, nicht nur in einem Postfach."
            ),
            steps: [
                CommonStep.sendAgainLater,
                CommonStep.askOperator,
            ]
        ),
        ReplyAdvice(
            basicCodes: [452],
            enhanced: ReplyAdvice.Detail(2, 2),
            fault: Fault.recipient,
            cause: LocalizedText(
                english: "The recipient's mailbox is full, so there is no room for your message at the moment.",
                german: "Das Postfach des Empfängers ist voll, für Ihre Nachricht ist im Moment kein Platz."
            ),
            steps: [
                LocalizedText(
                    english: "Send again later; once the recipient has deleted old mail, delivery will work.",
                    german: "Senden Sie später erneut; sobald der Empfänger alte E-Mails gelöscht hat, klappt die Zustellung."
                ),
                CommonStep.contactRecipientOtherWay,
                LocalizedText(
                    english: "If the mailbox is yours, delete large old messages (and empty the trash) or ask your provider for more space.",
                    german: "Ist es Ihr eigenes Postfach, löschen Sie große alte Nachrichten (und leeren Sie den Papierkorb) oder fragen Sie Ihren Anbieter nach mehr Speicherplatz."
                ),
            ]
        ),

        // MARK: 454, temporary TLS or login failure

        ReplyAdvice(
            basicCodes: [454],
            enhanced: nil,
            fault: Fault.receivingServer,
            cause: LocalizedText(
                english: "Encryption (TLS) or login is temporarily not available on the server.",
                german: "Verschlüsselung (TLS) oder Anmeldung ist auf dem Server vorübergehend nicht verfügbar."
            ),
            steps: [
                CommonStep.sendAgainLater,
                CommonStep.securePort,
                CommonStep.askOperator,
            ]
        ),
        ReplyAdvice(
            basicCodes: [454],
            enhanced: ReplyAdvice.Detail(7, 0),
            fault: Fault.receivingServer,
            cause: LocalizedText(
                english: "The server could not offer encryption (TLS) right now, or your login failed for a temporary reason on its side; some providers also answer this way after too many login attempts.",
                german: "Der Server konnte gerade keine Verschlüsselung (TLS) anbieten, oder Ihre Anmeldung ist aus einem vorübergehenden Grund auf seiner Seite gescheitert; manche Anbieter antworten so auch nach zu vielen Anmeldeversuchen."
            ),
            steps: [
                LocalizedText(
                    english: "Wait a few minutes and try again; if there were many failed logins, wait longer and then use the correct password.",
                    german: "Warten Sie ein paar Minuten und versuchen Sie es erneut; gab es viele fehlgeschlagene Anmeldungen, warten Sie länger und verwenden Sie dann das richtige Passwort."
                ),
                CommonStep.securePort,
                CommonStep.requireAuthentication,
                CommonStep.askOperator,
            ]
        ),

        // MARK: 500, command not recognised

        ReplyAdvice(
            basicCodes: [500],
            enhanced: nil,
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The server did not recognise a command, or the command line was too long. The fault lies with the sending program or something between it and the server, not with your message.",
                german: "Der Server hat einen Befehl nicht erkannt, oder die Befehlszeile war zu lang. Der Fehler liegt beim sendenden Programm oder bei etwas zwischen ihm und dem Server, nicht bei Ihrer Nachricht."
            ),
            steps: [
                LocalizedText(
                    english: "Check the port and security setting of the outgoing server: port 587 with STARTTLS, or port 465 with SSL/TLS. A client that talks unencrypted to an SSL/TLS port, or the other way round, sends what the server cannot read.",
                    german: "Prüfen Sie Port und Verschlüsselung des Postausgangsservers: Port 587 mit STARTTLS oder Port 465 mit SSL/TLS. Spricht ein Programm unverschlüsselt mit einem SSL/TLS-Port oder umgekehrt, sendet es etwas, das der Server nicht lesen kann."
                ),
                LocalizedText(
                    english: "Turn off \"mail scanning\" in antivirus or firewall software that sits between the mail program and the server, then try again.",
                    german: "Schalten Sie die „E-Mail-Prüfung“ von Virenschutz- oder Firewall-Programmen aus, die sich zwischen Mailprogramm und Server schalten, und versuchen Sie es erneut."
                ),
                CommonStep.updateClient,
            ]
        ),
        ReplyAdvice(
            basicCodes: [500],
            enhanced: ReplyAdvice.Detail(5, 6),
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "During login, the mail program sent a line longer than the server accepts for the chosen login method.",
                german: "Bei der Anmeldung hat das Mailprogramm eine Zeile geschickt, die länger ist, als der Server für das gewählte Anmeldeverfahren annimmt."
            ),
            steps: [
                LocalizedText(
                    english: "Set the authentication method of the outgoing server to \"Normal password\" (or \"Automatic\") instead of a special method.",
                    german: "Stellen Sie das Anmeldeverfahren des Postausgangsservers auf „Passwort, normal“ (oder „Automatisch“) statt auf ein besonderes Verfahren."
                ),
                CommonStep.updateClient,
            ]
        ),

        // MARK: 501, syntax error in parameters

        ReplyAdvice(
            basicCodes: [501],
            enhanced: nil,
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "A command reached the server with missing or malformed details, for example an address written in a form the server does not accept.",
                german: "Ein Befehl kam mit fehlenden oder falsch aufgebauten Angaben beim Server an, etwa einer Adresse in einer Form, die der Server nicht akzeptiert."
            ),
            steps: [
                LocalizedText(
                    english: "Check the sender and recipient addresses for spaces, missing parts or stray characters.",
                    german: "Prüfen Sie Absender- und Empfängeradresse auf Leerzeichen, fehlende Teile oder unzulässige Zeichen."
                ),
                CommonStep.readReplyText,
                CommonStep.updateClient,
            ]
        ),
        ReplyAdvice(
            basicCodes: [501],
            enhanced: ReplyAdvice.Detail(5, 4),
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The sending program used a known command with a value or option the server does not accept.",
                german: "Das sendende Programm hat einen bekannten Befehl mit einem Wert oder einer Option verwendet, die der Server nicht akzeptiert."
            ),
            steps: [
                CommonStep.readReplyText,
                LocalizedText(
                    english: "Check the addresses and the host name your mail program sends (it must be a proper name, not empty or with spaces).",
                    german: "Prüfen Sie die Adressen und den Rechnernamen, den Ihr Mailprogramm sendet (er muss ein richtiger Name sein, nicht leer und ohne Leerzeichen)."
                ),
                CommonStep.updateClient,
            ]
        ),
        ReplyAdvice(
            basicCodes: [501],
            enhanced: ReplyAdvice.Detail(1, 7),
            fault: Fault.sender,
            cause: LocalizedText(
                english: "The sender address is not written in a valid form.",
                german: "Die Absenderadresse ist nicht gültig geschrieben."
            ),
            steps: [
                LocalizedText(
                    english: "In the account settings, check the email address: it must be complete, like name@example.com, without spaces or a display name mixed in.",
                    german: "Prüfen Sie in den Kontoeinstellungen die E-Mail-Adresse: Sie muss vollständig sein, etwa name@example.com, ohne Leerzeichen und ohne eingemischten Anzeigenamen."
                ),
                LocalizedText(
                    english: "If a script or device sends the mail, check the From address it is configured with.",
                    german: "Sendet ein Skript oder Gerät die E-Mail, prüfen Sie die dort eingetragene Absenderadresse."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [501],
            enhanced: ReplyAdvice.Detail(1, 3),
            fault: Fault.sender,
            cause: LocalizedText(
                english: "A recipient address is not written in a valid form, for example it contains a space, lacks the @ or has stray characters.",
                german: "Eine Empfängeradresse ist nicht gültig geschrieben, sie enthält zum Beispiel ein Leerzeichen, es fehlt das @ oder es stehen unzulässige Zeichen darin."
            ),
            steps: [
                CommonStep.checkRecipientSpelling,
                LocalizedText(
                    english: "Addresses copied from documents often carry hidden characters or brackets; type the address in again by hand.",
                    german: "Aus Dokumenten kopierte Adressen enthalten oft versteckte Zeichen oder Klammern; tippen Sie die Adresse neu von Hand ein."
                ),
            ]
        ),

        // MARK: 502, command not implemented

        ReplyAdvice(
            basicCodes: [502],
            enhanced: nil,
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The server does not support a command the sending program used, often because the program is talking to the wrong server or port, for example trying to log in on a server meant only for receiving mail.",
                german: "Der Server unterstützt einen Befehl nicht, den das sendende Programm verwendet hat, oft weil das Programm mit dem falschen Server oder Port spricht, etwa sich an einem Server anmelden will, der nur für den Empfang gedacht ist."
            ),
            steps: [
                LocalizedText(
                    english: "Check the outgoing server's host name against what your provider publishes.",
                    german: "Vergleichen Sie den Namen des Postausgangsservers mit den Angaben Ihres Anbieters."
                ),
                CommonStep.securePort,
                CommonStep.updateClient,
            ]
        ),

        // MARK: 503, bad sequence of commands

        ReplyAdvice(
            basicCodes: [503],
            enhanced: nil,
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "A command came at the wrong moment, most often because the mail program tried to send without logging in first, or because the program or something in between breaks the protocol.",
                german: "Ein Befehl kam zur falschen Zeit, meist weil das Mailprogramm senden wollte, ohne sich vorher anzumelden, oder weil das Programm oder etwas dazwischen das Protokoll verletzt."
            ),
            steps: [
                CommonStep.requireAuthentication,
                CommonStep.securePort,
                CommonStep.updateClient,
            ]
        ),
        ReplyAdvice(
            basicCodes: [503],
            enhanced: ReplyAdvice.Detail(5, 1),
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The commands came in the wrong order. With a mail client this usually means it did not log in before sending; otherwise the sending program is broken.",
                german: "Die Befehle kamen in der falschen Reihenfolge. Bei einem Mailprogramm heißt das meist, dass es sich vor dem Senden nicht angemeldet hat; andernfalls ist das sendende Programm fehlerhaft."
            ),
            steps: [
                CommonStep.requireAuthentication,
                CommonStep.securePort,
                CommonStep.updateClient,
            ]
        ),

        // MARK: 504, parameter not implemented

        ReplyAdvice(
            basicCodes: [504],
            enhanced: nil,
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The sending program asked for an option the server does not offer, most often a login method it does not support.",
                german: "Das sendende Programm hat eine Option verlangt, die der Server nicht anbietet, meist ein nicht unterstütztes Anmeldeverfahren."
            ),
            steps: [
                LocalizedText(
                    english: "Set the outgoing server's authentication method to \"Normal password\" (or \"Automatic\") instead of NTLM, Kerberos or \"Encrypted password\".",
                    german: "Stellen Sie das Anmeldeverfahren des Postausgangsservers auf „Passwort, normal“ (oder „Automatisch“) statt auf NTLM, Kerberos oder „Verschlüsseltes Passwort“."
                ),
                CommonStep.securePort,
                CommonStep.updateClient,
            ]
        ),
        ReplyAdvice(
            basicCodes: [504],
            enhanced: ReplyAdvice.Detail(5, 4),
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The sending program asked for a login method or option that the server does not support.",
                german: "Das sendende Programm hat ein Anmeldeverfahren oder eine Option verlangt, die der Server nicht unterstützt."
            ),
            steps: [
                LocalizedText(
                    english: "Set the outgoing server's authentication method to \"Normal password\" (or \"Automatic\") instead of NTLM, Kerberos or \"Encrypted password\".",
                    german: "Stellen Sie das Anmeldeverfahren des Postausgangsservers auf „Passwort, normal“ (oder „Automatisch“) statt auf NTLM, Kerberos oder „Verschlüsseltes Passwort“."
                ),
                LocalizedText(
                    english: "Make sure the connection is encrypted (port 587 with STARTTLS, or port 465 with SSL/TLS); many servers offer password login only then.",
                    german: "Sorgen Sie für eine verschlüsselte Verbindung (Port 587 mit STARTTLS oder Port 465 mit SSL/TLS); viele Server bieten die Passwortanmeldung nur dann an."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [504],
            enhanced: ReplyAdvice.Detail(7, 4),
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The mail program chose a login method (a security feature) that the server does not support.",
                german: "Das Mailprogramm hat ein Anmeldeverfahren (eine Sicherheitsfunktion) gewählt, das der Server nicht unterstützt."
            ),
            steps: [
                LocalizedText(
                    english: "Set the outgoing server's authentication method to \"Normal password\" (or \"Automatic\") instead of NTLM, Kerberos or \"Encrypted password\".",
                    german: "Stellen Sie das Anmeldeverfahren des Postausgangsservers auf „Passwort, normal“ (oder „Automatisch“) statt auf NTLM, Kerberos oder „Verschlüsseltes Passwort“."
                ),
                LocalizedText(
                    english: "Make sure the connection is encrypted (port 587 with STARTTLS, or port 465 with SSL/TLS); many servers offer password login only then.",
                    german: "Sorgen Sie für eine verschlüsselte Verbindung (Port 587 mit STARTTLS oder Port 465 mit SSL/TLS); viele Server bieten die Passwortanmeldung nur dann an."
                ),
                LocalizedText(
                    english: "Use exactly the settings your provider publishes for mail programs.",
                    german: "Verwenden Sie genau die Einstellungen, die Ihr Anbieter für Mailprogramme angibt."
                ),
            ]
        ),

        // MARK: 521, host does not accept mail

        ReplyAdvice(
            basicCodes: [521],
            enhanced: nil,
            fault: Fault.recipient,
            cause: LocalizedText(
                english: "The server that was contacted does not accept mail at all, so the address it was chosen for cannot receive mail this way.",
                german: "Der angesprochene Server nimmt grundsätzlich keine E-Mails an, daher kann die Adresse, für die er gewählt wurde, auf diesem Weg nichts empfangen."
            ),
            steps: [
                CommonStep.checkRecipientSpelling,
                LocalizedText(
                    english: "If your own mail program got this reply straight away, check the outgoing server's host name against your provider's settings.",
                    german: "Hat Ihr eigenes Mailprogramm diese Antwort sofort erhalten, vergleichen Sie den Namen des Postausgangsservers mit den Angaben Ihres Anbieters."
                ),
                CommonStep.contactRecipientOtherWay,
            ]
        ),

        // MARK: 523, 524, 525, 530, 534, 535, 538, 432: login and encryption

        ReplyAdvice(
            basicCodes: [523],
            enhanced: nil,
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The mail program tried to log in over an unencrypted connection, and the server allows that login method only with encryption.",
                german: "Das Mailprogramm wollte sich über eine unverschlüsselte Verbindung anmelden, und der Server erlaubt dieses Anmeldeverfahren nur mit Verschlüsselung."
            ),
            steps: [
                CommonStep.securePort,
                CommonStep.requireAuthentication,
            ]
        ),
        ReplyAdvice(
            basicCodes: [525],
            enhanced: nil,
            fault: Fault.sender,
            cause: LocalizedText(
                english: "The login details are correct, but the provider has disabled the account, for example because of unpaid bills or suspected misuse.",
                german: "Die Zugangsdaten stimmen, aber der Anbieter hat das Konto gesperrt, etwa wegen offener Rechnungen oder Verdacht auf Missbrauch."
            ),
            steps: [
                LocalizedText(
                    english: "Log in to the provider's web page or webmail; there is often a notice explaining the block.",
                    german: "Melden Sie sich auf der Webseite oder im Webmailer des Anbieters an; dort steht oft ein Hinweis zur Sperre."
                ),
                LocalizedText(
                    english: "Contact the provider's support to have the account enabled again; changing settings in the mail program will not help.",
                    german: "Wenden Sie sich an den Support des Anbieters, um das Konto wieder freischalten zu lassen; Änderungen im Mailprogramm helfen nicht."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [530],
            enhanced: nil,
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The server will not go on until the mail program logs in, or in some cases until it switches on encryption with STARTTLS.",
                german: "Der Server macht erst weiter, wenn sich das Mailprogramm anmeldet oder in manchen Fällen erst, wenn es mit STARTTLS die Verschlüsselung einschaltet."
            ),
            steps: [
                CommonStep.requireAuthentication,
                CommonStep.securePort,
            ]
        ),
        ReplyAdvice(
            basicCodes: [530],
            enhanced: ReplyAdvice.Detail(7, 0),
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The server requires the mail program to log in before it accepts mail for sending, and it did not.",
                german: "Der Server verlangt, dass sich das Mailprogramm anmeldet, bevor er E-Mails zum Versand annimmt, und das ist nicht geschehen."
            ),
            steps: [
                CommonStep.requireAuthentication,
                CommonStep.securePort,
                LocalizedText(
                    english: "If you use several accounts, make sure each one sends through its own provider's outgoing server.",
                    german: "Nutzen Sie mehrere Konten, achten Sie darauf, dass jedes über den Postausgangsserver seines eigenen Anbieters sendet."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [534],
            enhanced: nil,
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The login method the mail program chose is weaker than this server allows for the account.",
                german: "Das vom Mailprogramm gewählte Anmeldeverfahren ist schwächer, als der Server für dieses Konto erlaubt."
            ),
            steps: [
                CommonStep.securePort,
                LocalizedText(
                    english: "Choose a stronger authentication method in the outgoing server settings, or \"Automatic\"; some providers require sign-in through their own login page (OAuth) or an app password.",
                    german: "Wählen Sie in den Einstellungen des Postausgangsservers ein stärkeres Anmeldeverfahren oder „Automatisch“; manche Anbieter verlangen die Anmeldung über ihre eigene Anmeldeseite (OAuth) oder ein App-Passwort."
                ),
                CommonStep.updateClient,
            ]
        ),
        ReplyAdvice(
            basicCodes: [535],
            enhanced: nil,
            fault: Fault.sender,
            cause: LocalizedText(
                english: "The server did not accept the login details: user name, password, or the login method.",
                german: "Der Server hat die Anmeldedaten nicht akzeptiert: Benutzername, Passwort oder das Anmeldeverfahren."
            ),
            steps: [
                LocalizedText(
                    english: "Enter the password for the outgoing server again; many programs store it separately from the one for receiving mail.",
                    german: "Geben Sie das Passwort für den Postausgangsserver erneut ein; viele Programme speichern es getrennt von dem für den Empfang."
                ),
                LocalizedText(
                    english: "Use your full email address as the user name unless your provider says otherwise.",
                    german: "Verwenden Sie Ihre vollständige E-Mail-Adresse als Benutzernamen, sofern Ihr Anbieter nichts anderes angibt."
                ),
                LocalizedText(
                    english: "If two-step verification is on, create an app password at the provider and use it instead of your normal password.",
                    german: "Ist die Zwei-Faktor-Authentifizierung eingeschaltet, erstellen Sie beim Anbieter ein App-Passwort und verwenden Sie es statt Ihres normalen Passworts."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [535],
            enhanced: ReplyAdvice.Detail(7, 8),
            fault: Fault.sender,
            cause: LocalizedText(
                english: "Logging in failed because the user name or password is wrong, or the provider does not accept a plain password for this account.",
                german: "Die Anmeldung ist fehlgeschlagen, weil Benutzername oder Passwort falsch sind oder der Anbieter für dieses Konto kein einfaches Passwort akzeptiert."
            ),
            steps: [
                LocalizedText(
                    english: "Enter the password for the outgoing server again; many programs store it separately from the one for receiving mail.",
                    german: "Geben Sie das Passwort für den Postausgangsserver erneut ein; viele Programme speichern es getrennt von dem für den Empfang."
                ),
                LocalizedText(
                    english: "Use your full email address as the user name unless your provider says otherwise.",
                    german: "Verwenden Sie Ihre vollständige E-Mail-Adresse als Benutzernamen, sofern Ihr Anbieter nichts anderes angibt."
                ),
                LocalizedText(
                    english: "If two-step verification is on, create an app password at the provider and use it instead of your normal password; some providers require sign-in through their own login page (OAuth) instead.",
                    german: "Ist die Zwei-Faktor-Authentifizierung eingeschaltet, erstellen Sie beim Anbieter ein App-Passwort und verwenden Sie es statt Ihres normalen Passworts; manche Anbieter verlangen stattdessen die Anmeldung über ihre eigene Anmeldeseite (OAuth)."
                ),
                LocalizedText(
                    english: "Log in to the provider's webmail with the same details; if that fails too, reset the password there.",
                    german: "Melden Sie sich mit denselben Daten im Webmailer des Anbieters an; klappt auch das nicht, setzen Sie dort das Passwort zurück."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [535],
            enhanced: ReplyAdvice.Detail(7, 0),
            fault: Fault.sender,
            cause: LocalizedText(
                english: "Logging in failed: the server did not accept the user name or password.",
                german: "Die Anmeldung ist fehlgeschlagen: Der Server hat Benutzername oder Passwort nicht akzeptiert."
            ),
            steps: [
                LocalizedText(
                    english: "Enter the password for the outgoing server again; many programs store it separately from the one for receiving mail.",
                    german: "Geben Sie das Passwort für den Postausgangsserver erneut ein; viele Programme speichern es getrennt von dem für den Empfang."
                ),
                LocalizedText(
                    english: "Use your full email address as the user name unless your provider says otherwise.",
                    german: "Verwenden Sie Ihre vollständige E-Mail-Adresse als Benutzernamen, sofern Ihr Anbieter nichts anderes angibt."
                ),
                CommonStep.securePort,
            ]
        ),
        ReplyAdvice(
            basicCodes: [524, 538],
            enhanced: nil,
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The mail program tried to log in before the connection was encrypted, and the server does not allow that.",
                german: "Das Mailprogramm wollte sich anmelden, bevor die Verbindung verschlüsselt war, und das erlaubt der Server nicht."
            ),
            steps: [
                LocalizedText(
                    english: "Set the outgoing server's connection security to STARTTLS on port 587, or to SSL/TLS on port 465; not to \"None\".",
                    german: "Stellen Sie die Verbindungssicherheit des Postausgangsservers auf STARTTLS mit Port 587 oder auf SSL/TLS mit Port 465, nicht auf „Keine“."
                ),
                CommonStep.requireAuthentication,
            ]
        ),
        ReplyAdvice(
            basicCodes: [524, 538],
            enhanced: ReplyAdvice.Detail(7, 11),
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The mail program tried to log in over an unencrypted connection; the server allows this login method only once the connection is encrypted.",
                german: "Das Mailprogramm wollte sich über eine unverschlüsselte Verbindung anmelden; der Server erlaubt dieses Anmeldeverfahren erst, wenn die Verbindung verschlüsselt ist."
            ),
            steps: [
                LocalizedText(
                    english: "Set the outgoing server's connection security to STARTTLS on port 587, or to SSL/TLS on port 465; not to \"None\".",
                    german: "Stellen Sie die Verbindungssicherheit des Postausgangsservers auf STARTTLS mit Port 587 oder auf SSL/TLS mit Port 465, nicht auf „Keine“."
                ),
                CommonStep.requireAuthentication,
                LocalizedText(
                    english: "If the program then reports a certificate error, check that the server name matches exactly what your provider publishes.",
                    german: "Meldet das Programm danach einen Zertifikatsfehler, prüfen Sie, ob der Servername genau den Angaben Ihres Anbieters entspricht."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [432],
            enhanced: nil,
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The server needs one login with the plain password method before the login method the mail program chose will work.",
                german: "Der Server braucht eine Anmeldung mit dem einfachen Passwortverfahren, bevor das vom Mailprogramm gewählte Anmeldeverfahren funktioniert."
            ),
            steps: [
                LocalizedText(
                    english: "Set the outgoing server's authentication method to \"Normal password\" once, over an encrypted connection (port 587 with STARTTLS, or port 465 with SSL/TLS), and send.",
                    german: "Stellen Sie das Anmeldeverfahren des Postausgangsservers einmal auf „Passwort, normal“, über eine verschlüsselte Verbindung (Port 587 mit STARTTLS oder Port 465 mit SSL/TLS), und senden Sie."
                ),
                LocalizedText(
                    english: "Afterwards you can switch back to the method you wanted.",
                    german: "Danach können Sie wieder auf das gewünschte Verfahren umstellen."
                ),
            ]
        ),

        // MARK: 550, mailbox unavailable or refused by policy

        ReplyAdvice(
            basicCodes: [550],
            enhanced: nil,
            fault: Fault.unclear,
            cause: LocalizedText(
                english: "The receiving server refused the message for good: either the mailbox is unavailable (often it does not exist) or a rule of the receiving side rejected it.",
                german: "Der empfangende Server hat die Nachricht endgültig abgelehnt: Entweder ist das Postfach nicht verfügbar (oft existiert es nicht), oder eine Regel der Empfängerseite hat sie zurückgewiesen."
            ),
            steps: [
                CommonStep.readReplyText,
                CommonStep.checkRecipientSpelling,
                LocalizedText(
                    english: "If the text mentions spam, a block list, SPF, DKIM or DMARC, the message was refused by policy; ask your provider for help.",
                    german: "Erwähnt der Text Spam, eine Sperrliste, SPF, DKIM oder DMARC, wurde die Nachricht durch eine Richtlinie abgelehnt; bitten Sie Ihren Anbieter um Hilfe."
                ),
                CommonStep.contactRecipientOtherWay,
            ]
        ),
        ReplyAdvice(
            basicCodes: [550],
            enhanced: ReplyAdvice.Detail(1, 1),
            fault: Fault.recipient,
            cause: LocalizedText(
                english: "The recipient's address does not exist on the receiving server: the part before the @ is unknown there.",
                german: "Die Empfängeradresse gibt es auf dem empfangenden Server nicht: Der Teil vor dem @ ist dort unbekannt."
            ),
            steps: [
                LocalizedText(
                    english: "Check the spelling of the address, especially the part before the @ (dots, hyphens, swapped letters).",
                    german: "Prüfen Sie die Schreibweise der Adresse, besonders den Teil vor dem @ (Punkte, Bindestriche, vertauschte Buchstaben)."
                ),
                LocalizedText(
                    english: "If you picked the address from your address book's suggestions, check that it is not an old, outdated entry.",
                    german: "Haben Sie die Adresse aus den Vorschlägen Ihres Adressbuchs gewählt, prüfen Sie, ob es sich um einen veralteten Eintrag handelt."
                ),
                LocalizedText(
                    english: "Ask the recipient for their current address in some other way; sending again unchanged will fail again.",
                    german: "Fragen Sie den Empfänger auf anderem Weg nach seiner aktuellen Adresse; ein unveränderter erneuter Versand schlägt wieder fehl."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [550],
            enhanced: ReplyAdvice.Detail(1, 2),
            fault: Fault.recipient,
            cause: LocalizedText(
                english: "The domain of the recipient's address (the part after the @) does not exist or cannot receive mail.",
                german: "Die Domain der Empfängeradresse (der Teil nach dem @) existiert nicht oder kann keine E-Mails empfangen."
            ),
            steps: [
                CommonStep.checkRecipientSpelling,
                CommonStep.contactRecipientOtherWay,
            ]
        ),
        ReplyAdvice(
            basicCodes: [550],
            enhanced: ReplyAdvice.Detail(2, 1),
            fault: Fault.recipient,
            cause: LocalizedText(
                english: "The recipient's mailbox exists but has been disabled and does not accept messages, for example because the account was closed or left unused.",
                german: "Das Postfach des Empfängers existiert, ist aber gesperrt und nimmt keine Nachrichten an, etwa weil das Konto gekündigt oder lange nicht genutzt wurde."
            ),
            steps: [
                CommonStep.contactRecipientOtherWay,
                LocalizedText(
                    english: "Ask the recipient for an address they still use, and update your address book.",
                    german: "Fragen Sie den Empfänger nach einer Adresse, die er noch nutzt, und aktualisieren Sie Ihr Adressbuch."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [550],
            enhanced: ReplyAdvice.Detail(7, 1),
            fault: Fault.receivingPolicy,
            cause: LocalizedText(
                english: "A rule of the receiving side refused the message: most often the server will not pass on mail for a sender who has not logged in (\"relaying denied\"), or the sender, its server or the message was judged as unwanted.",
                german: "Eine Regel der Empfängerseite hat die Nachricht abgelehnt: Meist leitet der Server keine E-Mails für Absender weiter, die nicht angemeldet sind („Relaying denied“), oder Absender, Server oder Nachricht wurden als unerwünscht eingestuft."
            ),
            steps: [
                LocalizedText(
                    english: "If the text mentions relay or relaying: your mail program is not logged in to its outgoing server. Turn on \"My outgoing server (SMTP) requires authentication\" and use port 587 with STARTTLS, or port 465 with SSL/TLS.",
                    german: "Erwähnt der Text Relay oder Relaying, ist Ihr Mailprogramm nicht am Postausgangsserver angemeldet. Schalten Sie „Der Postausgangsserver (SMTP) erfordert Authentifizierung“ ein und verwenden Sie Port 587 mit STARTTLS oder Port 465 mit SSL/TLS."
                ),
                LocalizedText(
                    english: "If it mentions spam, a block list or reputation: check whether the sending IP address is listed (the text often links to the list) and ask your provider to have it removed.",
                    german: "Erwähnt er Spam, eine Sperrliste oder den Ruf: Prüfen Sie, ob die sendende IP-Adresse gelistet ist (der Text verweist oft auf die Liste), und bitten Sie Ihren Anbieter, sie austragen zu lassen."
                ),
                LocalizedText(
                    english: "Otherwise the recipient or their organisation may be blocking you; ask them by other means to allow your address.",
                    german: "Andernfalls blockiert Sie vielleicht der Empfänger oder seine Organisation; bitten Sie ihn auf anderem Weg, Ihre Adresse zuzulassen."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [550, 554],
            enhanced: ReplyAdvice.Detail(7, 0),
            fault: Fault.receivingPolicy,
            cause: LocalizedText(
                english: "The receiving side refused the message for a security or policy reason that it does not spell out further.",
                german: "Die Empfängerseite hat die Nachricht aus einem Sicherheits- oder Richtliniengrund abgelehnt, den sie nicht näher nennt."
            ),
            steps: [
                CommonStep.readReplyText,
                LocalizedText(
                    english: "If the text mentions spam, a block list, SPF, DKIM or DMARC, ask your provider for help; if it mentions relaying or authentication, log in to your outgoing server (port 587 with STARTTLS, or port 465 with SSL/TLS).",
                    german: "Erwähnt der Text Spam, eine Sperrliste, SPF, DKIM oder DMARC, bitten Sie Ihren Anbieter um Hilfe; erwähnt er Relaying oder Authentifizierung, melden Sie sich am Postausgangsserver an (Port 587 mit STARTTLS oder Port 465 mit SSL/TLS)."
                ),
                CommonStep.contactRecipientOtherWay,
            ]
        ),
        ReplyAdvice(
            basicCodes: [550],
            enhanced: ReplyAdvice.Detail(7, 23),
            fault: Fault.receivingPolicy,
            cause: LocalizedText(
                english: "The SPF check failed: the server that sent the message is not on the list of servers that the sender's domain allows to send for it, and the receiving side rejects such mail.",
                german: "Die SPF-Prüfung ist fehlgeschlagen: Der Server, der die Nachricht gesendet hat, steht nicht auf der Liste der Server, die die Absenderdomain für sich senden lässt, und die Empfängerseite lehnt solche E-Mails ab."
            ),
            steps: [
                CommonStep.sendThroughProvider,
                LocalizedText(
                    english: "If the domain is yours, add the service you send through to the domain's SPF record (the provider's help pages give the exact entry).",
                    german: "Gehört die Domain Ihnen, nehmen Sie den Dienst, über den Sie senden, in den SPF-Eintrag der Domain auf (die Hilfeseiten des Anbieters nennen den genauen Eintrag)."
                ),
                LocalizedText(
                    english: "If the mail was forwarded automatically from another address, ask the forwarding side to rewrite the sender address when forwarding, or have the recipient use their new address directly.",
                    german: "Wurde die E-Mail automatisch von einer anderen Adresse weitergeleitet, bitten Sie die weiterleitende Seite, beim Weiterleiten die Absenderadresse umzuschreiben, oder lassen Sie den Empfänger direkt seine neue Adresse nutzen."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [550],
            enhanced: ReplyAdvice.Detail(7, 26),
            fault: Fault.receivingPolicy,
            cause: LocalizedText(
                english: "The message failed more than one of the checks that confirm where it comes from (such as SPF, DKIM and DMARC), so the receiving side treats it as possibly forged.",
                german: "Die Nachricht ist bei mehr als einer der Prüfungen durchgefallen, die ihre Herkunft bestätigen (etwa SPF, DKIM und DMARC), daher hält die Empfängerseite sie für möglicherweise gefälscht."
            ),
            steps: [
                CommonStep.sendThroughProvider,
                CommonStep.fixSenderDomainAuthentication,
                LocalizedText(
                    english: "If the From address belongs to someone else's domain (for example a large free-mail provider) but you send through another service, use an address of your own domain instead.",
                    german: "Gehört die Absenderadresse zu einer fremden Domain (etwa eines großen Freemail-Anbieters), Sie senden aber über einen anderen Dienst, verwenden Sie stattdessen eine Adresse Ihrer eigenen Domain."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [550],
            enhanced: ReplyAdvice.Detail(7, 20),
            fault: Fault.receivingPolicy,
            cause: LocalizedText(
                english: "The receiving side requires a valid DKIM signature (a digital seal showing the message really comes from the sender's domain), and the message had none that passed.",
                german: "Die Empfängerseite verlangt eine gültige DKIM-Signatur (ein digitales Siegel, das zeigt, dass die Nachricht wirklich von der Absenderdomain stammt), und die Nachricht hatte keine, die die Prüfung bestand."
            ),
            steps: [
                CommonStep.fixSenderDomainAuthentication,
                CommonStep.sendThroughProvider,
                LocalizedText(
                    english: "Signatures also break when something changes the message on the way (a mailing list adding a footer, a scanner rewriting links); try sending directly.",
                    german: "Signaturen brechen auch, wenn etwas die Nachricht unterwegs verändert (eine Mailingliste fügt eine Fußzeile an, ein Scanner schreibt Links um); versuchen Sie es mit direktem Versand."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [550],
            enhanced: ReplyAdvice.Detail(7, 22),
            fault: Fault.receivingPolicy,
            cause: LocalizedText(
                english: "The message was signed with DKIM (a digital seal of origin), but not by the domain in its From address, which the receiving side requires.",
                german: "Die Nachricht war mit DKIM (einem digitalen Herkunftssiegel) signiert, aber nicht von der Domain in ihrer Absenderadresse, was die Empfängerseite verlangt."
            ),
            steps: [
                CommonStep.fixSenderDomainAuthentication,
                LocalizedText(
                    english: "If a newsletter or ticket service sends in your name, set it up to sign with your own domain (its help pages call this domain authentication).",
                    german: "Sendet ein Newsletter- oder Ticketdienst in Ihrem Namen, richten Sie ihn so ein, dass er mit Ihrer eigenen Domain signiert (seine Hilfeseiten nennen das meist Domain-Authentifizierung)."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [550],
            enhanced: ReplyAdvice.Detail(7, 25),
            fault: Fault.receivingPolicy,
            cause: LocalizedText(
                english: "The sending server's IP address has no matching name in the DNS (reverse DNS), and the receiving side refuses mail from such addresses.",
                german: "Die IP-Adresse des sendenden Servers hat keinen passenden Namen im DNS (Reverse-DNS), und die Empfängerseite lehnt E-Mails von solchen Adressen ab."
            ),
            steps: [
                LocalizedText(
                    english: "If you run the sending server, ask whoever provides its IP address to set a reverse DNS name that matches the name the server introduces itself with.",
                    german: "Betreiben Sie den sendenden Server selbst, bitten Sie den Anbieter seiner IP-Adresse, einen Reverse-DNS-Namen einzutragen, der zum Namen passt, mit dem sich der Server vorstellt."
                ),
                CommonStep.sendThroughProvider,
            ]
        ),
        ReplyAdvice(
            basicCodes: [550],
            enhanced: ReplyAdvice.Detail(7, 27),
            fault: Fault.sender,
            cause: LocalizedText(
                english: "The domain of the sender address has declared that it never receives email (a null MX), so no reply or bounce could reach it, and the receiving side refuses such mail.",
                german: "Die Domain der Absenderadresse hat erklärt, dass sie keine E-Mails empfängt (Null-MX), also könnte sie keine Antwort oder Rückmeldung erreichen, und die Empfängerseite lehnt solche E-Mails ab."
            ),
            steps: [
                LocalizedText(
                    english: "Send from an address whose domain can receive mail.",
                    german: "Senden Sie von einer Adresse, deren Domain E-Mails empfangen kann."
                ),
                LocalizedText(
                    english: "If the domain is yours and should receive mail, replace its null MX record with real mail server entries.",
                    german: "Gehört die Domain Ihnen und soll sie E-Mails empfangen, ersetzen Sie ihren Null-MX-Eintrag durch echte Mailserver-Einträge."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [550],
            enhanced: ReplyAdvice.Detail(1, 10),
            fault: Fault.recipient,
            cause: LocalizedText(
                english: "The recipient's domain has declared that it never accepts email (a null MX), so this address cannot receive mail at all.",
                german: "Die Domain des Empfängers hat erklärt, dass sie keine E-Mails annimmt (Null-MX), daher kann diese Adresse grundsätzlich nichts empfangen."
            ),
            steps: [
                CommonStep.checkRecipientSpelling,
                LocalizedText(
                    english: "Ask the recipient for an address that can receive mail; sending again to this one will always fail.",
                    german: "Fragen Sie den Empfänger nach einer Adresse, die E-Mails empfangen kann; ein erneuter Versand an diese schlägt immer fehl."
                ),
            ]
        ),

        // MARK: 551, user not local

        ReplyAdvice(
            basicCodes: [551],
            enhanced: nil,
            fault: Fault.recipient,
            cause: LocalizedText(
                english: "The recipient is not on this server, and the server will not forward the message; the reply may name another address to try.",
                german: "Der Empfänger ist nicht auf diesem Server, und der Server leitet die Nachricht nicht weiter; die Antwort nennt möglicherweise eine andere Adresse, die man versuchen kann."
            ),
            steps: [
                CommonStep.readReplyText,
                LocalizedText(
                    english: "If a new address is named, check it with the recipient and send the message there.",
                    german: "Wird eine neue Adresse genannt, klären Sie sie mit dem Empfänger und senden Sie die Nachricht dorthin."
                ),
                CommonStep.contactRecipientOtherWay,
            ]
        ),
        ReplyAdvice(
            basicCodes: [551],
            enhanced: ReplyAdvice.Detail(1, 6),
            fault: Fault.recipient,
            cause: LocalizedText(
                english: "The recipient's address used to work but no longer accepts mail, and no forwarding address is known.",
                german: "Die Empfängeradresse war früher gültig, nimmt aber keine E-Mails mehr an, und eine Weiterleitungsadresse ist nicht bekannt."
            ),
            steps: [
                LocalizedText(
                    english: "Ask the recipient for their new address in some other way, and update your address book.",
                    german: "Fragen Sie den Empfänger auf anderem Weg nach seiner neuen Adresse und aktualisieren Sie Ihr Adressbuch."
                ),
                CommonStep.readReplyText,
            ]
        ),

        // MARK: 552, storage allocation exceeded

        ReplyAdvice(
            basicCodes: [552],
            enhanced: nil,
            fault: Fault.unclear,
            cause: LocalizedText(
                english: "A storage limit was exceeded: either the message is too big, or the recipient's mailbox is full.",
                german: "Eine Speichergrenze wurde überschritten: Entweder ist die Nachricht zu groß, oder das Postfach des Empfängers ist voll."
            ),
            steps: [
                CommonStep.readReplyText,
                CommonStep.shareLargeFiles,
                CommonStep.contactRecipientOtherWay,
            ]
        ),
        ReplyAdvice(
            basicCodes: [552, 554],
            enhanced: ReplyAdvice.Detail(3, 4),
            fault: Fault.sender,
            cause: LocalizedText(
                english: "The message is larger than the receiving server accepts. Attachments grow by about a third when they are sent, so a file that looks small enough may still be too big.",
                german: "Die Nachricht ist größer, als der empfangende Server annimmt. Anhänge werden beim Versand um etwa ein Drittel größer, daher kann eine Datei, die klein genug aussieht, trotzdem zu groß sein."
            ),
            steps: [
                CommonStep.shareLargeFiles,
                LocalizedText(
                    english: "Split the attachments over several messages, or compress photos before attaching them.",
                    german: "Verteilen Sie die Anhänge auf mehrere Nachrichten oder verkleinern Sie Fotos vor dem Anhängen."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [552],
            enhanced: ReplyAdvice.Detail(2, 2),
            fault: Fault.recipient,
            cause: LocalizedText(
                english: "The recipient's mailbox is full, so there is no room for your message.",
                german: "Das Postfach des Empfängers ist voll, für Ihre Nachricht ist kein Platz."
            ),
            steps: [
                CommonStep.contactRecipientOtherWay,
                LocalizedText(
                    english: "Send again once the recipient has made room; a smaller message without attachments may also get through.",
                    german: "Senden Sie erneut, sobald der Empfänger Platz geschaffen hat; eine kleinere Nachricht ohne Anhänge kann auch durchkommen."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [552],
            enhanced: ReplyAdvice.Detail(2, 3),
            fault: Fault.sender,
            cause: LocalizedText(
                english: "The message is larger than this particular mailbox accepts, even if the server as a whole would take it.",
                german: "Die Nachricht ist größer, als dieses Postfach annimmt, auch wenn der Server sie insgesamt annehmen würde."
            ),
            steps: [
                CommonStep.shareLargeFiles,
                CommonStep.contactRecipientOtherWay,
            ]
        ),

        // MARK: 553, mailbox name not allowed

        ReplyAdvice(
            basicCodes: [553],
            enhanced: nil,
            fault: Fault.sender,
            cause: LocalizedText(
                english: "An address in the message was not allowed, most often the sender address: it is malformed, or your account may not send with it.",
                german: "Eine Adresse der Nachricht war nicht zulässig, meist die Absenderadresse: Sie ist falsch geschrieben, oder Ihr Konto darf nicht mit ihr senden."
            ),
            steps: [
                LocalizedText(
                    english: "Send from the address that belongs to the account you log in with.",
                    german: "Senden Sie von der Adresse, die zu dem Konto gehört, mit dem Sie sich anmelden."
                ),
                CommonStep.checkRecipientSpelling,
                CommonStep.readReplyText,
            ]
        ),
        ReplyAdvice(
            basicCodes: [553],
            enhanced: ReplyAdvice.Detail(1, 7),
            fault: Fault.sender,
            cause: LocalizedText(
                english: "The sender address was refused: it is not written in a valid form, or the server does not allow it to be used here.",
                german: "Die Absenderadresse wurde abgelehnt: Sie ist nicht gültig geschrieben, oder der Server erlaubt nicht, sie hier zu verwenden."
            ),
            steps: [
                LocalizedText(
                    english: "In the account settings, check the email address: it must be complete, like name@example.com, without spaces or a display name mixed in.",
                    german: "Prüfen Sie in den Kontoeinstellungen die E-Mail-Adresse: Sie muss vollständig sein, etwa name@example.com, ohne Leerzeichen und ohne eingemischten Anzeigenamen."
                ),
                LocalizedText(
                    english: "Send from the address that belongs to the account you log in with.",
                    german: "Senden Sie von der Adresse, die zu dem Konto gehört, mit dem Sie sich anmelden."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [553],
            enhanced: ReplyAdvice.Detail(1, 3),
            fault: Fault.sender,
            cause: LocalizedText(
                english: "An address of the message, the sender's or a recipient's, is not written in a form the server accepts.",
                german: "Eine Adresse der Nachricht, die des Absenders oder eines Empfängers, ist nicht in einer Form geschrieben, die der Server akzeptiert."
            ),
            steps: [
                CommonStep.checkRecipientSpelling,
                LocalizedText(
                    english: "In the account settings, check that your own email address is complete, like name@example.com, without spaces.",
                    german: "Prüfen Sie in den Kontoeinstellungen, ob Ihre eigene E-Mail-Adresse vollständig ist, etwa name@example.com, ohne Leerzeichen."
                ),
                LocalizedText(
                    english: "Addresses copied from documents often carry hidden characters or brackets; type the address in again by hand.",
                    german: "Aus Dokumenten kopierte Adressen enthalten oft versteckte Zeichen oder Klammern; tippen Sie die Adresse neu von Hand ein."
                ),
            ]
        ),
        ReplyAdvice(
            basicCodes: [553],
            enhanced: ReplyAdvice.Detail(7, 1),
            fault: Fault.sender,
            cause: LocalizedText(
                english: "The sender address is not allowed for the account you are logged in with, for example because you send as another address or from a domain the provider does not know you own.",
                german: "Die Absenderadresse ist für das Konto, mit dem Sie angemeldet sind, nicht zugelassen, etwa weil Sie mit einer anderen Adresse senden oder mit einer Domain, die der Anbieter Ihnen nicht zuordnet."
            ),
            steps: [
                LocalizedText(
                    english: "Send from the address that belongs to the account you log in with.",
                    german: "Senden Sie von der Adresse, die zu dem Konto gehört, mit dem Sie sich anmelden."
                ),
                LocalizedText(
                    english: "To send as another address, first add and confirm it with your provider (often called an alias or additional identity).",
                    german: "Um mit einer anderen Adresse zu senden, fügen Sie sie zuerst bei Ihrem Anbieter hinzu und bestätigen Sie sie (oft Alias oder weitere Identität genannt)."
                ),
                LocalizedText(
                    english: "If you have several accounts, make sure each identity in the mail program uses its own provider's outgoing server.",
                    german: "Haben Sie mehrere Konten, achten Sie darauf, dass jede Identität im Mailprogramm den Postausgangsserver ihres eigenen Anbieters nutzt."
                ),
            ]
        ),

        // MARK: 554, transaction failed

        ReplyAdvice(
            basicCodes: [554],
            enhanced: nil,
            fault: Fault.unclear,
            cause: LocalizedText(
                english: "The receiving server refused the message or the connection for good, often because of a policy such as spam protection; as the very first reply it means the server serves no mail to this sender.",
                german: "Der empfangende Server hat die Nachricht oder die Verbindung endgültig abgelehnt, oft wegen einer Richtlinie wie dem Spamschutz; als allererste Antwort heißt es, dass der Server für diesen Absender keinen Maildienst anbietet."
            ),
            steps: [
                CommonStep.readReplyText,
                LocalizedText(
                    english: "If the text mentions spam, a block list or reputation, check whether the sending IP address is listed and ask your provider to have it removed.",
                    german: "Erwähnt der Text Spam, eine Sperrliste oder den Ruf, prüfen Sie, ob die sendende IP-Adresse gelistet ist, und bitten Sie Ihren Anbieter, sie austragen zu lassen."
                ),
                CommonStep.contactRecipientOtherWay,
            ]
        ),
        ReplyAdvice(
            basicCodes: [554],
            enhanced: ReplyAdvice.Detail(7, 1),
            fault: Fault.receivingPolicy,
            cause: LocalizedText(
                english: "The receiving side rejected the message by policy: it was judged as spam, the sending server is on a block list, or the server will not pass on mail for a sender who has not logged in.",
                german: "Die Empfängerseite hat die Nachricht durch eine Richtlinie abgelehnt: Sie wurde als Spam eingestuft, der sendende Server steht auf einer Sperrliste, oder der Server leitet keine E-Mails für nicht angemeldete Absender weiter."
            ),
            steps: [
                LocalizedText(
                    english: "If the text mentions relay or access denied: turn on \"My outgoing server (SMTP) requires authentication\" and use port 587 with STARTTLS, or port 465 with SSL/TLS.",
                    german: "Erwähnt der Text Relay oder „access denied“: Schalten Sie „Der Postausgangsserver (SMTP) erfordert Authentifizierung“ ein und verwenden Sie Port 587 mit STARTTLS oder Port 465 mit SSL/TLS."
                ),
                LocalizedText(
                    english: "If it names a block list, look up the sending IP address on that list's website (the text often links to it) and ask your provider to have it removed.",
                    german: "Nennt er eine Sperrliste, suchen Sie die sendende IP-Adresse auf der Website dieser Liste (der Text verweist oft darauf), und bitten Sie Ihren Anbieter, sie austragen zu lassen."
                ),
                LocalizedText(
                    english: "Avoid what spam filters dislike: link shorteners, messages that are only an image, and unusual attachments; then send a short plain message to test.",
                    german: "Vermeiden Sie, was Spamfilter nicht mögen: Linkverkürzer, Nachrichten, die nur aus einem Bild bestehen, und ungewöhnliche Anhänge; senden Sie dann zum Test eine kurze, einfache Nachricht."
                ),
                CommonStep.contactRecipientOtherWay,
            ]
        ),
        ReplyAdvice(
            basicCodes: [554],
            enhanced: ReplyAdvice.Detail(6, 0),
            fault: Fault.sender,
            cause: LocalizedText(
                english: "The receiving server refused the message because of its content, for example an attachment type it blocks (such as programs or documents with macros) or something its virus or spam filter flagged.",
                german: "Der empfangende Server hat die Nachricht wegen ihres Inhalts abgelehnt, etwa wegen eines gesperrten Anhangstyps (wie Programme oder Dokumente mit Makros) oder weil sein Viren- oder Spamfilter Alarm geschlagen hat."
            ),
            steps: [
                LocalizedText(
                    english: "Remove the attachment and share the file through a download link instead; packing it into a ZIP file often does not help.",
                    german: "Entfernen Sie den Anhang und teilen Sie die Datei stattdessen über einen Download-Link; das Verpacken in eine ZIP-Datei hilft oft nicht."
                ),
                LocalizedText(
                    english: "Send a short message without attachments to find out whether the content is the problem.",
                    german: "Senden Sie eine kurze Nachricht ohne Anhänge, um herauszufinden, ob der Inhalt das Problem ist."
                ),
                CommonStep.readReplyText,
            ]
        ),

        // MARK: 555, MAIL FROM/RCPT TO parameters not recognised

        ReplyAdvice(
            basicCodes: [555],
            enhanced: nil,
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The sending program added an option to the sender or recipient address that the server does not recognise or support.",
                german: "Das sendende Programm hat der Absender- oder Empfängeradresse eine Option angehängt, die der Server nicht kennt oder nicht unterstützt."
            ),
            steps: [
                LocalizedText(
                    english: "Turn off special sending options such as delivery status notifications or read receipts, and send again.",
                    german: "Schalten Sie besondere Versandoptionen wie Zustellbenachrichtigungen oder Lesebestätigungen aus und senden Sie erneut."
                ),
                CommonStep.updateClient,
            ]
        ),
        ReplyAdvice(
            basicCodes: [555],
            enhanced: ReplyAdvice.Detail(5, 4),
            fault: Fault.sendingClient,
            cause: LocalizedText(
                english: "The sending program used an option with MAIL FROM or RCPT TO (such as a size, delivery-report or international-address option) that the server did not offer.",
                german: "Das sendende Programm hat bei MAIL FROM oder RCPT TO eine Option verwendet (etwa für Größe, Zustellbericht oder internationale Adressen), die der Server nicht angeboten hat."
            ),
            steps: [
                LocalizedText(
                    english: "Turn off special sending options such as delivery status notifications or read receipts, and send again.",
                    german: "Schalten Sie besondere Versandoptionen wie Zustellbenachrichtigungen oder Lesebestätigungen aus und senden Sie erneut."
                ),
                LocalizedText(
                    english: "If you run or develop the sending program, make it use only the extensions the server lists in its reply to EHLO.",
                    german: "Betreiben oder entwickeln Sie das sendende Programm, sorgen Sie dafür, dass es nur die Erweiterungen nutzt, die der Server in seiner Antwort auf EHLO nennt."
                ),
                CommonStep.updateClient,
            ]
        ),

        // MARK: 556, domain does not accept mail

        ReplyAdvice(
            basicCodes: [556],
            enhanced: nil,
            fault: Fault.recipient,
            cause: LocalizedText(
                english: "The domain of the recipient's address does not accept mail at all.",
                german: "Die Domain der Empfängeradresse nimmt grundsätzlich keine E-Mails an."
            ),
            steps: [
                CommonStep.checkRecipientSpelling,
                CommonStep.contactRecipientOtherWay,
            ]
        ),
        ReplyAdvice(
            basicCodes: [556],
            enhanced: ReplyAdvice.Detail(1, 10),
            fault: Fault.recipient,
            cause: LocalizedText(
                english: "The recipient's domain has declared that it never accepts email (a null MX), so this address cannot receive mail at all.",
                german: "Die Domain des Empfängers hat erklärt, dass sie keine E-Mails annimmt (Null-MX), daher kann diese Adresse grundsätzlich nichts empfangen."
            ),
            steps: [
                CommonStep.checkRecipientSpelling,
                LocalizedText(
                    english: "Ask the recipient for an address that can receive mail; sending again to this one will always fail.",
                    german: "Fragen Sie den Empfänger nach einer Adresse, die E-Mails empfangen kann; ein erneuter Versand an diese schlägt immer fehl."
                ),
            ]
        ),
    ]
}
