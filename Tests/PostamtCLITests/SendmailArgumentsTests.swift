import SMTPCore
import Testing

@testable import PostamtCLI

@Suite("sendmail's command line")
struct SendmailArgumentsTests {
    @Test("what cron, PHP and scripts pass is understood")
    func common() throws {
        let php = try SendmailArguments.parse(["-t", "-i", "-fwww@example.com"])
        #expect(php.recipientsFromHeaders && php.ignoresDots && php.sender == "www@example.com")
        let cron = try SendmailArguments.parse(["-FCronDaemon", "-i", "-B8BITMIME", "-oem", "root"])
        #expect(cron.fullName == "CronDaemon" && cron.ignoresDots && cron.recipients == ["root"])
        let separate = try SendmailArguments.parse(["-f", "a@example.com", "-F", "Alice Example", "-oi", "-odb", "--", "-odd@example.com"])
        #expect(separate.sender == "a@example.com" && separate.fullName == "Alice Example" && separate.ignoresDots)
        #expect(separate.recipients == ["-odd@example.com"])
        let dsn = try SendmailArguments.parse(["-N", "failure,delay", "-R", "hdrs", "-V", "env-1", "-C", "/etc/postamt/postamt.toml", "bob@example.com"])
        let (mail, recipient) = try dsn.dsnParameters()
        #expect(mail.dsnReturn == .headers && mail.envelopeID == "env-1")
        #expect(recipient.notify == .conditions([.failure, .delay]))
        #expect(dsn.configurationFile == "/etc/postamt/postamt.toml")
        #expect(try SendmailArguments.parse(["-N", "never", "x"]).dsnParameters().1.notify == .never)
    }

    @Test("modes other than delivery, unknown options and missing values are usage errors", arguments: [
        ["-bp"], ["-bs"], ["-q"], ["-Z"], ["-f"], ["-bd"],
    ])
    func usageErrors(_ arguments: [String]) {
        #expect(throws: SendmailArguments.UsageError.self) { try SendmailArguments.parse(arguments) }
    }

    @Test("bad DSN values are usage errors")
    func badDSN() throws {
        #expect(throws: SendmailArguments.UsageError.self) { try SendmailArguments.parse(["-R", "body"]).dsnParameters() }
        #expect(throws: SendmailArguments.UsageError.self) { try SendmailArguments.parse(["-N", "sometimes"]).dsnParameters() }
        #expect(throws: SendmailArguments.UsageError.self) { try SendmailArguments.parse(["-V", "has space"]).dsnParameters() }
    }
}
