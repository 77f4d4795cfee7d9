import PostamtTestSupport
import SMTPClient
import SMTPCore
import Testing

@Suite("SMTP client connections against a real server")
struct SMTPClientConnectionTests {
    private func message(to recipients: [String], content: String = "Subject: hi\r\n\r\nhello\r\n.leading dot\r\nbare\nLF\r\n") -> OutgoingMessage {
        OutgoingMessage(
            reversePath: .mailbox(Mailbox("sender@example.test")!),
            recipients: recipients.map { Envelope.Recipient(forwardPath: .mailbox(Mailbox($0)!)) },
            content: Array(content.utf8)
        )
    }

    private func configuration(_ policy: ClientSession.TLSPolicy, credentials: Credentials? = nil, verify: SMTPClientConnection.CertificateVerification = .none) -> SMTPClientConnection.Configuration {
        SMTPClientConnection.Configuration(
            session: ClientSession.Configuration(clientName: "client.example.test", tlsPolicy: policy, credentials: credentials),
            verification: verify
        )
    }

    @Test("opportunistic STARTTLS, two messages on one connection, content arrives exactly (bare LF normalised)")
    func delivers() async throws {
        let sink = try await TestSMTPSink.start()
        let connection = try await SMTPClientConnection.connect(host: "127.0.0.1", port: sink.port, serverName: "sink.example.test", configuration: configuration(.opportunistic))
        #expect(connection.extensions.pipelining)
        let first = try await connection.send(message(to: ["a@sink.test", "b@sink.test"]))
        #expect(first.recipientResults.allSatisfy { $0.isAccepted })
        let second = try await connection.send(message(to: ["c@sink.test"]))
        #expect(second.recipientResults.allSatisfy { $0.isAccepted })
        await connection.quit()
        #expect(sink.received.count == 2)
        #expect(sink.received.first?.envelope.isTLS == true)
        #expect(String(decoding: sink.received[0].content, as: UTF8.self) == "Subject: hi\r\n\r\nhello\r\n.leading dot\r\nbare\r\nLF\r\n")
        await sink.stop()
    }

    @Test("send with its dialogue: the first message's transcript from the greeting, the next from its MAIL; a connection the server closed fails at once with nothing sent")
    func sendWithTranscript() async throws {
        let sink = try await TestSMTPSink.start()
        let connection = try await SMTPClientConnection.connect(host: "127.0.0.1", port: sink.port, serverName: nil, configuration: configuration(.none))
        let first = await connection.send(message(to: ["a@sink.test"]), transcriptFromStart: true)
        #expect(try first.result.get().recipientResults.allSatisfy { $0.isAccepted })
        #expect(first.isReady)
        #expect(first.transcript.first?.direction == .server && first.transcript.first?.text.hasPrefix("220") == true)
        #expect(first.transcript.contains { $0.text.hasPrefix("EHLO") })
        let second = await connection.send(message(to: ["b@sink.test"]), transcriptFromStart: false)
        #expect(try second.result.get().recipientResults.allSatisfy { $0.isAccepted })
        #expect(second.transcript.first?.text.hasPrefix("MAIL FROM:") == true)
        #expect(!second.transcript.contains { $0.text.hasPrefix("EHLO") })
        #expect(sink.received.count == 2)
        // The server goes away while the connection is idle.
        await sink.stop()
        let deadline = ContinuousClock.now + .seconds(30)
        while await connection.isReady, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let third = await connection.send(message(to: ["c@sink.test"]), transcriptFromStart: false)
        guard case .failure = third.result else {
            Issue.record("a closed connection took a message")
            return
        }
        #expect(!third.isReady)
        #expect(!third.transcript.contains { $0.direction == .server })
    }

    @Test("per-recipient outcomes: one refused with 550 5.1.1, the other delivered")
    func mixedRecipients() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.unknownRecipients = ["nobody"]
        let sink = try await TestSMTPSink.start(behaviour)
        let connection = try await SMTPClientConnection.connect(host: "127.0.0.1", port: sink.port, serverName: nil, configuration: configuration(.opportunistic))
        let result = try await connection.send(message(to: ["nobody@sink.test", "somebody@sink.test"]))
        #expect(result.recipientResults.map(\.isAccepted) == [false, true])
        #expect(result.recipientResults[0].reply.code == 550)
        #expect(result.recipientResults[0].reply.enhancedCode == EnhancedStatusCode(.permanentFailure, 1, 1))
        await connection.quit()
        #expect(sink.received.first?.envelope.recipients.count == 1)
        await sink.stop()
    }

    @Test("451 4.3.0 at the end of data comes back as a temporary result")
    func temporaryFailure() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.temporaryFailures = 1
        let sink = try await TestSMTPSink.start(behaviour)
        let connection = try await SMTPClientConnection.connect(host: "127.0.0.1", port: sink.port, serverName: nil, configuration: configuration(.none))
        let failed = try await connection.send(message(to: ["x@sink.test"]))
        #expect(failed.recipientResults.allSatisfy { $0.isTransientFailure })
        #expect(failed.recipientResults.first?.reply.description.hasPrefix("451 4.3.0") == true)
        let retried = try await connection.send(message(to: ["x@sink.test"]))
        #expect(retried.recipientResults.allSatisfy { $0.isAccepted })
        await connection.quit()
        await sink.stop()
    }

    @Test("a smarthost: STARTTLS required with a verified certificate, then AUTH PLAIN")
    func smarthost() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.requiresAuthentication = true
        let sink = try await TestSMTPSink.start(behaviour)
        let credentials = Credentials(mechanism: .plain, username: TestSMTPSink.username, password: Array(TestSMTPSink.password.utf8))
        let connection = try await SMTPClientConnection.connect(
            host: "127.0.0.1", port: sink.port, serverName: "sink.example.test",
            configuration: configuration(.required, credentials: credentials, verify: .certificates([sink.certificateAuthorityPEM]))
        )
        let result = try await connection.send(message(to: ["anyone@far.test"]))
        #expect(result.recipientResults.allSatisfy { $0.isAccepted })
        await connection.quit()
        #expect(sink.received.first?.envelope.authenticatedUser == TestSMTPSink.username)
        #expect(sink.received.first?.envelope.isTLS == true)
        await sink.stop()
    }

    @Test("wrong credentials fail the session with 535 5.7.8")
    func wrongPassword() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.requiresAuthentication = true
        let sink = try await TestSMTPSink.start(behaviour)
        let credentials = Credentials(mechanism: .plain, username: TestSMTPSink.username, password: Array("wrong".utf8))
        await #expect {
            _ = try await SMTPClientConnection.connect(host: "127.0.0.1", port: sink.port, serverName: nil, configuration: configuration(.required, credentials: credentials))
        } throws: { error in
            (error as? SMTPClientError)?.reply?.code.rawValue == 535
        }
        await sink.stop()
    }

    @Test("implicit TLS (port 465 style)")
    func implicitTLS() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.implicitTLS = true
        behaviour.requiresAuthentication = true
        let sink = try await TestSMTPSink.start(behaviour)
        let credentials = Credentials(mechanism: .plain, username: TestSMTPSink.username, password: Array(TestSMTPSink.password.utf8))
        let connection = try await SMTPClientConnection.connect(
            host: "127.0.0.1", port: sink.port, serverName: "sink.example.test",
            configuration: configuration(.implicit, credentials: credentials, verify: .certificates([sink.certificateAuthorityPEM]))
        )
        #expect(try await connection.send(message(to: ["a@far.test"])).recipientResults.allSatisfy { $0.isAccepted })
        await connection.quit()
        await sink.stop()
    }

    @Test("a certificate that does not verify fails a required-TLS connection")
    func unverifiedCertificate() async throws {
        let sink = try await TestSMTPSink.start()
        let other = try await TestSMTPSink.start()
        await #expect(throws: SMTPClientError.self) {
            _ = try await SMTPClientConnection.connect(
                host: "127.0.0.1", port: sink.port, serverName: "sink.example.test",
                configuration: configuration(.required, verify: .certificates([other.certificateAuthorityPEM]))
            )
        }
        await sink.stop()
        await other.stop()
    }

    @Test("a 421 greeting, a refused connection and a server without STARTTLS under a required policy all fail clearly")
    func failures() async throws {
        var refusing = TestSMTPSink.Behaviour()
        refusing.refusesConnections = true
        let sink = try await TestSMTPSink.start(refusing)
        await #expect {
            _ = try await SMTPClientConnection.connect(host: "127.0.0.1", port: sink.port, serverName: nil, configuration: configuration(.opportunistic))
        } throws: { error in
            (error as? SMTPClientError)?.reply?.code.rawValue == 421
        }
        await sink.stop()

        let closed = try ReservedPort()
        await #expect {
            _ = try await SMTPClientConnection.connect(host: "127.0.0.1", port: closed.port, serverName: nil, configuration: configuration(.opportunistic))
        } throws: { error in
            guard let error = error as? SMTPClientError, case .connectionFailed = error else { return false }
            return error.connectFailure == .refused
        }

        var plaintext = TestSMTPSink.Behaviour()
        plaintext.offersSTARTTLS = false
        let noTLS = try await TestSMTPSink.start(plaintext)
        await #expect {
            _ = try await SMTPClientConnection.connect(host: "127.0.0.1", port: noTLS.port, serverName: nil, configuration: configuration(.required))
        } throws: { error in
            if case .session(.startTLSRequiredButNotOffered, _) = error as? SMTPClientError { true } else { false }
        }
        await noTLS.stop()
    }

    @Test("messages sent while another is in progress are pipelined behind its content, over TLS; each gets its own result and dialogue")
    func pipelinedBehindContent() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.holdsMessagesUntilReleased = true
        let sink = try await TestSMTPSink.start(behaviour)
        defer { Task { await sink.stop() } }
        let connection = try await SMTPClientConnection.connect(host: "127.0.0.1", port: sink.port, serverName: "sink.example.test", configuration: configuration(.opportunistic))
        let first = Task { await connection.send(message(to: ["a@sink.test"]), transcriptFromStart: false) }
        // The first message's content is at the server, which holds its reply.
        #expect(await eventually { sink.maximumConcurrentMessages == 1 })
        async let second = connection.send(message(to: ["b@sink.test"]), transcriptFromStart: false)
        async let third = connection.send(message(to: ["c@sink.test"]), transcriptFromStart: false)
        // Both wait behind the first before its reply comes.
        #expect(await eventually { await connection.messagesInProgress == 3 })
        #expect(sink.received.isEmpty)
        sink.releaseHeldMessages()
        let sent = [await first.value, await second, await third]
        for (index, recipient) in ["a@sink.test", "b@sink.test", "c@sink.test"].enumerated() {
            let result = try sent[index].result.get()
            #expect(result.recipientResults.map { "\($0.recipient.forwardPath)" } == ["<\(recipient)>"])
            #expect(result.recipientResults.allSatisfy { $0.isAccepted })
            #expect(sent[index].isReady)
            let lines = sent[index].transcript.map(\.description)
            #expect(lines.filter { $0.hasPrefix("C: MAIL FROM") }.count == 1, "\(lines)")
            #expect(lines.contains("C: RCPT TO:<\(recipient)>"), "\(lines)")
            #expect(lines.last?.hasPrefix("S: 250") == true, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("* pipelined") } == (index > 0), "\(lines)")
        }
        // The first went first; the other two in whichever order they were given.
        #expect(sink.received.first.map { "\($0.envelope.recipients[0].forwardPath)" } == "<a@sink.test>")
        #expect(Set(sink.received.map { "\($0.envelope.recipients[0].forwardPath)" }) == ["<a@sink.test>", "<b@sink.test>", "<c@sink.test>"])
        #expect(sink.received.allSatisfy { $0.envelope.isTLS })
        #expect(sink.connectionsUsed == 1)
        await connection.quit()
    }

    @Test("the server closing while messages wait behind another: every one fails, none is lost silently")
    func closedWithMessagesWaiting() async throws {
        var behaviour = TestSMTPSink.Behaviour()
        behaviour.hangsAfterData = true
        let sink = try await TestSMTPSink.start(behaviour)
        let connection = try await SMTPClientConnection.connect(host: "127.0.0.1", port: sink.port, serverName: nil, configuration: configuration(.none))
        async let first = connection.send(message(to: ["a@sink.test"]), transcriptFromStart: false)
        async let second = connection.send(message(to: ["b@sink.test"]), transcriptFromStart: false)
        async let third = connection.send(message(to: ["c@sink.test"]), transcriptFromStart: false)
        // The server hangs after the first content; stopping it answers 421 and closes.
        #expect(await eventually { sink.attempts == 1 })
        await sink.stop()
        let sent = [await first, await second, await third]
        for outcome in sent {
            // Each either failed as a whole or has only transient, synthesised or 421 replies.
            if case .success(let result) = outcome.result {
                #expect(result.recipientResults.allSatisfy { $0.reply.code.kind == .transientNegative && !$0.isAccepted }, "\(result)")
            }
            #expect(!outcome.isReady)
        }
        #expect(sink.received.isEmpty)
    }
}
