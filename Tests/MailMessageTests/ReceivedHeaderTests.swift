import Foundation
import SMTPCore
import Testing

@testable import MailMessage

@Suite("Received: trace field (RFC 5321 §4.4, RFC 5322 §3.6.7)")
struct ReceivedHeaderTests {
    static let utc = TimeZone(secondsFromGMT: 0)!
    static let date = Date(timeIntervalSince1970: 1_795_916_579)

    private func header(
        helo: String = "client.example",
        host: String? = "host.example",
        address: String? = "192.0.2.1",
        server: String = "mx.example.org",
        protocolName: String = "ESMTPS",
        tls: ReceivedHeader.TLSDetails? = nil,
        queueID: String? = "4F2A9C",
        recipients: [String] = ["user@example.org"]
    ) -> ReceivedHeader {
        ReceivedHeader(
            heloName: helo,
            clientHostName: host,
            clientAddress: address.flatMap(IPAddress.init),
            serverHostName: server,
            protocolName: protocolName,
            tls: tls,
            queueID: queueID,
            recipients: recipients.map { .mailbox(Mailbox($0)!) },
            date: Self.date,
            timeZone: Self.utc
        )
    }

    /// The field's value with the folding removed and tabs read as spaces.
    private func unfolded(_ field: String) throws -> String {
        let fields = MessageHeaders.fields(Array(field.utf8))
        try #require(fields.count == 1)
        #expect(fields[0].name == "Received")
        return fields[0].value.replacingOccurrences(of: "\t", with: " ")
    }

    /// Checks RFC 5322 §2.1.1 and §2.2.3: CRLF line ends only, continuation lines start
    /// with white space, no line over 78 characters unless it is a single unbreakable word.
    private func expectWellFormed(_ field: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(field.hasPrefix("Received: "), sourceLocation: sourceLocation)
        #expect(field.hasSuffix("\r\n"), sourceLocation: sourceLocation)
        let lines = field.utf8.split(separator: 0x0A, omittingEmptySubsequences: true).map { Array($0) }
        for (index, line) in lines.enumerated() {
            #expect(line.last == 0x0D, "every line ends in CRLF", sourceLocation: sourceLocation)
            let text = line.dropLast()
            #expect(!text.contains(0x0D), "no bare CR", sourceLocation: sourceLocation)
            if index > 0 { #expect(text.first == 0x09, "continuation starts with a tab", sourceLocation: sourceLocation) }
            #expect(
                text.count <= 78 || (index > 0 && !hasFoldingPoint(text.dropFirst())),
                "line of \(text.count) characters: \(String(decoding: text, as: UTF8.self))",
                sourceLocation: sourceLocation
            )
        }
    }

    /// Whether there is a space outside a quoted string, where the line could have been folded.
    private func hasFoldingPoint(_ text: some Collection<UInt8>) -> Bool {
        var quoted = false
        for byte in text {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if byte == 0x20 && !quoted { return true }
        }
        return false
    }

    @Test("writes every clause, folded at clause boundaries")
    func complete() {
        let field = header(tls: .init(version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384")).field
        #expect(
            field == """
                Received: from client.example (host.example [192.0.2.1])\r
                \t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384) by mx.example.org\r
                \twith ESMTPS id 4F2A9C for <user@example.org>; Sun, 29 Nov 2026 01:42:59 +0000\r

                """
        )
        expectWellFormed(field)
    }

    @Test("the TLS comment leaves out an unknown cipher")
    func tlsWithoutCipher() throws {
        let value = try unfolded(header(tls: .init(version: "TLSv1.3")).field)
        #expect(value.hasPrefix("from client.example (host.example [192.0.2.1]) (using TLSv1.3) by mx.example.org"))
    }

    @Test("a short field stays on one line")
    func short() {
        let field = header(helo: "a.example", host: nil, server: "mx", protocolName: "SMTP", queueID: nil, recipients: []).field
        #expect(field == "Received: from a.example ([192.0.2.1]) by mx with SMTP;\r\n\tSun, 29 Nov 2026 01:42:59 +0000\r\n")
        expectWellFormed(field)
    }

    @Test("TCP-info: reverse-DNS name and address literal, IPv6 with its tag, none without an address", arguments: [
        ("host.example", "192.0.2.1", "from client.example (host.example [192.0.2.1]) by"),
        (nil, "192.0.2.1", "from client.example ([192.0.2.1]) by"),
        ("v6.example", "2001:db8::1", "from client.example (v6.example [IPv6:2001:db8::1]) by"),
        (nil, "::ffff:192.0.2.7", "from client.example ([192.0.2.7]) by"),
        (nil, nil, "from client.example by"),
    ] as [(String?, String?, String)])
    func tcpInfo(host: String?, address: String?, expected: String) throws {
        let value = try unfolded(header(host: host, address: address).field)
        #expect(value.hasPrefix(expected))
    }

    @Test("names the recipient only when there is exactly one", arguments: [
        ([], false),
        (["user@example.org"], true),
        (["user@example.org", "other@example.org"], false),
    ])
    func forClause(recipients: [String], named: Bool) throws {
        let value = try unfolded(header(recipients: recipients).field)
        #expect(value.contains(" for <") == named)
        #expect(!value.contains("other@example.org"))
        #expect(value.hasSuffix("; Sun, 29 Nov 2026 01:42:59 +0000"))
    }

    @Test("takes the EHLO name, protocol and recipients from the envelope")
    func fromEnvelope() throws {
        let envelope = Envelope(
            clientName: "laptop.example",
            usedExtendedHello: true,
            isTLS: true,
            authenticatedUser: "alice",
            reversePath: .mailbox(Mailbox("alice@example.org")!),
            mailParameters: MailParameters(),
            recipients: [.init(forwardPath: .postmaster)]
        )
        let received = ReceivedHeader(
            envelope: envelope, clientAddress: IPAddress("198.51.100.4"), serverHostName: "mx.example.org",
            queueID: "Q1", date: Self.date, timeZone: Self.utc
        )
        #expect(
            try unfolded(received.field)
                == "from laptop.example ([198.51.100.4]) by mx.example.org with ESMTPSA id Q1 for <Postmaster>; Sun, 29 Nov 2026 01:42:59 +0000"
        )
    }

    @Test("folds long fields at white space into lines of at most 78 characters", arguments: [
        (String(repeating: "a", count: 60) + ".example", "host.example", "mx.example.org", "Q1", "user@example.org"),
        ("client.example", String(repeating: "h", count: 63) + "." + String(repeating: "i", count: 40) + ".example", "mx.example.org", "Q1", "user@example.org"),
        ("c.example", "h.example", String(repeating: "m", count: 70) + ".example", String(repeating: "Q", count: 40), "user@example.org"),
        ("c.example", "h.example", "mx.example.org", "4F2A9C", "\"john  doe with a very long quoted local part\"@" + String(repeating: "d", count: 20) + ".example"),
        ("c", "h", "m", "q", "u@x.example"),
        (String(repeating: "x", count: 200), String(repeating: "y", count: 200), "mx.example.org", "Q1", "user@example.org"),
    ])
    func folding(helo: String, host: String, server: String, queueID: String, recipient: String) throws {
        let received = header(
            helo: helo, host: host, address: "2001:db8:1234:5678:9abc:def0:1234:5678", server: server,
            tls: .init(version: "TLSv1.2", cipher: "ECDHE-RSA-CHACHA20-POLY1305"), queueID: queueID, recipients: [recipient]
        )
        let field = received.field
        expectWellFormed(field)
        // Folding only replaced single spaces, so unfolding gives back the clauses.
        #expect(try unfolded(field) == received.clauses.map { $0.joined(separator: " ") }.joined(separator: " "))
        // A quoted local part is one word: it is never folded inside.
        #expect(field.contains("<\(recipient)>;"))
    }

    @Test("every combination of word lengths folds within the limit")
    func foldingExhaustive() {
        for heloLength in stride(from: 1, through: 77, by: 4) {
            for serverLength in stride(from: 1, through: 77, by: 6) {
                let field = header(
                    helo: String(repeating: "h", count: heloLength), host: "r.example",
                    server: String(repeating: "s", count: serverLength), queueID: "ABCDEF"
                ).field
                expectWellFormed(field)
            }
        }
    }

    @Test("a hostile EHLO name cannot start a header line or forge clauses", arguments: [
        ("evil\r\nBcc: x", "evilBcc:x"),
        ("evil\nBcc: x", "evilBcc:x"),
        ("evil\rBcc: x", "evilBcc:x"),
        ("a) by trusted.example (x", "abytrusted.examplex"),
        ("a\\)b", "ab"),
        ("semi;colon\"quote", "semicolonquote"),
        ("nul\u{0}del\u{7F}esc\u{1B}tab\t", "nuldelesctab"),
        ("line\u{2028}separator\u{85}next\u{200B}zero", "lineseparatornextzero"),
        ("bücher.example", "bücher.example"),
        ("[192.0.2.1]", "[192.0.2.1]"),
        ("\r\n", "unknown"),
    ])
    func hostileHelo(helo: String, cleaned: String) throws {
        let field = header(helo: helo).field
        expectWellFormed(field)
        let fields = MessageHeaders.fields(Array(field.utf8))
        #expect(fields.map(\.name) == ["Received"])
        let value = try unfolded(field)
        #expect(value.hasPrefix("from \(cleaned) (host.example [192.0.2.1]) by mx.example.org with ESMTPS id 4F2A9C"))
        #expect(value.components(separatedBy: " by ").count == 2)
        #expect(value.filter { $0 == "(" }.count == value.filter { $0 == ")" }.count)
    }

    @Test("a hostile reverse-DNS name cannot leave its comment")
    func hostileHost() throws {
        let value = try unfolded(header(host: "x) by trusted.example\r\nBcc: y (z").field)
        #expect(value.hasPrefix("from client.example (xbytrusted.exampleBcc:yz [192.0.2.1]) by mx.example.org"))
    }

    @Test("an overlong EHLO name is cut to 255 octets")
    func overlong() throws {
        let value = try unfolded(header(helo: String(repeating: "a", count: 5000)).field)
        #expect(value.hasPrefix("from " + String(repeating: "a", count: 255) + " ("))
    }

    @Test("appended to a message being stored, the field is the same octets, after what was there", arguments: [
        "client.example", "bücher.example", String(repeating: "a", count: 300),
    ])
    func appendedField(helo: String) {
        let received = header(helo: helo, tls: .init(version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384"))
        var octets = Array("X".utf8)
        received.appendField(to: &octets)
        #expect(octets == Array("X".utf8) + Array(received.field.utf8))
        expectWellFormed(String(decoding: octets.dropFirst(), as: UTF8.self))
    }
}
