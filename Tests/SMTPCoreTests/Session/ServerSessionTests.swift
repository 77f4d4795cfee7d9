import Testing

@testable import SMTPCore

@Suite("Server session: greeting, EHLO, sequencing (RFC 5321 §4.1.4)")
struct ServerSessionSequencingTests {
    @Test("greets with 220 and the host name")
    func greeting() {
        let harness = SessionHarness()
        #expect(harness.replies.map(\.description) == ["220 mx.test ESMTP Postamt"])
    }

    @Test("the RFC 5321 Appendix D.1 transaction, with one recipient refused")
    func appendixD1() {
        var harness = SessionHarness()
        harness.recipientPolicy = { path in
            path.mailbox?.localPart == "Green" ? .reject(Reply(550, EnhancedStatusCode(.permanentFailure, 1, 1), "No such user here")) : .accept
        }
        #expect(harness.send("EHLO bar.com\r\n").first?.code == 250)
        #expect(harness.codes("MAIL FROM:<Smith@bar.com>\r\n") == ["250 2.1.0"])
        #expect(harness.codes("RCPT TO:<Jones@foo.com>\r\n") == ["250 2.1.5"])
        #expect(harness.codes("RCPT TO:<Green@foo.com>\r\n") == ["550 5.1.1"])
        #expect(harness.codes("RCPT TO:<Brown@foo.com>\r\n") == ["250 2.1.5"])
        #expect(harness.codes("DATA\r\n") == ["354"])
        #expect(harness.codes("Blah blah blah...\r\n...etc. etc. etc.\r\n.\r\n") == ["250 2.0.0"])
        #expect(harness.codes("QUIT\r\n") == ["221 2.0.0"])
        #expect(harness.closed)
        let stored = harness.storedMessages[0]
        #expect(stored.envelope.recipients.map(\.forwardPath.description) == ["<Jones@foo.com>", "<Brown@foo.com>"])
        #expect(stored.envelope.reversePath.description == "<Smith@bar.com>")
        #expect(String(decoding: stored.content, as: UTF8.self) == "Blah blah blah...\r\n..etc. etc. etc.\r\n")
    }

    @Test("EHLO advertises exactly what the listener offers")
    func extensions() {
        var mx = SessionHarness(.mx(hostname: "mx.test", isStartTLSAvailable: true))
        let mxLines = mx.send("EHLO client.example\r\n")[0].lines
        #expect(mxLines == ["mx.test Hello client.example", "PIPELINING", "SIZE 26214400", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "CHUNKING", "DSN", "STARTTLS"])

        var submission = SessionHarness(.submission(hostname: "smtp.test"))
        let beforeTLS = submission.send("EHLO c\r\n")[0].lines
        #expect(beforeTLS.contains("STARTTLS"))
        #expect(!beforeTLS.contains { $0.hasPrefix("AUTH") })
        submission.send("STARTTLS\r\n")
        submission.run(submission.session.tlsEstablished())
        let afterTLS = submission.send("EHLO c\r\n")[0].lines
        #expect(!afterTLS.contains("STARTTLS"))
        #expect(afterTLS.contains("AUTH PLAIN LOGIN"))

        var helo = SessionHarness()
        #expect(helo.send("HELO old.example\r\n").map(\.description) == ["250 mx.test Hello old.example"])
    }

    @Test("MAIL before EHLO/HELO is 503 5.5.1")
    func mailBeforeHello() {
        var harness = SessionHarness()
        #expect(harness.codes("MAIL FROM:<a@b.example>\r\n") == ["503 5.5.1"])
    }

    @Test("RCPT before MAIL, DATA before MAIL and nested MAIL are 503 5.5.1; DATA without recipients is 554 5.5.1")
    func outOfSequence() {
        var harness = SessionHarness()
        harness.send("EHLO c\r\n")
        #expect(harness.codes("RCPT TO:<a@b.example>\r\n") == ["503 5.5.1"])
        #expect(harness.codes("DATA\r\n") == ["503 5.5.1"])
        #expect(harness.codes("MAIL FROM:<a@b.example>\r\n") == ["250 2.1.0"])
        #expect(harness.codes("MAIL FROM:<a@b.example>\r\n") == ["503 5.5.1"])
        #expect(harness.codes("DATA\r\n") == ["554 5.5.1"])
    }

    @Test("RSET and a new EHLO end the transaction")
    func resets() {
        var harness = SessionHarness()
        harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(harness.codes("RSET\r\n") == ["250 2.0.0"])
        #expect(harness.codes("RCPT TO:<x@y.example>\r\n") == ["503 5.5.1"])
        harness.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\n")
        #expect(harness.session.hasOpenTransaction)
        harness.send("EHLO again\r\n")
        #expect(!harness.session.hasOpenTransaction)
        #expect(harness.codes("DATA\r\n") == ["503 5.5.1"])
    }

    @Test("pipelined commands in one write are answered in order (RFC 2920)")
    func pipelining() {
        var harness = SessionHarness()
        harness.recipientPolicy = { $0.mailbox?.localPart == "nobody" ? .reject(Reply(550, EnhancedStatusCode(.permanentFailure, 1, 1), "unknown")) : .accept }
        let codes = harness.codes("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nRCPT TO:<nobody@y.example>\r\nRCPT TO:<z@y.example>\r\nDATA\r\n")
        #expect(codes == ["250", "250 2.1.0", "250 2.1.5", "550 5.1.1", "250 2.1.5", "354"])
        #expect(harness.codes("body\r\n.\r\nRSET\r\nQUIT\r\n") == ["250 2.0.0", "250 2.0.0", "221 2.0.0"])
    }

    @Test("while a decision is pending, later commands wait and are answered after it")
    func decisionsHoldInput() {
        var harness = SessionHarness()
        harness.answersImmediately = false
        harness.send("EHLO c\r\n")
        #expect(harness.codes("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nNOOP\r\n") == [])
        #expect(harness.session.isAwaitingDecision)
        harness.run(harness.session.senderChecked(.accept))
        #expect(harness.replies.suffix(1).map(\.shortForm) == ["250 2.1.0"])
        harness.run(harness.session.recipientChecked(.accept))
        #expect(harness.replies.suffix(2).map(\.shortForm) == ["250 2.1.5", "250 2.0.0"])
    }

    @Test("the 250 for a message comes only after storage confirms it")
    func acknowledgeAfterStorage() {
        var harness = SessionHarness()
        harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n")
        harness.answersImmediately = false
        #expect(harness.codes("hello\r\n.\r\nQUIT\r\n") == [])
        #expect(harness.actions.contains { if case .storeMessage = $0 { true } else { false } })
        harness.run(harness.session.messageStored(.stored(queueID: "4F2A")))
        #expect(harness.replies.suffix(2).map(\.description) == ["250 2.0.0 Ok: queued as 4F2A", "221 2.0.0 mx.test Bye"])
    }

    @Test("a storage failure answers with its 4xx and the session goes on")
    func storageFailure() {
        var harness = SessionHarness()
        harness.storagePolicy = { _ in .failed(Reply(451, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "Storage failed, ref ABC")) }
        harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n")
        #expect(harness.codes("x\r\n.\r\n") == ["451 4.3.0"])
        #expect(!harness.session.hasOpenTransaction)
        harness.storagePolicy = { _ in .stored(queueID: "Q2") }
        #expect(harness.codes("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\ny\r\n.\r\n") == ["250 2.1.0", "250 2.1.5", "354", "250 2.0.0"])
    }

    @Test("VRFY gets the same 252 for every address; EXPN is 502; HELP is 214")
    func verifyExpand() {
        var harness = SessionHarness()
        harness.send("EHLO c\r\n")
        let existing = harness.send("VRFY postmaster\r\n")
        let missing = harness.send("VRFY no-such-user-xyz\r\n")
        #expect(existing == missing)
        #expect(existing.map(\.shortForm) == ["252 2.5.0"])
        #expect(harness.codes("EXPN staff\r\n") == ["502 5.5.1"])
        #expect(harness.codes("HELP\r\n") == ["214 2.0.0"])
        #expect(harness.codes("NOOP\r\n") == ["250 2.0.0"])
    }

    @Test("QUIT closes and nothing after it is executed")
    func quit() {
        var harness = SessionHarness()
        #expect(harness.codes("QUIT\r\nNOOP\r\n") == ["221 2.0.0"])
        #expect(harness.closed)
        #expect(harness.codes("NOOP\r\n") == [])
    }
}

@Suite("Server session: limits and errors")
struct ServerSessionLimitTests {
    @Test("more recipients than allowed get 452 4.5.3 (RFC 5321 §4.5.3.1.10)")
    func recipientLimit() {
        var harness = SessionHarness(.init(hostname: "mx.test", maximumRecipients: 2))
        harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(harness.codes("RCPT TO:<1@y.example>\r\nRCPT TO:<2@y.example>\r\nRCPT TO:<3@y.example>\r\n") == ["250 2.1.5", "250 2.1.5", "452 4.5.3"])
    }

    @Test("too many errors end the session with 421 4.7.0")
    func errorLimit() {
        var harness = SessionHarness(.init(hostname: "mx.test", maximumErrors: 3))
        #expect(harness.codes("FOO\r\nBAR\r\nBAZ\r\nNOOP\r\n") == ["500 5.5.2", "500 5.5.2", "500 5.5.2", "421 4.7.0"])
        #expect(harness.closed)
    }

    @Test("an over-long command line gets 500 5.5.6 and the session goes on")
    func longLine() {
        var harness = SessionHarness()
        #expect(harness.codes(String(repeating: "A", count: 5000) + "\r\nNOOP\r\n") == ["500 5.5.6", "250 2.0.0"])
        #expect(harness.codes("NOOP " + String(repeating: "x", count: 600) + "\r\n") == ["500 5.5.6"])
    }

    @Test("a declared SIZE over the limit is refused at MAIL with 552 5.3.4 (RFC 1870)")
    func declaredSize() {
        var harness = SessionHarness(.init(hostname: "mx.test", maximumMessageSize: 1000))
        harness.send("EHLO c\r\n")
        #expect(harness.codes("MAIL FROM:<a@b.example> SIZE=1001\r\n") == ["552 5.3.4"])
        #expect(harness.codes("MAIL FROM:<a@b.example> SIZE=1000\r\n") == ["250 2.1.0"])
    }

    @Test("content over the limit is discarded and answered with 552 5.3.4 after the dot")
    func actualSize() {
        var harness = SessionHarness(.init(hostname: "mx.test", maximumMessageSize: 10))
        harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n")
        #expect(harness.codes(String(repeating: "x", count: 100) + "\r\n.\r\nNOOP\r\n") == ["552 5.3.4", "250 2.0.0"])
        #expect(harness.storedMessages.isEmpty)
        #expect(harness.session.heldContentCount == 0, "the content is dropped")
    }

    @Test("bare LF or CR in content: 550 5.6.0 after the dot, nothing stored, the session stays usable")
    func bareLineEndings() {
        for content in ["a\nb\r\n", "a\rb\r\n", "x\r\n.\nMAIL FROM:<e@vil>\r\n"] {
            var harness = SessionHarness()
            harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n")
            #expect(harness.codes(content + ".\r\n") == ["550 5.6.0"], "\(content.debugDescription)")
            #expect(harness.storedMessages.isEmpty)
            #expect(harness.codes("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\nok\r\n.\r\n") == ["250 2.1.0", "250 2.1.5", "354", "250 2.0.0"])
        }
    }

    @Test("SMTP smuggling end to end: a bare-LF dot is content, the smuggled transaction is never executed")
    func smugglingEndToEnd() {
        var harness = SessionHarness(.init(hostname: "mx.test", bareLineEndingPolicy: .normalize))
        harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n")
        let replies = harness.codes("Subject: t\r\n\r\nhi\n.\nMAIL FROM:<admin@y.example>\nRCPT TO:<victim@y.example>\nDATA\nforged\r\n.\r\n")
        #expect(replies == ["250 2.0.0"])
        #expect(harness.storedMessages.count == 1)
        #expect(harness.storedMessages[0].envelope.reversePath.description == "<a@b.example>")
        let content = String(decoding: harness.storedMessages[0].content, as: UTF8.self)
        #expect(content == "Subject: t\r\n\r\nhi\r\n.\r\nMAIL FROM:<admin@y.example>\r\nRCPT TO:<victim@y.example>\r\nDATA\r\nforged\r\n")
    }

    @Test("lines over 1000 octets are rejected only when configured")
    func longLines() {
        var strict = SessionHarness(.init(hostname: "mx.test", longLinePolicy: .reject))
        strict.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n")
        #expect(strict.codes(String(repeating: "l", count: 1200) + "\r\n.\r\n") == ["550 5.6.0"])
        var lenient = SessionHarness()
        lenient.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n")
        #expect(lenient.codes(String(repeating: "l", count: 1200) + "\r\n.\r\n") == ["250 2.0.0"])
    }

    @Test("a non-ASCII recipient needs SMTPUTF8 on MAIL (553 5.6.7, RFC 6531)")
    func smtputf8() {
        var harness = SessionHarness()
        harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(harness.codes("RCPT TO:<jörg@bücher.example>\r\n") == ["553 5.6.7"])
        harness.send("RSET\r\n")
        #expect(harness.codes("MAIL FROM:<a@b.example> SMTPUTF8\r\nRCPT TO:<jörg@bücher.example>\r\n") == ["250 2.1.0", "250 2.1.5"])
    }

    @Test("a client that sends too much while a decision is pending is disconnected")
    func pendingInputLimit() {
        var harness = SessionHarness(.init(hostname: "mx.test", maximumPendingInput: 100))
        harness.answersImmediately = false
        harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(harness.codes(String(repeating: "NOOP\r\n", count: 30)) == ["421 4.7.0"])
        #expect(harness.closed)
    }

    @Test("room for the content is reserved from the size the client declares (SIZE=, a BDAT chunk's size), within the message size limit and at most 1 MiB; the content arrives whole")
    func contentReservedFromDeclaredSize() {
        var declared = SessionHarness()
        declared.send("EHLO c\r\nMAIL FROM:<a@b.example> SIZE=200000\r\nRCPT TO:<x@y.example>\r\n")
        #expect(declared.codes("DATA\r\n") == ["354"])
        #expect(declared.session.heldContentCapacity >= 200_000)
        #expect(declared.session.heldContentCount == 0)
        let body = String(repeating: "a line of the message\r\n", count: 8000)
        #expect(declared.codes(body + ".\r\n") == ["250 2.0.0"])
        #expect(declared.storedMessages.last?.content == Array(body.utf8))

        // A figure beyond the limits reserves no more than they allow.
        var large = SessionHarness(.init(hostname: "mx.test", maximumMessageSize: 50_000_000))
        large.send("EHLO c\r\nMAIL FROM:<a@b.example> SIZE=40000000\r\nRCPT TO:<x@y.example>\r\nDATA\r\n")
        #expect(large.session.heldContentCapacity >= ServerSession.contentReservationLimit)
        #expect(large.session.heldContentCapacity < 2 * ServerSession.contentReservationLimit)
        var limited = SessionHarness(.init(hostname: "mx.test", maximumMessageSize: 64_000))
        limited.send("EHLO c\r\nMAIL FROM:<a@b.example> SIZE=60000\r\nRCPT TO:<x@y.example>\r\nDATA\r\n")
        #expect(limited.session.heldContentCapacity >= 60_000)
        #expect(limited.session.heldContentCapacity < 128_000)

        // Without SIZE= nothing is reserved ahead; a BDAT chunk's size is.
        var undeclared = SessionHarness()
        undeclared.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n")
        #expect(undeclared.session.heldContentCapacity < 1000)
        var chunked = SessionHarness()
        chunked.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nBDAT 70000\r\n")
        #expect(chunked.session.heldContentCapacity >= 70_000)
    }

    @Test("timeouts close with 421 4.4.2 and drop partial content")
    func timeout() {
        var harness = SessionHarness()
        harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\npartial")
        #expect(harness.session.heldContentCount == 7)
        harness.run(harness.session.timedOut())
        #expect(harness.replies.last?.shortForm == "421 4.4.2")
        #expect(harness.session.heldContentCount == 0)
        #expect(harness.closed)
    }

    @Test("shutting down: idle sessions get 421 4.3.2 at once; a transaction may finish, the next MAIL gets 421 4.3.2")
    func shutdown() {
        var idle = SessionHarness()
        idle.send("EHLO c\r\n")
        idle.run(idle.session.shutdown())
        #expect(idle.replies.last?.shortForm == "421 4.3.2")
        #expect(idle.closed)

        var busy = SessionHarness()
        busy.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\n")
        busy.run(busy.session.shutdown())
        #expect(!busy.closed)
        #expect(busy.codes("DATA\r\nmsg\r\n.\r\n") == ["354", "250 2.0.0"])
        #expect(busy.codes("MAIL FROM:<a@b.example>\r\n") == ["421 4.3.2"])
        #expect(busy.closed)
    }

    @Test("HTTP requests on the SMTP port are dropped")
    func http() {
        var harness = SessionHarness()
        #expect(harness.codes("GET / HTTP/1.1\r\nHost: x\r\n\r\n") == ["421 4.7.0"])
        #expect(harness.actions.contains(.foreignProtocol(.http)))
        #expect(harness.closed)
    }

    @Test("a TLS ClientHello on a plaintext port is recognised (the client wants implicit TLS)")
    func tlsOnPlaintextPort() {
        var harness = SessionHarness()
        harness.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03])
        #expect(harness.actions.contains(.foreignProtocol(.tlsHandshake)))
        #expect(harness.closed)
    }
}

@Suite("Server session: STARTTLS (RFC 3207)")
struct ServerSessionStartTLSTests {
    @Test("STARTTLS answers 220, then the session starts over and needs a new EHLO")
    func resetsSession() {
        var harness = SessionHarness(.mx(hostname: "mx.test", isStartTLSAvailable: true))
        harness.send("EHLO c\r\n")
        #expect(harness.codes("STARTTLS\r\n") == ["220 2.0.0"])
        #expect(harness.tlsStarted)
        harness.run(harness.session.tlsEstablished())
        #expect(harness.session.isTLSActive)
        #expect(harness.codes("MAIL FROM:<a@b.example>\r\n") == ["503 5.5.1"])
        harness.send("EHLO c\r\n")
        #expect(harness.codes("MAIL FROM:<a@b.example>\r\n") == ["250 2.1.0"])
        #expect(harness.codes("STARTTLS\r\n") == ["503 5.5.1"])
    }

    @Test("commands sent after STARTTLS in the same write are discarded, never run after the handshake (CVE-2011-0411)")
    func injection() {
        var harness = SessionHarness(.mx(hostname: "mx.test", isStartTLSAvailable: true))
        harness.send("EHLO c\r\n")
        #expect(harness.codes("STARTTLS\r\nMAIL FROM:<evil@x.example>\r\nRCPT TO:<victim@y.example>\r\n") == ["220 2.0.0"])
        #expect(harness.codes("NOOP\r\n") == [])  // plaintext before the handshake finishes
        harness.run(harness.session.tlsEstablished())
        #expect(harness.replies.count == 3)
        #expect(!harness.actions.contains { if case .checkSender = $0 { true } else { false } })
        #expect(harness.codes("EHLO c\r\n").count == 1)
    }

    @Test("STARTTLS where it is not offered is 502 5.5.1; during a transaction 503 5.5.1")
    func notOffered() {
        var plain = SessionHarness()
        plain.send("EHLO c\r\n")
        #expect(plain.codes("STARTTLS\r\n") == ["502 5.5.1"])
        var mx = SessionHarness(.mx(hostname: "mx.test", isStartTLSAvailable: true))
        mx.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(mx.codes("STARTTLS\r\n") == ["503 5.5.1"])
    }

    @Test("submission refuses MAIL before TLS with 530 5.7.0")
    func submissionRequiresTLS() {
        var harness = SessionHarness(.submission(hostname: "smtp.test"))
        harness.send("EHLO c\r\n")
        #expect(harness.codes("MAIL FROM:<a@b.example>\r\n") == ["530 5.7.0"])
    }
}

@Suite("Server session: AUTH (RFC 4954)")
struct ServerSessionAuthTests {
    /// A submission session with TLS up and EHLO sent.
    private func ready() -> SessionHarness {
        var harness = SessionHarness(.submission(hostname: "smtp.test"))
        harness.send("EHLO c\r\nSTARTTLS\r\n")
        harness.run(harness.session.tlsEstablished())
        harness.send("EHLO c\r\n")
        return harness
    }

    private let plainAlice = Base64.encode(Array("\0alice\0secret".utf8))

    @Test("AUTH before TLS is 538 5.7.11")
    func beforeTLS() {
        var harness = SessionHarness(.submission(hostname: "smtp.test"))
        harness.send("EHLO c\r\n")
        #expect(harness.codes("AUTH PLAIN \(plainAlice)\r\n") == ["538 5.7.11"])
    }

    @Test("MAIL without AUTH on submission is 530 5.7.0")
    func mailWithoutAuth() {
        var harness = ready()
        #expect(harness.codes("MAIL FROM:<alice@example.com>\r\n") == ["530 5.7.0"])
    }

    @Test("AUTH PLAIN with an initial response, then mail")
    func plain() {
        var harness = ready()
        #expect(harness.codes("AUTH PLAIN \(plainAlice)\r\n") == ["235 2.7.0"])
        #expect(harness.session.authenticatedUserName == "alice")
        #expect(harness.codes("MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@elsewhere.example>\r\nDATA\r\nhi\r\n.\r\n") == ["250 2.1.0", "250 2.1.5", "354", "250 2.0.0"])
        #expect(harness.storedMessages[0].envelope.authenticatedUser == "alice")
        #expect(harness.storedMessages[0].envelope.receivedProtocol == "ESMTPSA")
    }

    @Test("AUTH PLAIN with an empty challenge first")
    func plainTwoStep() {
        var harness = ready()
        #expect(harness.send("AUTH PLAIN\r\n").map(\.description) == ["334"])
        #expect(harness.codes("\(plainAlice)\r\n") == ["235 2.7.0"])
    }

    @Test("AUTH LOGIN asks for user name and password in base64")
    func login() {
        var harness = ready()
        #expect(harness.send("AUTH LOGIN\r\n").map(\.description) == ["334 VXNlcm5hbWU6"])
        #expect(harness.send("\(Base64.encode(Array("alice".utf8)))\r\n").map(\.description) == ["334 UGFzc3dvcmQ6"])
        #expect(harness.codes("\(Base64.encode(Array("secret".utf8)))\r\n") == ["235 2.7.0"])
    }

    @Test("wrong credentials are 535 5.7.8")
    func wrongPassword() {
        var harness = ready()
        #expect(harness.codes("AUTH PLAIN \(Base64.encode(Array("\0alice\0wrong".utf8)))\r\n") == ["535 5.7.8"])
        #expect(harness.session.authenticatedUserName == nil)
    }

    @Test("error replies of the exchange", arguments: [
        ("AUTH CRAM-MD5\r\n", ["504 5.5.4"]),
        ("AUTH PLAIN\r\n*\r\n", ["334", "501 5.7.0"]),
        ("AUTH LOGIN\r\nnot base64!\r\n", ["334", "501 5.5.2"]),
        ("AUTH PLAIN \(Base64.encode(Array("no-nul-here".utf8)))\r\n", ["501 5.5.2"]),
        ("AUTH PLAIN \(Base64.encode(Array("bob\0alice\0secret".utf8)))\r\n", ["535 5.7.8"]),
        ("AUTH PLAIN\r\n\(String(repeating: "QUFB", count: 4000))\r\n", ["334", "500 5.5.6"]),
    ])
    func exchangeErrors(input: String, expected: [String]) {
        var harness = ready()
        #expect(harness.codes(input) == expected)
        #expect(harness.codes("NOOP\r\n") == ["250 2.0.0"])
    }

    @Test("AUTH twice is 503 5.5.1; AUTH inside a transaction is 503 5.5.1")
    func sequencing() {
        var harness = ready()
        harness.send("AUTH PLAIN \(plainAlice)\r\n")
        #expect(harness.codes("AUTH PLAIN \(plainAlice)\r\n") == ["503 5.5.1"])
        var other = SessionHarness(.init(hostname: "mx.test", authenticationMechanisms: [.plain], authenticationRequiresTLS: false))
        other.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(other.codes("AUTH PLAIN \(plainAlice)\r\n") == ["503 5.5.1"])
    }

    @Test("AUTH on a port without AUTH is 502 5.5.1")
    func notOffered() {
        var harness = SessionHarness()
        harness.send("EHLO c\r\n")
        #expect(harness.codes("AUTH PLAIN \(plainAlice)\r\n") == ["502 5.5.1"])
    }

    @Test("temporary failures are 454 4.7.0; too many failures end the session with 421 4.7.0")
    func failures() {
        var harness = ready()
        harness.authenticationPolicy = { _ in .temporaryFailure }
        #expect(harness.codes("AUTH PLAIN \(plainAlice)\r\n") == ["454 4.7.0"])
        harness.authenticationPolicy = { _ in .tooManyFailures }
        #expect(harness.codes("AUTH PLAIN \(plainAlice)\r\n") == ["421 4.7.0"])
        #expect(harness.closed)
    }

    @Test("credentials never print their password")
    func redaction() {
        let credentials = Credentials(mechanism: .plain, username: "alice", password: Array("hunter2".utf8))
        #expect(!"\(credentials)".contains("hunter2"))
        #expect(!String(reflecting: credentials).contains("hunter2"))
    }

    @Test("implicit TLS sessions offer AUTH from the start and no STARTTLS")
    func implicitTLS() {
        var harness = SessionHarness(.submissions(hostname: "smtp.test"))
        let lines = harness.send("EHLO c\r\n")[0].lines
        #expect(lines.contains("AUTH PLAIN LOGIN") && !lines.contains("STARTTLS"))
        #expect(harness.codes("STARTTLS\r\n") == ["502 5.5.1"])
    }
}

@Suite("Server session: BDAT (RFC 3030)")
struct ServerSessionChunkingTests {
    @Test("chunks are acknowledged one by one; LAST stores the message")
    func chunks() {
        var harness = SessionHarness()
        harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\n")
        #expect(harness.codes("BDAT 7\r\nHello, BDAT 7 LAST\r\nworld\r\n") == ["250 2.0.0", "250 2.0.0"])
        #expect(String(decoding: harness.storedMessages[0].content, as: UTF8.self) == "Hello, world\r\n")
        #expect(harness.storedMessages[0].envelope.usedChunking)
    }

    @Test("a chunk may carry anything, including lines that look like commands or a lone dot")
    func binarySafe() {
        var harness = SessionHarness()
        harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\n")
        let body = "a\r\n.\r\nQUIT\r\n"
        #expect(harness.codes("BDAT \(body.utf8.count) LAST\r\n\(body)NOOP\r\n") == ["250 2.0.0", "250 2.0.0"])
        #expect(String(decoding: harness.storedMessages[0].content, as: UTF8.self) == body)
    }

    @Test("a refused BDAT still consumes its chunk, so the data is never read as commands")
    func refusedChunkConsumed() {
        var harness = SessionHarness()
        harness.send("EHLO c\r\n")
        #expect(harness.codes("BDAT 12\r\nRSET\r\nQUIT\r\nNOOP\r\n") == ["503 5.5.1", "250 2.0.0"])
        #expect(!harness.closed)
    }

    @Test("DATA after BDAT and BDAT after DATA are out of sequence")
    func mixing() {
        var harness = SessionHarness()
        harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nBDAT 1\r\nx")
        #expect(harness.codes("DATA\r\n") == ["503 5.5.1"])
        #expect(harness.codes("RCPT TO:<z@y.example>\r\n") == ["503 5.5.1"])
    }

    @Test("bare LF in chunked content is refused like in DATA; too big is 552 5.3.4")
    func contentRules() {
        var harness = SessionHarness(.init(hostname: "mx.test", maximumMessageSize: 20))
        harness.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\n")
        #expect(harness.codes("BDAT 5 LAST\r\na\nb\r\n") == ["550 5.6.0"])
        harness.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\n")
        #expect(harness.codes("BDAT 30\r\n" + String(repeating: "y", count: 30)) == ["552 5.3.4"])
        #expect(harness.codes("BDAT 0 LAST\r\n") == ["503 5.5.1"])
        #expect(harness.storedMessages.isEmpty)
    }
}
