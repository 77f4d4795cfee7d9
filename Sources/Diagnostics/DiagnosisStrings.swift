import Foundation
import SMTPCore

/// The sentences of a diagnosis in every ``SMTPCore/Language``: for a person who set up a
/// mail client and sees an error, not for a mail administrator.
enum DiagnosisStrings {
    typealias Text = LocalizedText

    static func title(_ host: String) -> Text {
        Text(english: "Mail server \(host): outgoing mail (SMTP)", german: "Mailserver \(host): Postausgang (SMTP)")
    }

    static let columns = (
        port: Text(english: "Port", german: "Port"),
        connection: Text(english: "Connection", german: "Verbindung"),
        security: Text(english: "Security", german: "Sicherheit"),
        login: Text(english: "Login (AUTH)", german: "Anmeldung (AUTH)"),
        greeting: Text(english: "Greeting", german: "Begrüßung")
    )

    static func reachability(_ reachability: PortReport.Reachability) -> Text {
        switch reachability {
        case .open: Text(english: "open", german: "offen")
        case .refused: Text(english: "closed", german: "geschlossen")
        case .timedOut: Text(english: "no answer", german: "keine Antwort")
        case .failed: Text(english: "failed", german: "fehlgeschlagen")
        }
    }

    static func security(_ report: PortReport) -> Text {
        let version = report.tlsVersion.map { " (\($0))" } ?? ""
        switch (report.security, report.startTLS) {
        case (.implicitTLS?, _): return Text(english: "SSL/TLS\(version)", german: "SSL/TLS\(version)")
        case (.plaintext?, .succeeded?): return Text(english: "STARTTLS\(version)", german: "STARTTLS\(version)")
        case (.plaintext?, .handshakeFailed?), (.plaintext?, .refused?): return Text(english: "STARTTLS fails", german: "STARTTLS scheitert")
        case (.plaintext?, _): return Text(english: "none (plaintext)", german: "keine (Klartext)")
        case (.noGreeting?, _): return Text(english: "no SMTP", german: "kein SMTP")
        case (nil, _): return Text(english: "", german: "")
        }
    }

    static let noLogin = Text(english: "none offered", german: "keine angeboten")
    static let loginWorked = Text(english: "login worked", german: "Anmeldung klappt")
    static let loginFailed = Text(english: "login failed", german: "Anmeldung scheitert")

    static func certificateHeading(_ port: Int) -> Text {
        Text(english: "Certificate on port \(port)", german: "Zertifikat auf Port \(port)")
    }

    static let certificateLabels = (
        names: Text(english: "names", german: "Namen"),
        issuer: Text(english: "issued by", german: "ausgestellt von"),
        validity: Text(english: "valid", german: "gültig"),
        verdict: Text(english: "check", german: "Prüfung")
    )

    static func validity(_ from: String, _ until: String) -> Text {
        Text(english: "from \(from) until \(until)", german: "von \(from) bis \(until)")
    }

    static let certificateFine = Text(
        english: "trusted, and valid for this name", german: "vertrauenswürdig und für diesen Namen gültig"
    )

    static let findingsHeading = Text(english: "What was found", german: "Befund")
    static let settingHeading = Text(english: "Set your mail client to", german: "Tragen Sie im Mailprogramm ein")
    static let noSettingHeading = Text(english: "No working setting", german: "Keine funktionierende Einstellung")
    static let transcriptHeading = Text(english: "Test message", german: "Testnachricht")

    static func setting(_ setting: Diagnosis.ClientSetting) -> Text {
        let security: Text = switch setting.security {
        case .implicitTLS: Text(english: "SSL/TLS", german: "SSL/TLS")
        case .startTLS: Text(english: "STARTTLS", german: "STARTTLS")
        }
        let login = setting.requiresLogin
            ? Text(english: "normal password, your full mail address or user name as user", german: "Passwort normal, als Benutzername Ihre Mailadresse oder Ihr Benutzername")
            : Text(english: "no login", german: "keine Anmeldung")
        return Text(
            english: "Server \(setting.host), port \(setting.port), \(security.english), \(login.english)",
            german: "Server \(setting.host), Port \(setting.port), \(security.german), \(login.german)"
        )
    }

    static func side(_ side: Diagnosis.Finding.Side) -> Text? {
        switch side {
        case .server: Text(english: "the server's side", german: "Seite des Servers")
        case .network: Text(english: "the network", german: "Netzwerk")
        case .client: Text(english: "your settings", german: "Ihre Einstellungen")
        case .none: nil
        }
    }

    /// What a finding means, in one or two sentences.
    static func finding(_ kind: Diagnosis.Finding.Kind, host: String, date: (Date) -> String) -> Text {
        switch kind {
        case .filtered:
            return Text(
                english: "No answer: a firewall drops the connection attempts, on your network, at your provider, or at the server. If another port works, use that one.",
                german: "Keine Antwort: Eine Firewall verwirft die Verbindungsversuche, in Ihrem Netz, bei Ihrem Anbieter oder beim Server. Wenn ein anderer Port funktioniert, nehmen Sie diesen."
            )
        case .refused:
            return Text(english: "Closed: the server does not offer this port.", german: "Geschlossen: Der Server bietet diesen Port nicht an.")
        case .unreachable(let reason):
            return Text(english: "Cannot connect: \(reason)", german: "Keine Verbindung möglich: \(reason)")
        case .noGreeting(let tlsError):
            let detail = tlsError.map { " (TLS: \($0))" } ?? ""
            return Text(
                english: "The connection opens, but no SMTP greeting comes, neither in plaintext nor over TLS\(detail). Something other than a mail server listens here, or the server hangs.",
                german: "Die Verbindung kommt zustande, aber es kommt keine SMTP-Begrüßung, weder im Klartext noch über TLS\(detail). Hier lauscht etwas anderes als ein Mailserver, oder der Server hängt."
            )
        case .refusedAtConnect(let reply):
            return Text(
                english: "The server refuses the session right at the start: \(reply.description)",
                german: "Der Server lehnt die Sitzung gleich zu Beginn ab: \(reply.description)"
            )
        case .helloRefused(let reply):
            return Text(english: "The server refuses EHLO and HELO: \(reply.description)", german: "Der Server lehnt EHLO und HELO ab: \(reply.description)")
        case .startTLSRefused(let reply):
            return Text(
                english: "The server offers STARTTLS but refuses it: \(reply.description). Mail clients set to STARTTLS fail here.",
                german: "Der Server bietet STARTTLS an, lehnt es aber ab: \(reply.description). Mailprogramme mit STARTTLS scheitern hier."
            )
        case .startTLSFailed(let reason):
            return Text(
                english: "STARTTLS is accepted, but the TLS handshake fails (\(reason)). Mail clients set to STARTTLS fail here.",
                german: "STARTTLS wird angenommen, aber der TLS-Handshake scheitert (\(reason)). Mailprogramme mit STARTTLS scheitern hier."
            )
        case .noEncryption:
            return Text(
                english: "No encryption on this port: no STARTTLS. A password sent here could be read on the way.",
                german: "Keine Verschlüsselung auf diesem Port: kein STARTTLS. Ein Passwort ließe sich hier unterwegs mitlesen."
            )
        case .certificateExpired(let on):
            return Text(
                english: "The certificate expired on \(date(on)). Mail clients refuse the connection or warn; the server's operator must renew it.",
                german: "Das Zertifikat ist am \(date(on)) abgelaufen. Mailprogramme verweigern die Verbindung oder warnen; der Betreiber muss es erneuern."
            )
        case .certificateNotYetValid(let from):
            return Text(
                english: "The certificate is valid only from \(date(from)): the server's clock or the certificate is wrong.",
                german: "Das Zertifikat gilt erst ab \(date(from)): Die Uhr des Servers oder das Zertifikat stimmt nicht."
            )
        case .certificateNameMismatch(let names):
            let list = names.isEmpty ? "—" : names.joined(separator: ", ")
            return Text(
                english: "The certificate is not for \(host) but for: \(list). Enter one of these names as the server in your mail client, or ask the operator for a certificate for \(host).",
                german: "Das Zertifikat gilt nicht für \(host), sondern für: \(list). Tragen Sie einen dieser Namen als Server ein, oder bitten Sie den Betreiber um ein Zertifikat für \(host)."
            )
        case .certificateSelfSigned:
            return Text(
                english: "The certificate is self-signed: no mail client trusts it without an exception. The operator should use one from a certificate authority (e.g. Let's Encrypt).",
                german: "Das Zertifikat ist selbst signiert: Kein Mailprogramm vertraut ihm ohne Ausnahme. Der Betreiber sollte eines einer Zertifizierungsstelle verwenden (z. B. Let's Encrypt)."
            )
        case .certificateUntrusted(let reason):
            return Text(
                english: "The certificate is not trusted: \(reason). Mail clients warn or refuse.",
                german: "Dem Zertifikat wird nicht vertraut: \(reason). Mailprogramme warnen oder verweigern die Verbindung."
            )
        case .authenticationNotOffered:
            return Text(
                english: "No login is offered here: this port takes mail from other servers, not from mail clients.",
                german: "Hier wird keine Anmeldung angeboten: Dieser Port nimmt Mail von anderen Servern an, nicht von Mailprogrammen."
            )
        case .authenticationOnlyWithoutTLS:
            return Text(
                english: "A login is offered without encryption: the password would travel readable. Postamt does not try it.",
                german: "Eine Anmeldung wird ohne Verschlüsselung angeboten: Das Passwort ginge lesbar übers Netz. Postamt probiert sie nicht."
            )
        case .authenticationFailed(let reply) where reply.code.kind == .transientNegative:
            return Text(
                english: "The server could not check the login now: \(reply.description). This is the server's problem, not your password; try again later.",
                german: "Der Server konnte die Anmeldung gerade nicht prüfen: \(reply.description). Das liegt am Server, nicht an Ihrem Passwort; versuchen Sie es später erneut."
            )
        case .authenticationFailed(let reply):
            return Text(
                english: "The login failed: \(reply.description). Check the user name (often the full mail address) and the password.",
                german: "Die Anmeldung ist gescheitert: \(reply.description). Prüfen Sie den Benutzernamen (oft die ganze Mailadresse) und das Passwort."
            )
        case .authenticationSucceeded:
            return Text(english: "The login worked.", german: "Die Anmeldung hat geklappt.")
        case .serverToServerPort:
            return Text(
                english: "Port 25 is meant for mail between servers; many home and mobile networks block it. Prefer 465 or 587 where the server offers them.",
                german: "Port 25 ist für Mail zwischen Servern gedacht; viele Heim- und Mobilfunknetze sperren ihn. Nehmen Sie lieber 465 oder 587, wenn der Server sie anbietet."
            )
        case .noUsableSetting:
            return Text(
                english: "No port offers what a mail client needs: an encrypted connection (SSL/TLS or STARTTLS) with a login.",
                german: "Kein Port bietet, was ein Mailprogramm braucht: eine verschlüsselte Verbindung (SSL/TLS oder STARTTLS) mit Anmeldung."
            )
        case .testMessageSent(let reply):
            return Text(english: "The test message was accepted: \(reply.description)", german: "Die Testnachricht wurde angenommen: \(reply.description)")
        case .testMessageFailed(let reply, let reason):
            let detail = reply?.description ?? reason
            return Text(english: "The test message was not accepted: \(detail)", german: "Die Testnachricht wurde nicht angenommen: \(detail)")
        case .domainAcceptsNoMail:
            return Text(english: "The domain publishes a null MX (RFC 7505): it takes no mail.", german: "Die Domain veröffentlicht ein Null-MX (RFC 7505): Sie nimmt keine Mail an.")
        case .domainDoesNotExist:
            return Text(english: "The domain does not exist in DNS (NXDOMAIN).", german: "Die Domain existiert im DNS nicht (NXDOMAIN).")
        case .dnsLookupFailed:
            return Text(english: "The DNS lookup failed; try again, or check the name server settings.", german: "Die DNS-Abfrage ist gescheitert; versuchen Sie es erneut oder prüfen Sie die Nameserver-Einstellungen.")
        case .noMXRecords:
            return Text(
                english: "No MX records: senders fall back to the domain's own address (RFC 5321 §5.1). Publish an MX record for the mail server.",
                german: "Keine MX-Einträge: Absender weichen auf die Adresse der Domain selbst aus (RFC 5321 §5.1). Veröffentlichen Sie einen MX-Eintrag für den Mailserver."
            )
        case .mxHostUnresolvable(let host):
            return Text(english: "The MX host \(host) has no address in DNS.", german: "Der MX-Host \(host) hat keine Adresse im DNS.")
        case .mxHostNotAcceptingMail(let host):
            return Text(english: "The MX host \(host) answers but does not accept mail on port 25.", german: "Der MX-Host \(host) antwortet, nimmt aber auf Port 25 keine Mail an.")
        case .mxHostWithoutTLS(let host):
            return Text(
                english: "The MX host \(host) offers no STARTTLS: mail to this domain travels unencrypted.",
                german: "Der MX-Host \(host) bietet kein STARTTLS an: Mail an diese Domain geht unverschlüsselt."
            )
        case .mxHostUnreachable(let host):
            return Text(
                english: "The MX host \(host) does not answer on port 25 from here. Many home and cloud networks block outgoing port 25; other mail servers may still reach it.",
                german: "Der MX-Host \(host) antwortet von hier aus nicht auf Port 25. Viele Heim- und Cloud-Netze sperren ausgehenden Port 25; andere Mailserver erreichen ihn womöglich trotzdem."
            )
        case .noSPF:
            return Text(
                english: "No SPF record (TXT \"v=spf1 …\"): receivers cannot tell which servers may send for the domain and may reject or file its mail as spam.",
                german: "Kein SPF-Eintrag (TXT \"v=spf1 …\"): Empfänger können nicht prüfen, welche Server für die Domain senden dürfen, und lehnen ihre Mail womöglich ab oder sortieren sie als Spam aus."
            )
        case .multipleSPF:
            return Text(
                english: "More than one SPF record: receivers treat that as an error (RFC 7208 §3.2). Merge them into one.",
                german: "Mehr als ein SPF-Eintrag: Empfänger werten das als Fehler (RFC 7208 §3.2). Fassen Sie sie zu einem zusammen."
            )
        case .noDMARC:
            return Text(
                english: "No DMARC record (TXT at _dmarc): large mailbox providers expect one from senders.",
                german: "Kein DMARC-Eintrag (TXT unter _dmarc): Große Mailanbieter erwarten einen von Absendern."
            )
        case .noSubmissionSRV:
            return Text(
                english: "No SRV records for submission (_submissions._tcp, _submission._tcp, RFC 6186/8314): mail clients have to guess the server and port.",
                german: "Keine SRV-Einträge für den Postausgang (_submissions._tcp, _submission._tcp, RFC 6186/8314): Mailprogramme müssen Server und Port raten."
            )
        case .noAutoconfiguration:
            return Text(
                english: "No client autoconfiguration found (Mozilla autoconfig or Autodiscover): users type server, port and security by hand.",
                german: "Keine automatische Einrichtung gefunden (Mozilla-Autoconfig oder Autodiscover): Nutzer tippen Server, Port und Sicherheit von Hand ein."
            )
        }
    }
}
