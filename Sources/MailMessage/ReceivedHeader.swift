import Foundation
import SMTPCore

/// The `Received:` trace field a server adds when it accepts a message.
///
/// ```
/// Received: from client.example (host.example [192.0.2.1])
/// 	(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384) by mx.example.org
/// 	with ESMTPS id 4F2A9C for <user@example.org>; Sun, 29 Nov 2026 01:42:59 +0000
/// ```
///
/// The EHLO name and the reverse-DNS name are chosen by others and are cleaned before use
/// (no line breaks, controls, white space, parentheses or backslashes), so a hostile name
/// can neither start a new header field nor forge clauses. The TLS comment sits between
/// the `from` and `by` clauses, where Postfix puts it; comments are allowed anywhere
/// between clauses (CFWS).
///
/// - SeeAlso: RFC 5321 §4.4 (`Stamp`, `TCP-info`), RFC 5322 §3.6.7, RFC 3848 and
///   RFC 6531 §3.7.3 (the `with` protocol names).
public struct ReceivedHeader: Sendable, Hashable {
    /// Details of the TLS session, shown as `(using TLSv1.3 with cipher …)`.
    public struct TLSDetails: Sendable, Hashable {
        /// The protocol version name, e.g. `TLSv1.3`.
        public var version: String
        /// The cipher suite name, e.g. `TLS_AES_256_GCM_SHA384`; empty if not known, and
        /// then left out.
        public var cipher: String

        public init(version: String, cipher: String = "") {
            self.version = version
            self.cipher = cipher
        }
    }

    /// The name the client gave in EHLO or HELO (untrusted).
    public var heloName: String
    /// The client's name from reverse DNS, if it was looked up and found (untrusted).
    public var clientHostName: String?
    /// The client's IP address; `nil` for mail that did not arrive over the network.
    public var clientAddress: IPAddress?
    /// This server's host name, for the `by` clause.
    public var serverHostName: String
    /// The `with` protocol: SMTP, ESMTP, ESMTPS, ESMTPSA, UTF8SMTPS, … (see
    /// ``SMTPCore/Envelope/receivedProtocol``).
    public var protocolName: String
    public var tls: TLSDetails?
    /// The queue ID the message was stored under, for the `id` clause.
    public var queueID: String?
    /// The recipients of the transaction. A `for` clause is written only when there is
    /// exactly one: naming one of several would tell every recipient about the others
    /// (Bcc), and the RFC allows only one path there.
    public var recipients: [ForwardPath]
    /// When the message was accepted.
    public var date: Date
    /// The zone the date is written in.
    public var timeZone: TimeZone

    public init(
        heloName: String,
        clientHostName: String? = nil,
        clientAddress: IPAddress? = nil,
        serverHostName: String,
        protocolName: String,
        tls: TLSDetails? = nil,
        queueID: String? = nil,
        recipients: [ForwardPath] = [],
        date: Date,
        timeZone: TimeZone = .current
    ) {
        self.heloName = heloName
        self.clientHostName = clientHostName
        self.clientAddress = clientAddress
        self.serverHostName = serverHostName
        self.protocolName = protocolName
        self.tls = tls
        self.queueID = queueID
        self.recipients = recipients
        self.date = date
        self.timeZone = timeZone
    }

    /// The header for a message accepted in a session: the EHLO name, protocol and
    /// recipients come from the envelope.
    public init(
        envelope: Envelope,
        clientHostName: String? = nil,
        clientAddress: IPAddress?,
        serverHostName: String,
        tls: TLSDetails? = nil,
        queueID: String?,
        date: Date,
        timeZone: TimeZone = .current
    ) {
        self.init(
            heloName: envelope.clientName,
            clientHostName: clientHostName,
            clientAddress: clientAddress,
            serverHostName: serverHostName,
            protocolName: envelope.receivedProtocol,
            tls: tls,
            queueID: queueID,
            recipients: envelope.recipients.map(\.forwardPath),
            date: date,
            timeZone: timeZone
        )
    }

    /// The complete field, `Received: …` through the final CRLF, folded so that no line is
    /// longer than 78 characters (RFC 5322 §2.1.1), continuation lines starting with a tab.
    public var field: String {
        HeaderFolding.field(name: "Received", clauses: clauses)
    }

    /// Appends ``field`` to `octets`, as the first field of a message being stored.
    public func appendField(to octets: inout [UInt8]) {
        HeaderFolding.append(name: "Received", clauses: clauses, to: &octets)
    }

    /// The clauses of the stamp, each a list of words that may be folded between.
    var clauses: [[String]] {
        var from = ["from", nonEmpty(HeaderText.word(heloName))]
        if let tcpInfo { from += tcpInfo }
        var result = [from]
        if let tls {
            let version = nonEmpty(HeaderText.word(tls.version))
            let cipher = HeaderText.word(tls.cipher)
            result.append(cipher.isEmpty ? ["(using", version + ")"] : ["(using", version, "with", "cipher", cipher + ")"])
        }
        result.append(["by", nonEmpty(HeaderText.word(serverHostName))])
        result.append(["with", nonEmpty(HeaderText.word(protocolName))])
        if let queueID {
            let word = HeaderText.word(queueID)
            if !word.isEmpty { result.append(["id", word]) }
        }
        if recipients.count == 1 {
            result.append(["for", HeaderText.withoutControls(recipients[0].description)])
        }
        // The date follows the last clause after a ";" (RFC 5321 §4.4 `Stamp`).
        result[result.count - 1][result[result.count - 1].count - 1] += ";"
        result.append(RFC5322Date.words(date, timeZone: timeZone))
        return result
    }

    /// `(host.example [192.0.2.1])`, or `([192.0.2.1])` without a reverse-DNS name
    /// (RFC 5321 §4.4 `TCP-info`). IPv6 addresses take the `IPv6:` tag of an address literal.
    private var tcpInfo: [String]? {
        guard let clientAddress else { return nil }
        let literal: String
        switch clientAddress.unmapped {
        case .v4: literal = "[\(clientAddress.unmapped)]"
        case .v6: literal = "[IPv6:\(clientAddress.unmapped)]"
        }
        if let clientHostName {
            let name = HeaderText.word(clientHostName)
            if !name.isEmpty { return ["(" + name, literal + ")"] }
        }
        return ["(" + literal + ")"]
    }

    /// A cleaned word that came out empty would leave a clause without its value.
    private func nonEmpty(_ word: String) -> String {
        word.isEmpty ? "unknown" : word
    }
}
