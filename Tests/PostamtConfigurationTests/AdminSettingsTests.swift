import Testing

@testable import PostamtConfiguration

@Suite("[admin] and [autoconfig]")
struct AdminSettingsTests {
    @Test("defaults: loopback port 5580, no token, no admins, health, metrics and autoconfig public")
    func defaults() throws {
        let configuration = try #require(loaded(nil))
        #expect(configuration.admin.listenerDescription == "127.0.0.1:5580")
        #expect(configuration.admin.tokenFile == nil)
        #expect(configuration.admin.admins.isEmpty)
        #expect(configuration.admin.publicEndpoints == [.health, .metrics, .autoconfig])
        #expect(configuration.autoconfig == AutoconfigSettings())
    }

    @Test("every key arrives in the model")
    func complete() throws {
        let configuration = try #require(loaded("""
            [admin]
            listen = "[::1]:8025"
            token_file = "/etc/postamt/admin-token"
            admins = ["Alice@Example.com", "bob@example.com"]
            public = ["health"]

            [autoconfig]
            hostname = "smtp.example.com"
            display_name = "Example Mail"
            imap = "imap.example.com"
            """))
        #expect(configuration.admin.listenerDescription == "[::1]:8025")
        #expect(configuration.admin.tokenFile == "/etc/postamt/admin-token")
        #expect(configuration.admin.admins == ["alice@example.com", "bob@example.com"])
        #expect(configuration.admin.publicEndpoints == [.health])
        #expect(configuration.autoconfig.hostname == "smtp.example.com")
        #expect(configuration.autoconfig.displayName == "Example Mail")
        #expect(configuration.autoconfig.imap == AutoconfigSettings.IncomingServer(host: "imap.example.com", port: 993))
    }

    @Test("the listener can be switched off in the file, the environment and a flag, flags winning")
    func overrides() throws {
        #expect(try #require(loaded("[admin]\nlisten = \"off\"")).admin.listener == nil)
        #expect(try #require(loaded(nil, environment: ["POSTAMT_ADMIN": "off"])).admin.listener == nil)
        let flagged = try #require(loaded("[admin]\nlisten = \"off\"", environment: ["POSTAMT_ADMIN": "off"],
                                          flags: ConfigurationOverrides(adminListener: "127.0.0.1:9000")))
        #expect(flagged.admin.listenerDescription == "127.0.0.1:9000")
        let bad = errors(nil, flags: ConfigurationOverrides(adminListener: "localhost"))
        #expect(bad.count == 1)
        #expect(bad.first?.key == "admin.listen")
    }

    static let invalid: [InvalidCase] = [
        .init("[admin]\nlisten = \"127.0.0.1\"", line: 2, key: "admin.listen", "port"),
        .init("[admin]\nlisten = \"::1:80\"", line: 2, key: "admin.listen", "put an IPv6 address in brackets"),
        .init("[admin]\nadmins = [\"alice\"]", line: 2, key: "admin.admins", "'alice' is not a user name"),
        .init("[admin]\npublic = [\"queue\"]", line: 2, key: "admin.public", "unknown public endpoint 'queue'"),
        .init("[admin]\ntoken = \"secret\"", line: 2, key: "admin.token", "unknown key"),
        .init("[autoconfig]\nhostname = \"not a host\"", line: 2, key: "autoconfig.hostname", "is not a host name"),
        .init("[autoconfig]\ndisplay_name = \" \"", line: 2, key: "autoconfig.display_name", "must not be empty"),
        .init("[autoconfig]\nimap = \"imap.example.com:99999\"", line: 2, key: "autoconfig.imap", "is not a port"),
    ]

    @Test("each wrong value is one error with its line, key and reason", arguments: invalid)
    func invalidValue(_ invalid: InvalidCase) {
        expectSingleError(invalid)
    }
}
