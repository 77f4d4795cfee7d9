import SMTPCore

/// The sentences of a DSN's explanation and subject, in every ``SMTPCore/Language``.
///
/// Written for the person who sent the message, who may not know what a mail server or a
/// queue is: what happened to the message, and whether they need to do anything. The
/// explanation of the remote reply itself comes from `Explain`.
enum BounceStrings {
    /// What the whole DSN is about, for the Subject: and the opening sentence. A DSN that
    /// reports any failure is about the failure: that is what the sender has to act on.
    enum Kind {
        case failure, delay, success

        init(_ actions: [DeliveryStatusNotification.Action]) {
            if actions.contains(.failed) {
                self = .failure
            } else if actions.contains(.delayed) {
                self = .delay
            } else {
                self = .success
            }
        }
    }

    static func subject(_ kind: Kind) -> LocalizedText {
        switch kind {
        case .failure:
            LocalizedText(english: "Undelivered Mail Returned to Sender", german: "Unzustellbare Nachricht")
        case .delay:
            LocalizedText(
                english: "Delayed Mail (still being retried)",
                german: "Verzögerte Nachricht (Zustellung wird weiter versucht)"
            )
        case .success:
            LocalizedText(english: "Successful Mail Delivery Report", german: "Zustellbericht")
        }
    }

    static func greeting(host: String) -> LocalizedText {
        LocalizedText(english: "This is the mail system at \(host).", german: "Dies ist das Mailsystem auf \(host).")
    }

    static func summary(_ kind: Kind) -> LocalizedText {
        switch kind {
        case .failure:
            LocalizedText(
                english: "Your message could not be delivered to one or more recipients. Below, for each recipient, is what happened and what you can do.",
                german: "Ihre Nachricht konnte an einen oder mehrere Empfänger nicht zugestellt werden. Unten steht für jeden Empfänger, was passiert ist und was Sie tun können."
            )
        case .delay:
            LocalizedText(
                english: "Your message has not been delivered to all recipients yet. The mail system is still trying; this is only a notice, you do not need to do anything now.",
                german: "Ihre Nachricht wurde noch nicht an alle Empfänger zugestellt. Das Mailsystem versucht es weiter; dies ist nur ein Hinweis, Sie müssen jetzt nichts tun."
            )
        case .success:
            LocalizedText(
                english: "You asked to be told about the delivery of your message. Here is the report.",
                german: "Sie haben um eine Nachricht über die Zustellung Ihrer Nachricht gebeten. Hier ist der Bericht."
            )
        }
    }

    /// Quotation marks as each language writes them: “…” and „…“.
    static func quoted(_ text: String) -> LocalizedText {
        LocalizedText(english: "\u{201C}\(text)\u{201D}", german: "\u{201E}\(text)\u{201C}")
    }

    static let subjectLabel = LocalizedText(english: "Subject", german: "Betreff")
    static let arrivedLabel = LocalizedText(english: "Received here", german: "Hier eingegangen")

    // MARK: One recipient

    static let failed = LocalizedText(
        english: "Not delivered. The mail system has given up on this recipient and will not try again.",
        german: "Nicht zugestellt. Das Mailsystem hat die Zustellung an diesen Empfänger aufgegeben und versucht es nicht weiter."
    )

    /// A failure whose last reply was temporary: the queue ran out of time (RFC 5321
    /// §4.5.4.1 asks for giving up after 4 to 5 days).
    static let failedAfterRetries = LocalizedText(
        english: "Not delivered. The receiving side refused the message again and again with a temporary error, and after trying for a long time the mail system has given up.",
        german: "Nicht zugestellt. Die Empfängerseite hat die Nachricht immer wieder mit einem vorübergehenden Fehler abgelehnt, und nach langem Versuchen hat das Mailsystem aufgegeben."
    )

    static func delayed(host: String, until: String?) -> LocalizedText {
        if let until {
            return LocalizedText(
                english: "Not delivered yet. The message is still waiting in the queue at \(host), which will keep trying until \(until). You do not need to send it again. If it still cannot be delivered by then, you will get another message.",
                german: "Noch nicht zugestellt. Die Nachricht wartet noch in der Warteschlange von \(host), das es bis \(until) weiter versucht. Sie müssen sie nicht erneut senden. Kann sie bis dahin nicht zugestellt werden, erhalten Sie eine weitere Nachricht."
            )
        }
        return LocalizedText(
            english: "Not delivered yet. The message is still waiting in the queue at \(host), which will keep trying for a while. You do not need to send it again. If it cannot be delivered in the end, you will get another message.",
            german: "Noch nicht zugestellt. Die Nachricht wartet noch in der Warteschlange von \(host), das es noch eine Weile weiter versucht. Sie müssen sie nicht erneut senden. Kann sie am Ende nicht zugestellt werden, erhalten Sie eine weitere Nachricht."
        )
    }

    static let delivered = LocalizedText(
        english: "Delivered to the recipient's mailbox.",
        german: "Dem Empfänger ins Postfach zugestellt."
    )

    static func relayed(to host: String?) -> LocalizedText {
        let englishTarget = host ?? "another mail system"
        let germanTarget = host ?? "ein anderes Mailsystem"
        return LocalizedText(
            english: "Passed on to \(englishTarget), which does not confirm deliveries. This is the last report you will get about this recipient.",
            german: "Weitergegeben an \(germanTarget), das keine Zustellbestätigungen verschickt. Dies ist der letzte Bericht, den Sie zu diesem Empfänger erhalten."
        )
    }

    static let expanded = LocalizedText(
        english: "Delivered to an address that is a mailing list or forwarding address; it passed the message on to its members.",
        german: "An eine Adresse zugestellt, die eine Verteilerliste oder Weiterleitung ist; sie hat die Nachricht an ihre Mitglieder weitergegeben."
    )

    static let originallyAddressedTo = LocalizedText(english: "You wrote the address as", german: "Von Ihnen geschrieben als")
    static let lastAttempt = LocalizedText(english: "Last attempt", german: "Letzter Versuch")
    static let statusCode = LocalizedText(english: "Status code", german: "Statuscode")

    static func serverReplied(host: String?) -> LocalizedText {
        if let host {
            return LocalizedText(english: "The server \(host) replied:", german: "Der Server \(host) antwortete:")
        }
        return LocalizedText(english: "The server replied:", german: "Der Server antwortete:")
    }

    static let whatThisMeans = LocalizedText(english: "What this means", german: "Was das bedeutet")
    static let whatHappened = LocalizedText(english: "What happened", german: "Was passiert ist")
    static let whoHasToAct = LocalizedText(english: "Who has to act", german: "Wer handeln muss")
    static let whatYouCanDo = LocalizedText(english: "What you can do", german: "Was Sie tun können")

    // MARK: Closing

    static let returnedFull = LocalizedText(
        english: "Your original message is attached in full.",
        german: "Ihre ursprüngliche Nachricht ist vollständig angehängt."
    )
    static let returnedHeader = LocalizedText(
        english: "The header of your original message (sender, recipients, subject, date) is attached, not the whole message.",
        german: "Der Kopf Ihrer ursprünglichen Nachricht (Absender, Empfänger, Betreff, Datum) ist angehängt, nicht die ganze Nachricht."
    )
    static let help = LocalizedText(
        english: "If you need help, forward this whole message to whoever runs your email. The attached technical report (message/delivery-status, RFC 3464) is meant for mail programs and administrators.",
        german: "Wenn Sie Hilfe brauchen, leiten Sie diese Nachricht vollständig an die Betreuer Ihres E-Mail-Dienstes weiter. Der angehängte technische Bericht (message/delivery-status, RFC 3464) ist für Mailprogramme und Administratoren gedacht."
    )

    // MARK: Part descriptions (Content-Description:)

    static let notificationPart = LocalizedText(english: "Notification", german: "Benachrichtigung")
    static let reportPart = LocalizedText(english: "Delivery report", german: "Zustellbericht")
    static let messagePart = LocalizedText(english: "Original message", german: "Ursprüngliche Nachricht")
    static let headerPart = LocalizedText(english: "Original message header", german: "Kopf der ursprünglichen Nachricht")
}
