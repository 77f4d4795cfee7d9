// The IANA "Simple Mail Transfer Protocol (SMTP) Enumerated Status Codes" registry, one
// entry per row and in the registry's order. `name`, `associatedBasicCodes` and `reference`
// are copied verbatim from the registry; the explanations are written for Postamt.

extension EnhancedStatusCode.Registry {
    /// Every row of the registry, in the registry's order.
    public static let entries: [Entry] = [
        Entry(
            subject: 0,
            detail: 0,
            name: "Other undefined Status",
            associatedBasicCodes: "Any",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The server reported a problem without saying what kind; only the first digit tells you whether it is temporary (4) or permanent (5). The text after the code usually gives the real reason.",
                german: "Der Server meldet ein Problem, ohne dessen Art zu nennen; nur die erste Ziffer verrät, ob es vorübergehend (4) oder dauerhaft (5) ist. Der Text nach dem Code nennt meist den eigentlichen Grund."
            )
        ),
        Entry(
            subject: 1,
            detail: 0,
            name: "Other address status",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "Something is wrong with one of the addresses of the message, but the server does not say exactly what. Check the recipient and sender addresses for typing mistakes.",
                german: "Mit einer der Adressen der Nachricht stimmt etwas nicht, der Server sagt aber nicht genau, was. Prüfen Sie Empfänger- und Absenderadresse auf Tippfehler."
            )
        ),
        Entry(
            subject: 1,
            detail: 1,
            name: "Bad destination mailbox address",
            associatedBasicCodes: "451, 550",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The recipient's address does not exist on the receiving mail server: the part before the @ is unknown there. Check the spelling, or ask the recipient for their current address.",
                german: "Die Empfängeradresse gibt es auf dem empfangenden Mailserver nicht: Der Teil vor dem @ ist dort unbekannt. Prüfen Sie die Schreibweise oder fragen Sie den Empfänger nach seiner aktuellen Adresse."
            )
        ),
        Entry(
            subject: 1,
            detail: 2,
            name: "Bad destination system address",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The domain of the recipient's address (the part after the @) does not exist or cannot receive email. Check it for typing mistakes, such as a misspelt provider name.",
                german: "Die Domain der Empfängeradresse (der Teil nach dem @) existiert nicht oder kann keine E-Mails empfangen. Prüfen Sie sie auf Tippfehler, etwa einen falsch geschriebenen Anbieternamen."
            )
        ),
        Entry(
            subject: 1,
            detail: 3,
            name: "Bad destination mailbox address syntax",
            associatedBasicCodes: "501",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The recipient's address is not written in a valid form, for example it contains a space, lacks the @ or has stray characters. Correct the address and send the message again.",
                german: "Die Empfängeradresse ist nicht gültig geschrieben, sie enthält zum Beispiel ein Leerzeichen, es fehlt das @ oder es stehen unzulässige Zeichen darin. Korrigieren Sie die Adresse und senden Sie die Nachricht erneut."
            )
        ),
        Entry(
            subject: 1,
            detail: 4,
            name: "Destination mailbox address ambiguous",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The recipient's address matches more than one mailbox on the receiving system, so the server cannot tell who should get the message. Use the recipient's exact, complete address.",
                german: "Die Empfängeradresse passt auf dem Zielsystem zu mehr als einem Postfach, daher weiß der Server nicht, wer die Nachricht erhalten soll. Verwenden Sie die genaue, vollständige Adresse des Empfängers."
            )
        ),
        Entry(
            subject: 1,
            detail: 5,
            name: "Destination address valid",
            associatedBasicCodes: "250",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "Good news: the recipient's address was accepted as valid. This code appears in success replies and in delivery confirmations.",
                german: "Gute Nachricht: Die Empfängeradresse wurde als gültig angenommen. Dieser Code erscheint in Erfolgsmeldungen und Zustellbestätigungen."
            )
        ),
        Entry(
            subject: 1,
            detail: 6,
            name: "Destination mailbox has moved, No forwarding address",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The recipient's address used to work but no longer accepts mail, and no new address is known. Ask the recipient for their new address by some other way.",
                german: "Die Empfängeradresse war früher gültig, nimmt aber keine E-Mails mehr an, und eine neue Adresse ist nicht bekannt. Fragen Sie den Empfänger auf anderem Weg nach seiner neuen Adresse."
            )
        ),
        Entry(
            subject: 1,
            detail: 7,
            name: "Bad sender's mailbox address syntax",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The sender address (the address the message is sent from) is not written in a valid form. Check the email address entered in your mail program or account settings.",
                german: "Die Absenderadresse (die Adresse, von der aus gesendet wird) ist nicht gültig geschrieben. Prüfen Sie die E-Mail-Adresse, die in Ihrem Mailprogramm oder in den Kontoeinstellungen eingetragen ist."
            )
        ),
        Entry(
            subject: 1,
            detail: 8,
            name: "Bad sender's system address",
            associatedBasicCodes: "451, 501",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The domain of the sender address (the part after the @) does not exist or cannot receive replies, so the message is refused. Check the sender address; if the domain is yours, its entries in the DNS (the internet's directory that says where its mail goes) may be missing.",
                german: "Die Domain der Absenderadresse (der Teil nach dem @) existiert nicht oder kann keine Antworten empfangen, daher wird die Nachricht abgelehnt. Prüfen Sie die Absenderadresse; gehört die Domain Ihnen, fehlen vielleicht ihre Einträge im DNS (dem Verzeichnis des Internets, das festlegt, wohin ihre E-Mails gehen)."
            )
        ),
        Entry(
            subject: 1,
            detail: 9,
            name: "Message relayed to non-compliant mailer",
            associatedBasicCodes: "Not given",
            reference: "[RFC3886] (Standards Track)",
            explanation: LocalizedText(
                english: "The address was valid, but the message was handed on to a system that cannot send back delivery reports, so nothing more is known about its final delivery.",
                german: "Die Adresse war gültig, aber die Nachricht wurde an ein System weitergereicht, das keine Zustellberichte zurückschicken kann; über die endgültige Zustellung ist daher nichts weiter bekannt."
            )
        ),
        Entry(
            subject: 1,
            detail: 10,
            name: "Recipient address has null MX",
            associatedBasicCodes: "556",
            reference: "[RFC7505] (Standards Track); [RFC7504] (Standards Track)",
            explanation: LocalizedText(
                english: "The recipient's domain has declared in the DNS that it never accepts email (a so-called null MX), so this address cannot receive mail at all. Use another address for this recipient.",
                german: "Die Domain des Empfängers hat im DNS ausdrücklich erklärt, dass sie keine E-Mails annimmt (ein sogenannter Null-MX), daher kann diese Adresse grundsätzlich nichts empfangen. Verwenden Sie eine andere Adresse für diesen Empfänger."
            )
        ),
        Entry(
            subject: 2,
            detail: 0,
            name: "Other or undefined mailbox status",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The recipient's mailbox exists, but something about it prevented delivery, and the server gives no details. The text after the code, or the recipient's provider, may tell you more.",
                german: "Das Postfach des Empfängers existiert, aber etwas daran hat die Zustellung verhindert, und der Server nennt keine Einzelheiten. Der Text nach dem Code oder der Anbieter des Empfängers kann mehr dazu sagen."
            )
        ),
        Entry(
            subject: 2,
            detail: 1,
            name: "Mailbox disabled, not accepting messages",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The recipient's mailbox exists but has been switched off and is not taking messages, possibly only for a while. Try again later or reach the recipient some other way.",
                german: "Das Postfach des Empfängers existiert, ist aber gesperrt und nimmt keine Nachrichten an, möglicherweise nur vorübergehend. Versuchen Sie es später erneut oder erreichen Sie den Empfänger auf anderem Weg."
            )
        ),
        Entry(
            subject: 2,
            detail: 2,
            name: "Mailbox full",
            associatedBasicCodes: "552",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The recipient's mailbox is full, so there is no room for your message. The recipient has to delete old mail; sending again later may then work.",
                german: "Das Postfach des Empfängers ist voll, für Ihre Nachricht ist kein Platz. Der Empfänger muss alte E-Mails löschen; ein späterer erneuter Versand kann dann klappen."
            )
        ),
        Entry(
            subject: 2,
            detail: 3,
            name: "Message length exceeds administrative limit",
            associatedBasicCodes: "552",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "Your message is larger than this particular mailbox accepts. Send it again without large attachments, or share big files through a download link.",
                german: "Ihre Nachricht ist größer, als dieses Postfach annimmt. Senden Sie sie ohne große Anhänge erneut oder teilen Sie große Dateien über einen Download-Link."
            )
        ),
        Entry(
            subject: 2,
            detail: 4,
            name: "Mailing list expansion problem",
            associatedBasicCodes: "450, 452",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The recipient is a mailing list, and the server could not work out who is on it. The list's owner has to fix this; you can try again later.",
                german: "Der Empfänger ist eine Mailingliste, und der Server konnte nicht ermitteln, wer darauf steht. Das muss der Betreiber der Liste beheben; Sie können es später erneut versuchen."
            )
        ),
        Entry(
            subject: 3,
            detail: 0,
            name: "Other or undefined mail system status",
            associatedBasicCodes: "221, 250, 421, 451, 550, 554",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The receiving mail server normally works, but something on it stopped this message, and the code does not say what. The temporary form (4.3.0) usually clears up when the message is sent again later; the permanent form (5.3.0) needs the server's operator.",
                german: "Der empfangende Mailserver funktioniert normalerweise, doch etwas auf ihm hat diese Nachricht aufgehalten, und der Code sagt nicht, was. Die vorübergehende Form (4.3.0) erledigt sich meist bei einem späteren erneuten Versand; die dauerhafte Form (5.3.0) muss der Betreiber des Servers klären."
            )
        ),
        Entry(
            subject: 3,
            detail: 1,
            name: "Mail system full",
            associatedBasicCodes: "452",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The receiving server has run out of storage space as a whole, not just in one mailbox. Its operator has to fix this; sending again later usually works once space is free.",
                german: "Dem empfangenden Server ist insgesamt der Speicherplatz ausgegangen, nicht nur in einem Postfach. Das muss sein Betreiber beheben; ein späterer erneuter Versand klappt meist, sobald wieder Platz frei ist."
            )
        ),
        Entry(
            subject: 3,
            detail: 2,
            name: "System not accepting network messages",
            associatedBasicCodes: "453, 521",
            reference: "[RFC3463] (Standards Track); [RFC7504] (Standards Track)",
            explanation: LocalizedText(
                english: "The receiving server is not accepting mail, for example because it is shutting down, overloaded or being maintained; send again later. With a 5 in front (often with reply 521) the server does not accept mail at all.",
                german: "Der empfangende Server nimmt keine E-Mails an, etwa weil er herunterfährt, überlastet ist oder gewartet wird; senden Sie später erneut. Mit einer 5 vorne (oft mit der Antwort 521) nimmt der Server grundsätzlich keine E-Mails an."
            )
        ),
        Entry(
            subject: 3,
            detail: 3,
            name: "System not capable of selected features",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The message asks for a feature that the receiving system cannot provide, such as a special delivery option. Sending it without that option usually works.",
                german: "Die Nachricht verlangt eine Funktion, die das empfangende System nicht bietet, etwa eine besondere Zustelloption. Ohne diese Option klappt der Versand meist."
            )
        ),
        Entry(
            subject: 3,
            detail: 4,
            name: "Message too big for system",
            associatedBasicCodes: "552, 554",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "Your message is larger than the receiving server accepts for any message. Remove or shrink large attachments, or share the files through a download link.",
                german: "Ihre Nachricht ist größer, als der empfangende Server für eine Nachricht überhaupt zulässt. Entfernen oder verkleinern Sie große Anhänge oder teilen Sie die Dateien über einen Download-Link."
            )
        ),
        Entry(
            subject: 3,
            detail: 5,
            name: "System incorrectly configured",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The receiving server is set up in a way that keeps it from accepting this message. This is a fault on the server's side, and its operator has to correct the configuration.",
                german: "Der empfangende Server ist so eingerichtet, dass er diese Nachricht nicht annehmen kann. Das ist ein Fehler auf der Serverseite, und sein Betreiber muss die Einstellungen korrigieren."
            )
        ),
        Entry(
            subject: 3,
            detail: 6,
            name: "Requested priority was changed",
            associatedBasicCodes: "250 or 251",
            reference: "[RFC6710] (Standards Track)",
            explanation: LocalizedText(
                english: "The message was accepted, but not with the priority that was asked for; the text after the code names the priority actually used.",
                german: "Die Nachricht wurde angenommen, aber nicht mit der gewünschten Priorität; der Text nach dem Code nennt die tatsächlich verwendete Priorität."
            )
        ),
        Entry(
            subject: 4,
            detail: 0,
            name: "Other or undefined network or routing status",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "Something went wrong in the network on the way to the recipient, but it is not clear what. Such problems are often temporary, and the message may get through when sent again later.",
                german: "Auf dem Weg zum Empfänger ist im Netz etwas schiefgegangen, es ist aber unklar, was. Solche Probleme sind oft vorübergehend, und bei einem späteren erneuten Versand kann die Nachricht durchkommen."
            )
        ),
        Entry(
            subject: 4,
            detail: 1,
            name: "No answer from host",
            associatedBasicCodes: "451",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The next mail server on the way did not answer when a connection was attempted, perhaps because it was busy or down. Mail servers keep trying for a while, so this often clears up by itself.",
                german: "Der nächste Mailserver auf dem Weg hat auf den Verbindungsversuch nicht geantwortet, etwa weil er ausgelastet oder ausgefallen war. Mailserver versuchen es eine Weile weiter, daher löst sich das oft von selbst."
            )
        ),
        Entry(
            subject: 4,
            detail: 2,
            name: "Bad connection",
            associatedBasicCodes: "421",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "A connection to the other server was made but broke off or timed out before the message was completely sent. This is usually temporary; sending again later normally works.",
                german: "Die Verbindung zum anderen Server kam zustande, brach aber ab oder lief in eine Zeitüberschreitung, bevor die Nachricht vollständig übertragen war. Das ist meist vorübergehend; ein späterer erneuter Versand klappt normalerweise."
            )
        ),
        Entry(
            subject: 4,
            detail: 3,
            name: "Directory server failure",
            associatedBasicCodes: "451, 550",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "A server could not look up information it needs to deliver the message, most often because a DNS server (the internet's directory of names) could not be reached. This is usually temporary.",
                german: "Ein Server konnte Angaben, die er für die Zustellung braucht, nicht nachschlagen, meist weil ein DNS-Server (das Namensverzeichnis des Internets) nicht erreichbar war. Das ist in der Regel vorübergehend."
            )
        ),
        Entry(
            subject: 4,
            detail: 4,
            name: "Unable to route",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The mail system could not find out where to send mail for the recipient's domain, because the DNS holds no usable mail server entry for it. Check the domain for typing mistakes; if it is correct, the recipient's domain is set up wrongly.",
                german: "Das Mailsystem konnte nicht ermitteln, wohin E-Mails für die Domain des Empfängers gehen sollen, weil das DNS keinen brauchbaren Mailserver-Eintrag dafür enthält. Prüfen Sie die Domain auf Tippfehler; stimmt sie, ist die Domain des Empfängers falsch eingerichtet."
            )
        ),
        Entry(
            subject: 4,
            detail: 5,
            name: "Mail system congestion",
            associatedBasicCodes: "451",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The mail system is overloaded and could not deliver the message right now. This is temporary, and the message should get through when it is sent again later.",
                german: "Das Mailsystem ist überlastet und konnte die Nachricht gerade nicht zustellen. Das ist vorübergehend, und bei einem späteren erneuten Versand sollte sie durchkommen."
            )
        ),
        Entry(
            subject: 4,
            detail: 6,
            name: "Routing loop detected",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The message went round in a circle between servers or forwarding rules until it was stopped. Check for forwarding rules that point back at each other; otherwise the receiving side's administrator has to fix the routing.",
                german: "Die Nachricht ist zwischen Servern oder Weiterleitungsregeln im Kreis gelaufen, bis sie angehalten wurde. Prüfen Sie, ob Weiterleitungen aufeinander zurückverweisen; andernfalls muss der Administrator der Empfängerseite die Weiterleitung korrigieren."
            )
        ),
        Entry(
            subject: 4,
            detail: 7,
            name: "Delivery time expired",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The message could not be delivered for so long that the mail system gave up on it. The real cause is usually an earlier temporary problem, such as the recipient's server being unreachable; send it again later.",
                german: "Die Nachricht konnte so lange nicht zugestellt werden, dass das Mailsystem aufgegeben hat. Die eigentliche Ursache ist meist ein früheres vorübergehendes Problem, etwa ein nicht erreichbarer Server des Empfängers; senden Sie sie später erneut."
            )
        ),
        Entry(
            subject: 5,
            detail: 0,
            name: "Other or undefined protocol status",
            associatedBasicCodes: "220, 250, 251, 252, 253, 451, 452, 454, 458, 459, 501, 502, 503, 554",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "Something went wrong in the conversation between the two mail programs (the SMTP protocol), and the server gives no details. The text after the code usually says more.",
                german: "Bei der Verständigung zwischen den beiden Mailprogrammen (nach dem SMTP-Protokoll) ist etwas schiefgegangen, und der Server nennt keine Einzelheiten. Der Text nach dem Code sagt meist mehr."
            )
        ),
        Entry(
            subject: 5,
            detail: 1,
            name: "Invalid command",
            associatedBasicCodes: "430, 500, 501, 503, 530, 550, 554, 555",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The sending program used a command that the server does not support or that came at the wrong moment, for example trying to send before logging in. It usually points to a wrong setting or a faulty mail program.",
                german: "Das sendende Programm hat einen Befehl verwendet, den der Server nicht unterstützt oder der zur falschen Zeit kam, zum Beispiel ein Versand vor der Anmeldung. Das deutet meist auf eine falsche Einstellung oder ein fehlerhaftes Mailprogramm hin."
            )
        ),
        Entry(
            subject: 5,
            detail: 2,
            name: "Syntax error",
            associatedBasicCodes: "500, 501, 502, 550, 555",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The server could not understand a command from the sending program because it was malformed or unknown. The fault lies with the sending program or a device in between, not with your message.",
                german: "Der Server konnte einen Befehl des sendenden Programms nicht verstehen, weil er falsch aufgebaut oder unbekannt war. Der Fehler liegt beim sendenden Programm oder einem Gerät dazwischen, nicht bei Ihrer Nachricht."
            )
        ),
        Entry(
            subject: 5,
            detail: 3,
            name: "Too many recipients",
            associatedBasicCodes: "451",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The message has more recipients than the server accepts at once. Split the recipients into smaller groups and send several messages, or use a mailing list.",
                german: "Die Nachricht hat mehr Empfänger, als der Server auf einmal annimmt. Teilen Sie die Empfänger in kleinere Gruppen auf und senden Sie mehrere Nachrichten, oder nutzen Sie eine Mailingliste."
            )
        ),
        Entry(
            subject: 5,
            detail: 4,
            name: "Invalid command arguments",
            associatedBasicCodes: "451, 501, 502, 503, 504, 550, 555",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The sending program used a known command with a value or option the server does not accept, such as an unsupported extra parameter or login method. Usually a setting in the mail program has to be changed.",
                german: "Das sendende Programm hat einen bekannten Befehl mit einem Wert oder einer Option verwendet, die der Server nicht akzeptiert, etwa einem nicht unterstützten Zusatzparameter oder Anmeldeverfahren. Meist muss eine Einstellung im Mailprogramm geändert werden."
            )
        ),
        Entry(
            subject: 5,
            detail: 5,
            name: "Wrong protocol version",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The two mail programs use versions of the mail protocol that do not fit together, and they could not agree on one. Updating the sending program usually helps.",
                german: "Die beiden Mailprogramme verwenden Versionen des Mailprotokolls, die nicht zueinander passen, und konnten sich nicht einigen. Meist hilft eine Aktualisierung des sendenden Programms."
            )
        ),
        Entry(
            subject: 5,
            detail: 6,
            name: "Authentication Exchange line is too long",
            associatedBasicCodes: "500",
            reference: "[RFC4954] (Standards Track)",
            explanation: LocalizedText(
                english: "While logging in, the sending program sent a line longer than the server can handle. This is usually a fault in the mail program; choose another login method in its settings or update it.",
                german: "Bei der Anmeldung hat das sendende Programm eine Zeile geschickt, die länger ist, als der Server verarbeiten kann. Das ist meist ein Fehler des Mailprogramms; wählen Sie in dessen Einstellungen ein anderes Anmeldeverfahren oder aktualisieren Sie es."
            )
        ),
        Entry(
            subject: 6,
            detail: 0,
            name: "Other or undefined media error",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "Something about the content of the message, such as an attachment or its format, made it undeliverable; the server does not say exactly what. Try sending it without attachments or in a simpler form.",
                german: "Etwas am Inhalt der Nachricht, etwa ein Anhang oder das Format, hat die Zustellung verhindert; der Server sagt nicht genau, was. Versuchen Sie es ohne Anhänge oder in einfacherer Form."
            )
        ),
        Entry(
            subject: 6,
            detail: 1,
            name: "Media not supported",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The message contains a kind of content (for example an attachment format) that the receiving system cannot handle. Send it in a more common format or without that part.",
                german: "Die Nachricht enthält eine Art von Inhalt (etwa ein Anhangsformat), die das empfangende System nicht verarbeiten kann. Senden Sie sie in einem gängigeren Format oder ohne diesen Teil."
            )
        ),
        Entry(
            subject: 6,
            detail: 2,
            name: "Conversion required and prohibited",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The message would have to be converted into another format to be delivered, but converting it is not allowed, either by the message itself or by the rules of the sending server.",
                german: "Die Nachricht müsste für die Zustellung in ein anderes Format umgewandelt werden, doch das Umwandeln ist nicht erlaubt, entweder durch die Nachricht selbst oder durch die Regeln des sendenden Servers."
            )
        ),
        Entry(
            subject: 6,
            detail: 3,
            name: "Conversion required but not supported",
            associatedBasicCodes: "554",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "A server on the way would have to convert the message into another format, such as plain 7-bit text, and cannot do so. Sending it without special characters or attachments, or from another program, may help.",
                german: "Ein Server auf dem Weg müsste die Nachricht in ein anderes Format umwandeln, etwa in reinen 7-Bit-Text, und kann das nicht. Ein Versand ohne Sonderzeichen oder Anhänge oder aus einem anderen Programm kann helfen."
            )
        ),
        Entry(
            subject: 6,
            detail: 4,
            name: "Conversion with loss performed",
            associatedBasicCodes: "250",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The message was delivered, but it had to be converted on the way and some of its content was lost. The recipient may not see everything exactly as you sent it.",
                german: "Die Nachricht wurde zugestellt, musste unterwegs aber umgewandelt werden, wobei ein Teil des Inhalts verloren ging. Der Empfänger sieht möglicherweise nicht alles genau so, wie Sie es gesendet haben."
            )
        ),
        Entry(
            subject: 6,
            detail: 5,
            name: "Conversion Failed",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The message had to be converted into another format on the way, and the conversion failed. Try again later, or send it in a simpler form.",
                german: "Die Nachricht musste unterwegs in ein anderes Format umgewandelt werden, und dabei ist ein Fehler aufgetreten. Versuchen Sie es später erneut oder senden Sie sie in einfacherer Form."
            )
        ),
        Entry(
            subject: 6,
            detail: 6,
            name: "Message content not available",
            associatedBasicCodes: "554",
            reference: "[RFC4468] (Standards Track)",
            explanation: LocalizedText(
                english: "The server was supposed to fetch the message text from another server (for example from your mailbox) and could not get it. Try again; if that does not help, the provider's setup is at fault.",
                german: "Der Server sollte den Text der Nachricht von einem anderen Server holen (etwa aus Ihrem Postfach) und konnte ihn nicht abrufen. Versuchen Sie es erneut; hilft das nicht, liegt ein Einrichtungsfehler beim Anbieter vor."
            )
        ),
        Entry(
            subject: 6,
            detail: 7,
            name: "Non-ASCII addresses not permitted for that sender/recipient",
            associatedBasicCodes: "553, 550",
            reference: "[RFC6531] (Standards track)",
            explanation: LocalizedText(
                english: "An address contains characters outside the basic Latin alphabet (such as umlauts or other scripts), and this server does not accept such addresses. Use an address made only of plain characters, if the person has one.",
                german: "Eine Adresse enthält Zeichen außerhalb des einfachen lateinischen Alphabets (etwa Umlaute oder andere Schriften), und dieser Server nimmt solche Adressen nicht an. Verwenden Sie eine Adresse nur aus einfachen Zeichen, falls die Person eine hat."
            )
        ),
        Entry(
            subject: 6,
            detail: 8,
            name: "UTF-8 string reply is required, but not permitted by the SMTP client",
            associatedBasicCodes: "252, 553, 550",
            reference: "[RFC6531] (Standards track)",
            explanation: LocalizedText(
                english: "The server would have to answer with an address containing international characters, but the sending program did not say it can handle them. A newer mail program, or an address made only of plain characters, helps.",
                german: "Der Server müsste mit einer Adresse antworten, die internationale Zeichen enthält, doch das sendende Programm hat nicht angegeben, dass es damit umgehen kann. Ein neueres Mailprogramm oder eine Adresse nur aus einfachen Zeichen hilft."
            )
        ),
        Entry(
            subject: 6,
            detail: 9,
            name: "UTF-8 header message cannot be transferred to one or more recipients, so the message must be rejected",
            associatedBasicCodes: "550",
            reference: "[RFC6531] (Standards track)",
            explanation: LocalizedText(
                english: "The message has international characters in its header (for example in an address), and at least one recipient's system cannot receive such messages, so it was refused. Use addresses made only of plain characters for those recipients.",
                german: "Die Nachricht enthält im Kopfbereich internationale Zeichen (etwa in einer Adresse), und das System mindestens eines Empfängers kann solche Nachrichten nicht annehmen, daher wurde sie abgelehnt. Verwenden Sie für diese Empfänger Adressen nur aus einfachen Zeichen."
            )
        ),
        Entry(
            subject: 6,
            detail: 10,
            name: "",
            associatedBasicCodes: "",
            reference: "[RFC6531] (Standards track)",
            deprecation: "Duplicate of X.6.8; use X.6.8 instead.",
            explanation: LocalizedText(
                english: "A withdrawn duplicate of X.6.8: the server would have had to reply with international characters that the sending program does not accept. Servers should send X.6.8 instead.",
                german: "Ein zurückgezogenes Duplikat von X.6.8: Der Server hätte mit internationalen Zeichen antworten müssen, die das sendende Programm nicht akzeptiert. Server sollten stattdessen X.6.8 senden."
            )
        ),
        Entry(
            subject: 7,
            detail: 0,
            name: "Other or undefined security status",
            associatedBasicCodes: "220, 235, 450, 454, 500, 501, 503, 504, 530, 535, 550",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The message or command was refused for a security reason that the server does not spell out, for example a missing login or a blocked sender. The text after the code often names the actual reason.",
                german: "Die Nachricht oder der Befehl wurde aus einem Sicherheitsgrund abgelehnt, den der Server nicht näher nennt, etwa eine fehlende Anmeldung oder ein gesperrter Absender. Der Text nach dem Code nennt oft den eigentlichen Grund."
            )
        ),
        Entry(
            subject: 7,
            detail: 1,
            name: "Delivery not authorized, message refused",
            associatedBasicCodes: "451, 454, 502, 503, 533, 550, 551",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The receiving side's rules do not allow this message: for example the sending server is on a block list, the message looked like spam, or a server refuses to pass on mail for someone who has not logged in. The text after the code usually names the reason.",
                german: "Die Regeln der Empfängerseite lassen diese Nachricht nicht zu: Zum Beispiel steht der sendende Server auf einer Sperrliste, die Nachricht wirkte wie Spam, oder ein Server verweigert die Weiterleitung für jemanden, der sich nicht angemeldet hat. Der Text nach dem Code nennt meist den Grund."
            )
        ),
        Entry(
            subject: 7,
            detail: 2,
            name: "Mailing list expansion prohibited",
            associatedBasicCodes: "550",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "You are not allowed to send to this mailing list, for example because only its members may post. Ask the list's owner for permission, or subscribe first.",
                german: "Sie dürfen an diese Mailingliste nicht schreiben, etwa weil nur ihre Mitglieder Beiträge senden dürfen. Bitten Sie den Betreiber der Liste um Erlaubnis oder tragen Sie sich zuerst ein."
            )
        ),
        Entry(
            subject: 7,
            detail: 3,
            name: "Security conversion required but not possible",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The message is encrypted or signed in a way that would have to be converted into another security format for delivery, and that is not possible.",
                german: "Die Nachricht ist so verschlüsselt oder signiert, dass sie für die Zustellung in ein anderes Sicherheitsformat umgewandelt werden müsste, und das ist nicht möglich."
            )
        ),
        Entry(
            subject: 7,
            detail: 4,
            name: "Security features not supported",
            associatedBasicCodes: "504",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "The sending program asked for a security feature the server does not offer, most often a login method it does not support. Choose another authentication method in the mail program's settings, or let it choose automatically.",
                german: "Das sendende Programm hat eine Sicherheitsfunktion verlangt, die der Server nicht bietet, meist ein nicht unterstütztes Anmeldeverfahren. Wählen Sie in den Einstellungen des Mailprogramms ein anderes Anmeldeverfahren oder lassen Sie es automatisch wählen."
            )
        ),
        Entry(
            subject: 7,
            detail: 5,
            name: "Cryptographic failure",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "A server that was meant to decrypt or check the message's encryption could not do so, because a key was missing or invalid.",
                german: "Ein Server, der die Verschlüsselung der Nachricht aufheben oder prüfen sollte, konnte das nicht, weil ein Schlüssel fehlte oder ungültig war."
            )
        ),
        Entry(
            subject: 7,
            detail: 6,
            name: "Cryptographic algorithm not supported",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "A server that was meant to decrypt or check the message could not do so, because it does not support the encryption method that was used.",
                german: "Ein Server, der die Nachricht entschlüsseln oder prüfen sollte, konnte das nicht, weil er das verwendete Verschlüsselungsverfahren nicht unterstützt."
            )
        ),
        Entry(
            subject: 7,
            detail: 7,
            name: "Message integrity failure",
            associatedBasicCodes: "Not given",
            reference: "[RFC3463] (Standards Track)",
            explanation: LocalizedText(
                english: "A check showed that the message was damaged or changed on the way, so it could not be verified.",
                german: "Eine Prüfung hat ergeben, dass die Nachricht unterwegs beschädigt oder verändert wurde, daher konnte sie nicht bestätigt werden."
            )
        ),
        Entry(
            subject: 7,
            detail: 8,
            name: "Authentication credentials invalid",
            associatedBasicCodes: "535, 554",
            reference: "[RFC4954] (Standards Track)",
            explanation: LocalizedText(
                english: "Logging in to the mail server failed because the user name or password is wrong. Enter both again in the mail program; the user name is usually your full email address, and some providers require a separate app password.",
                german: "Die Anmeldung am Mailserver ist fehlgeschlagen, weil Benutzername oder Passwort falsch sind. Geben Sie beides im Mailprogramm erneut ein; der Benutzername ist meist Ihre vollständige E-Mail-Adresse, und manche Anbieter verlangen ein eigenes App-Passwort."
            )
        ),
        Entry(
            subject: 7,
            detail: 9,
            name: "Authentication mechanism is too weak",
            associatedBasicCodes: "534",
            reference: "[RFC4954] (Standards Track)",
            explanation: LocalizedText(
                english: "The login method the mail program chose is not secure enough for this server. Choose a stronger authentication method in the settings, or switch on encryption (SSL/TLS or STARTTLS) first.",
                german: "Das vom Mailprogramm gewählte Anmeldeverfahren ist diesem Server nicht sicher genug. Wählen Sie in den Einstellungen ein stärkeres Anmeldeverfahren oder schalten Sie zuerst die Verschlüsselung (SSL/TLS oder STARTTLS) ein."
            )
        ),
        Entry(
            subject: 7,
            detail: 10,
            name: "Encryption Needed",
            associatedBasicCodes: "523",
            reference: "[RFC5248] (Best current practice)",
            explanation: LocalizedText(
                english: "The server accepts this login method only over an encrypted connection. Switch on encryption in the mail program: port 587 with STARTTLS, or port 465 with SSL/TLS.",
                german: "Der Server akzeptiert dieses Anmeldeverfahren nur über eine verschlüsselte Verbindung. Schalten Sie im Mailprogramm die Verschlüsselung ein: Port 587 mit STARTTLS oder Port 465 mit SSL/TLS."
            )
        ),
        Entry(
            subject: 7,
            detail: 11,
            name: "Encryption required for requested authentication mechanism",
            associatedBasicCodes: "524, 538",
            reference: "[RFC4954] (Standards Track)",
            explanation: LocalizedText(
                english: "The password would have been sent over an unencrypted connection, which the server does not allow. Set the mail program to use encryption: port 587 with STARTTLS, or port 465 with SSL/TLS.",
                german: "Das Passwort wäre über eine unverschlüsselte Verbindung gesendet worden, was der Server nicht erlaubt. Stellen Sie das Mailprogramm auf Verschlüsselung um: Port 587 mit STARTTLS oder Port 465 mit SSL/TLS."
            )
        ),
        Entry(
            subject: 7,
            detail: 12,
            name: "A password transition is needed",
            associatedBasicCodes: "422, 432",
            reference: "[RFC4954] (Standards Track)",
            explanation: LocalizedText(
                english: "The server needs you to log in once with the plain password method before the chosen login method will work. Log in once with the normal password setting; after that the other method should work.",
                german: "Der Server verlangt, dass Sie sich einmal mit dem einfachen Passwortverfahren anmelden, bevor das gewählte Anmeldeverfahren funktioniert. Melden Sie sich einmal mit der normalen Passwort-Einstellung an; danach sollte das andere Verfahren funktionieren."
            )
        ),
        Entry(
            subject: 7,
            detail: 13,
            name: "User Account Disabled",
            associatedBasicCodes: "525",
            reference: "[RFC5248] (Best current practice)",
            explanation: LocalizedText(
                english: "The login details are correct, but the provider has disabled the account, for example because of unpaid bills or suspected misuse. Only the provider can enable it again, so contact them.",
                german: "Die Zugangsdaten stimmen, aber der Anbieter hat das Konto gesperrt, etwa wegen offener Rechnungen oder Verdacht auf Missbrauch. Nur der Anbieter kann es wieder freischalten; wenden Sie sich an ihn."
            )
        ),
        Entry(
            subject: 7,
            detail: 14,
            name: "Trust relationship required",
            associatedBasicCodes: "535, 554",
            reference: "[RFC5248] (Best current practice)",
            explanation: LocalizedText(
                english: "The server was asked to fetch the message content from another server but has no trust arrangement with that server. The provider has to set this up; it cannot be fixed in the mail program.",
                german: "Der Server sollte den Inhalt der Nachricht von einem anderen Server holen, hat aber keine Vertrauensbeziehung zu diesem Server. Das muss der Anbieter einrichten; im Mailprogramm lässt es sich nicht beheben."
            )
        ),
        Entry(
            subject: 7,
            detail: 15,
            name: "Priority Level is too low",
            associatedBasicCodes: "450, 550 (other 4XX or 5XX codes are allowed)",
            reference: "[RFC6710] (Standards Track)",
            explanation: LocalizedText(
                english: "The receiving server is only taking messages of higher priority at the moment, and this message's priority is too low. Send it again later, or with a higher priority if you are allowed to.",
                german: "Der empfangende Server nimmt zurzeit nur Nachrichten mit höherer Priorität an, und die Priorität dieser Nachricht ist zu niedrig. Senden Sie sie später erneut oder, falls erlaubt, mit höherer Priorität."
            )
        ),
        Entry(
            subject: 7,
            detail: 16,
            name: "Message is too big for the specified priority",
            associatedBasicCodes: "552 (other 4XX or 5XX codes are allowed)",
            reference: "[RFC6710] (Standards Track)",
            explanation: LocalizedText(
                english: "The message is too large for the priority it asked for; at that priority the server only accepts smaller messages. Send it with a lower priority, make it smaller, or try again later.",
                german: "Die Nachricht ist für die gewünschte Priorität zu groß; mit dieser Priorität nimmt der Server nur kleinere Nachrichten an. Senden Sie sie mit niedrigerer Priorität, verkleinern Sie sie oder versuchen Sie es später erneut."
            )
        ),
        Entry(
            subject: 7,
            detail: 17,
            name: "Mailbox owner has changed",
            associatedBasicCodes: "5XX",
            reference: "[RFC7293] (Standards Track)",
            explanation: LocalizedText(
                english: "The message asked to be delivered only if the recipient's mailbox has belonged to the same person since a given date, and the mailbox has changed hands since then. Check that you still have the right address for this person.",
                german: "Die Nachricht sollte nur zugestellt werden, wenn das Postfach seit einem bestimmten Datum derselben Person gehört, und es hat seitdem den Besitzer gewechselt. Prüfen Sie, ob die Adresse für diese Person noch stimmt."
            )
        ),
        Entry(
            subject: 7,
            detail: 18,
            name: "Domain owner has changed",
            associatedBasicCodes: "5XX",
            reference: "[RFC7293] (Standards Track)",
            explanation: LocalizedText(
                english: "The message asked to be delivered only if the recipient's address has had the same owner since a given date, and the domain of the address has changed owner since then. The address probably no longer reaches the person you mean.",
                german: "Die Nachricht sollte nur zugestellt werden, wenn die Empfängeradresse seit einem bestimmten Datum denselben Inhaber hat, doch die Domain der Adresse hat seitdem den Inhaber gewechselt. Die Adresse erreicht vermutlich nicht mehr die gemeinte Person."
            )
        ),
        Entry(
            subject: 7,
            detail: 19,
            name: "RRVS test cannot be completed",
            associatedBasicCodes: "5XX",
            reference: "[RFC7293] (Standards Track)",
            explanation: LocalizedText(
                english: "The message asked the receiving system to confirm that the mailbox has had the same owner since a given date, but the system keeps no record to check this. Decide whether to send the message again without this check.",
                german: "Die Nachricht hat das empfangende System gebeten zu bestätigen, dass das Postfach seit einem bestimmten Datum denselben Besitzer hat, doch dem System fehlen die Aufzeichnungen dafür. Entscheiden Sie, ob Sie die Nachricht ohne diese Prüfung erneut senden."
            )
        ),
        Entry(
            subject: 7,
            detail: 20,
            name: "No passing DKIM signature found",
            associatedBasicCodes: "550",
            reference: "[RFC7372] (Standards Track); [RFC6376] (Standards Track)",
            explanation: LocalizedText(
                english: "The receiving server requires a valid DKIM signature (a digital seal showing that the message really comes from the sender's domain), and the message had none that passed the check. The sender's domain or mail provider has to set up DKIM signing correctly.",
                german: "Der empfangende Server verlangt eine gültige DKIM-Signatur (ein digitales Siegel, das belegt, dass die Nachricht wirklich von der Absenderdomain stammt), und die Nachricht hatte keine, die die Prüfung bestand. Die Absenderdomain oder ihr Mailanbieter muss die DKIM-Signierung richtig einrichten."
            )
        ),
        Entry(
            subject: 7,
            detail: 21,
            name: "No acceptable DKIM signature found",
            associatedBasicCodes: "550",
            reference: "[RFC7372] (Standards Track); [RFC6376] (Standards Track)",
            explanation: LocalizedText(
                english: "The message carried valid DKIM signatures (digital seals of origin), but none that the receiving server accepts, for example because they belong to an unrelated domain. The sender's provider needs to sign with the sender's own domain.",
                german: "Die Nachricht trug gültige DKIM-Signaturen (digitale Herkunftssiegel), aber keine, die der empfangende Server akzeptiert, etwa weil sie zu einer fremden Domain gehören. Der Anbieter des Absenders muss mit der eigenen Domain des Absenders signieren."
            )
        ),
        Entry(
            subject: 7,
            detail: 22,
            name: "No valid author-matched DKIM signature found",
            associatedBasicCodes: "550",
            reference: "[RFC7372] (Standards Track); [RFC6376] (Standards Track)",
            explanation: LocalizedText(
                english: "The message had valid DKIM signatures (digital seals of origin), but none from the domain in the From address. The sender's mail provider must sign with the same domain that appears in the From address.",
                german: "Die Nachricht hatte gültige DKIM-Signaturen (digitale Herkunftssiegel), aber keine von der Domain in der Absenderadresse (From). Der Mailanbieter des Absenders muss mit derselben Domain signieren, die in der Absenderadresse steht."
            )
        ),
        Entry(
            subject: 7,
            detail: 23,
            name: "SPF validation failed",
            associatedBasicCodes: "550",
            reference: "[RFC7372] (Standards Track); [RFC7208] (Standards Track)",
            explanation: LocalizedText(
                english: "The sending server is not on the list of servers allowed to send mail for the sender's domain (its SPF record), so the message was refused. If the domain is yours, add the server you send through to its SPF record, or send through your provider's server.",
                german: "Der sendende Server steht nicht auf der Liste der Server, die für die Absenderdomain senden dürfen (ihrem SPF-Eintrag), daher wurde die Nachricht abgelehnt. Gehört die Domain Ihnen, nehmen Sie den verwendeten Server in ihren SPF-Eintrag auf oder senden Sie über den Server Ihres Anbieters."
            )
        ),
        Entry(
            subject: 7,
            detail: 24,
            name: "SPF validation error",
            associatedBasicCodes: "451/550",
            reference: "[RFC7372] (Standards Track); [RFC7208] (Standards Track)",
            explanation: LocalizedText(
                english: "The receiving server could not check the sender domain's SPF record (its list of allowed sending servers), because the record is broken or the lookup failed. The temporary form may clear up later; with the permanent form, the domain's owner has to fix the record.",
                german: "Der empfangende Server konnte den SPF-Eintrag der Absenderdomain (ihre Liste erlaubter Sendeserver) nicht prüfen, weil der Eintrag fehlerhaft ist oder die Abfrage scheiterte. Die vorübergehende Form kann sich später erledigen; bei der dauerhaften muss der Inhaber der Domain den Eintrag korrigieren."
            )
        ),
        Entry(
            subject: 7,
            detail: 25,
            name: "Reverse DNS validation failed",
            associatedBasicCodes: "550",
            reference: "[RFC7372], Section 3.3 (Standards Track)",
            explanation: LocalizedText(
                english: "The sending server's IP address has no matching name entry in the DNS (reverse DNS), and the receiving server demands one. The operator of the sending server has to have it set up by their network provider.",
                german: "Die IP-Adresse des sendenden Servers hat keinen passenden Namenseintrag im DNS (Reverse-DNS), und der empfangende Server verlangt einen. Der Betreiber des sendenden Servers muss ihn bei seinem Netzanbieter einrichten lassen."
            )
        ),
        Entry(
            subject: 7,
            detail: 26,
            name: "Multiple authentication checks failed",
            associatedBasicCodes: "550",
            reference: "[RFC7372] (Standards Track)",
            explanation: LocalizedText(
                english: "The message failed more than one of the checks that confirm where it came from (such as SPF, DKIM or DMARC), so the receiving server refused it. The sender's domain needs correct SPF and DKIM settings, or the mail has to go through the provider's own server.",
                german: "Die Nachricht ist bei mehr als einer der Prüfungen durchgefallen, die ihre Herkunft bestätigen (etwa SPF, DKIM oder DMARC), daher hat der empfangende Server sie abgelehnt. Die Absenderdomain braucht korrekte SPF- und DKIM-Einstellungen, oder die E-Mail muss über den eigenen Server des Anbieters laufen."
            )
        ),
        Entry(
            subject: 7,
            detail: 27,
            name: "Sender address has null MX",
            associatedBasicCodes: "550",
            reference: "[RFC7505] (Standards Track)",
            explanation: LocalizedText(
                english: "The domain of the sender address has declared that it never receives email (a so-called null MX), so no bounce could ever reach it, and the receiving server refuses mail from it. Send from an address whose domain can receive mail.",
                german: "Die Domain der Absenderadresse hat erklärt, dass sie keine E-Mails empfängt (ein sogenannter Null-MX), also könnte sie keine Rückmeldung erreichen, und der empfangende Server lehnt E-Mails von ihr ab. Senden Sie von einer Adresse, deren Domain E-Mails empfangen kann."
            )
        ),
        Entry(
            subject: 7,
            detail: 28,
            name: "Mail flood detected",
            associatedBasicCodes: ".",
            reference: "[draft-levine-mailbomb-header]",
            explanation: LocalizedText(
                english: "The message looks like part of a flood of many similar, unwanted messages, so it was refused. If you really sent many similar messages, send more slowly or use a proper mailing-list service.",
                german: "Die Nachricht wirkt wie Teil einer Flut vieler ähnlicher, unerwünschter Nachrichten und wurde daher abgelehnt. Falls Sie tatsächlich viele ähnliche Nachrichten versendet haben, senden Sie langsamer oder nutzen Sie einen richtigen Mailinglisten-Dienst."
            )
        ),
        Entry(
            subject: 7,
            detail: 29,
            name: "ARC validation failure",
            associatedBasicCodes: "550",
            reference: "[RFC8617]",
            explanation: LocalizedText(
                english: "The message passed through a forwarding service or mailing list, and the seal such services add to vouch for the message (ARC) did not pass the check. The forwarding service has to correct its setup.",
                german: "Die Nachricht lief über eine Weiterleitung oder Mailingliste, und das Siegel, mit dem solche Dienste für die Nachricht bürgen (ARC), hat die Prüfung nicht bestanden. Der weiterleitende Dienst muss seine Einrichtung korrigieren."
            )
        ),
        Entry(
            subject: 7,
            detail: 30,
            name: "REQUIRETLS support required",
            associatedBasicCodes: "550",
            reference: "[RFC8689]",
            explanation: LocalizedText(
                english: "The message was marked as allowed to travel only over encrypted connections (REQUIRETLS), and a server further along cannot guarantee that, so it was not passed on. Send it without that requirement or by another route.",
                german: "Die Nachricht war so gekennzeichnet, dass sie nur über verschlüsselte Verbindungen laufen darf (REQUIRETLS), und ein Server weiter hinten kann das nicht zusichern, daher wurde sie nicht weitergegeben. Senden Sie sie ohne diese Anforderung oder auf anderem Weg."
            )
        ),
    ]
}
