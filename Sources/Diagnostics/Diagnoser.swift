import Foundation
import SMTPClient
import SMTPCore

/// Runs a whole diagnosis: every port probed at once, then, if asked, a test message
/// through the setting the diagnosis recommends.
public enum Diagnoser {
    /// The ports mail clients and servers use: 25 (between servers), 465 (submission with
    /// TLS from the first byte), 587 (submission with STARTTLS), 2525 (a common alternative).
    public static let defaultPorts = [25, 465, 587, 2525]

    /// A test message to send after the probes.
    public struct TestMessageRequest: Sendable {
        public var sender: String
        public var recipient: String
        public var content: [UInt8]

        public init(sender: String, recipient: String, content: [UInt8]) {
            self.sender = sender
            self.recipient = recipient
            self.content = content
        }
    }

    public static func diagnose(ports: [Int], settings: ProbeSettings, test: TestMessageRequest? = nil, now: Date = Date()) async -> Diagnosis {
        let reports = await withTaskGroup(of: PortReport.self) { group in
            for port in ports {
                group.addTask { await PortProbe.probe(port: port, settings: settings, now: now) }
            }
            var reports: [PortReport] = []
            for await report in group { reports.append(report) }
            return reports
        }
        var diagnosis = Diagnosis(host: settings.host, ports: reports, date: now)
        if let test, let setting = diagnosis.recommendation {
            diagnosis = Diagnosis(host: settings.host, ports: reports, date: now, testMessage: await send(test, via: setting, settings: settings))
        }
        return diagnosis
    }

    static func send(_ test: TestMessageRequest, via setting: Diagnosis.ClientSetting, settings: ProbeSettings) async -> Diagnosis.TestMessage {
        func failed(_ reply: Reply?, _ error: String, _ transcript: [TranscriptLine]) -> Diagnosis.TestMessage {
            Diagnosis.TestMessage(port: setting.port, recipient: test.recipient, reply: reply, error: error, transcript: transcript.map(\.description))
        }
        guard let sender = Mailbox(test.sender), let recipient = Mailbox(test.recipient) else {
            return failed(nil, "not a mail address: \(Mailbox(test.sender) == nil ? test.sender : test.recipient)", [])
        }
        let connection: SMTPClientConnection
        switch await PortProbe.connect(port: setting.port, tls: setting.security == .implicitTLS ? .implicit : .required, settings: settings, credentials: settings.credentials) {
        case .success(let opened): connection = opened
        case .failure(let error):
            let transcript: [TranscriptLine] = if case .session(_, let lines) = error { lines } else { [] }
            return failed(error.reply, "\(error)", transcript)
        }
        let message = OutgoingMessage(
            reversePath: .mailbox(sender),
            recipients: [Envelope.Recipient(forwardPath: .mailbox(recipient))],
            content: test.content
        )
        let outcome: Diagnosis.TestMessage
        do {
            let result = try await connection.send(message)
            let reply = result.recipientResults.first { !$0.isAccepted }?.reply ?? result.finalReply ?? result.recipientResults.first?.reply
            let accepted = result.recipientResults.allSatisfy(\.isAccepted)
            outcome = Diagnosis.TestMessage(
                port: setting.port, recipient: test.recipient, reply: reply, error: accepted ? nil : "refused",
                transcript: await connection.transcript(since: 0).map(\.description)
            )
        } catch {
            outcome = failed(error.reply, "\(error)", await connection.transcript(since: 0))
        }
        await connection.quit()
        return outcome
    }
}
