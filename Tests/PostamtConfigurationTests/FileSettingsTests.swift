import SMTPCore
import Testing

@testable import PostamtConfiguration

@Suite("Reading settings from the file")
struct FileSettingsTests {
    @Test("every setting of a complete file arrives in the model")
    func complete() throws {
        let text = """
            hostname = "Mail.Example.COM"
            data_directory = "/var/lib/postamt"
            local_domains = ["Example.com", "example.org", "example.com"]
            trusted_networks = ["192.0.2.0/24", "2001:db8::/32", "127.0.0.1"]
            log_level = "debug"

            [[listener]]
            role = "mx"
            address = "0.0.0.0:25"
            [[listener]]
            role = "submissions"
            address = "[::]:465"

            [tls]
            certificate = "/etc/postamt/cert.pem"
            private_key = "/etc/postamt/key.pem"

            [limits]
            max_message_size = "50M"
            max_recipients = 500
            max_connections = 10
            max_connections_per_client = 2
            max_errors = 5
            command_timeout = "30s"
            data_timeout = 120
            auth_failures_before_delay = 1
            auth_failure_limit = 4
            auth_failure_window = "1h"
            queue_capacity = 1_000
            min_free_disk_space = 0

            [aliases]
            "Info@Example.com" = ["alice@example.com", "Bob@EXAMPLE.org"]
            "@example.org" = "alice@example.com"

            [submission]
            sender_policy = "any"

            [retry]
            first_interval = "1m"
            backoff_multiplier = 3
            max_interval = "2h"
            lifetime = "3d"
            delay_notice = false

            [[transport]]
            domain = "*"
            address = "smtp.provider.example:587"
            tls = "required"
            username = "me@example.com"
            password_file = "/etc/postamt/relay.password"
            [[transport]]
            domain = "Example.NET"
            address = "[2001:db8::25]"
            tls = "opportunistic"
            [[transport]]
            domain = "example.info"
            address = "relay.example"
            tls = "implicit"
            """
        let configuration = try #require(loaded(text))
        #expect(configuration.hostname == "mail.example.com")
        #expect(configuration.dataDirectory == "/var/lib/postamt")
        #expect(configuration.localDomains == ["example.com", "example.org"])
        #expect(configuration.trustedNetworks.map(\.description) == ["192.0.2.0/24", "2001:db8::/32", "127.0.0.1/32"])
        #expect(configuration.logLevel == .debug)
        #expect(configuration.listeners == [
            Listener(role: .mx, host: "0.0.0.0", port: 25), Listener(role: .submissions, host: "::", port: 465),
        ])
        #expect(configuration.tls == TLSFiles(certificate: "/etc/postamt/cert.pem", privateKey: "/etc/postamt/key.pem"))
        #expect(configuration.limits == Limits(
            maximumMessageSize: 50 << 20, maximumRecipients: 500, maximumConnections: 10, maximumConnectionsPerClient: 2,
            maximumErrors: 5, commandTimeout: .seconds(30), dataTimeout: .seconds(120), authenticationFailuresBeforeDelay: 1,
            authenticationFailureLimit: 4, authenticationFailureWindow: .seconds(3600), queueCapacity: 1000, minimumFreeDiskSpace: 0))
        #expect(configuration.aliases == [
            "info@example.com": ["alice@example.com", "Bob@example.org"], "@example.org": ["alice@example.com"],
        ])
        #expect(configuration.submissionSenderPolicy == .any)
        #expect(configuration.retry == RetrySchedule(
            firstInterval: .seconds(60), backoffMultiplier: 3, maximumInterval: .seconds(7200), lifetime: .seconds(3 * 86400), delayNotice: nil))
        #expect(configuration.transports == [
            Transport(domain: "*", host: "smtp.provider.example", port: 587, tls: .required,
                      credentials: .init(username: "me@example.com", passwordFile: "/etc/postamt/relay.password")),
            Transport(domain: "example.net", host: "2001:db8::25", port: 25, tls: .opportunistic),
            Transport(domain: "example.info", host: "relay.example", port: 465, tls: .implicit),
        ])
    }

    @Test("sizes are bytes or a number with K, M, G or T", arguments: [
        ("1048576", UInt64(1 << 20)), (#""65536""#, 65536), (#""512K""#, 512 << 10), (#""64k""#, 64 << 10),
        (#""25M""#, 25 << 20), (#""1G""#, 1 << 30), (#""2T""#, 2 << 40),
    ])
    func sizes(value: String, bytes: UInt64) throws {
        let configuration = try #require(loaded("[limits]\nmax_message_size = \(value)"))
        #expect(configuration.limits.maximumMessageSize == bytes)
    }

    @Test("durations are seconds or a number with s, m, h, d or w", arguments: [
        ("90", Int64(90)), (#""30s""#, 30), (#""5m""#, 300), (#""1h""#, 3600), (#""5d""#, 432_000), (#""2w""#, 1_209_600),
    ])
    func durations(value: String, seconds: Int64) throws {
        let configuration = try #require(loaded("[limits]\ncommand_timeout = \(value)"))
        #expect(configuration.limits.commandTimeout == .seconds(seconds))
    }

    @Test("listener addresses: IPv4, IPv6 in brackets, host names", arguments: [
        ("0.0.0.0:25", "0.0.0.0", 25), ("[::]:25", "::", 25), ("[::1]:587", "::1", 587),
        ("[2001:DB8:0::1]:465", "2001:db8::1", 465), ("localhost:2525", "localhost", 2525), ("127.0.0.1:0", "127.0.0.1", 0),
        ("[::ffff:192.0.2.1]:25", "::ffff:c000:201", 25),
    ])
    func listenerAddresses(address: String, host: String, port: Int) throws {
        let configuration = try #require(loaded("[[listener]]\nrole = \"mx\"\naddress = \"\(address)\""))
        #expect(configuration.listeners == [Listener(role: .mx, host: host, port: port)])
    }

    @Test("a single string is accepted where a list is expected")
    func singleStringAsList() throws {
        let configuration = try #require(loaded(#"local_domains = "example.com""#))
        #expect(configuration.localDomains == ["example.com"])
    }

    @Test("empty lists are allowed: no local domains, no trusted networks")
    func emptyLists() throws {
        let configuration = try #require(loaded("local_domains = []\ntrusted_networks = []"))
        #expect(configuration.localDomains == [])
        #expect(configuration.trustedNetworks == [])
    }

    @Test("delay notices can be turned off or set", arguments: [
        ("false", nil), (#""off""#, nil), (#""12h""#, Duration.seconds(43200)), ("3600", .seconds(3600)),
    ] as [(String, Duration?)])
    func delayNotice(value: String, expected: Duration?) throws {
        let configuration = try #require(loaded("[retry]\ndelay_notice = \(value)"))
        #expect(configuration.retry.delayNotice == expected)
    }

    @Test("sender policies and log levels by name", arguments: SenderPolicy.allCases)
    func senderPolicies(policy: SenderPolicy) throws {
        let configuration = try #require(loaded("[submission]\nsender_policy = \"\(policy.rawValue)\""))
        #expect(configuration.submissionSenderPolicy == policy)
    }

    @Test("every log level can be set", arguments: LogLevel.allCases)
    func logLevels(level: LogLevel) throws {
        let configuration = try #require(loaded("log_level = \"\(level.rawValue)\""))
        #expect(configuration.logLevel == level)
    }

    @Test("both CPU scheduling policies can be set", arguments: CPUScheduling.allCases)
    func cpuScheduling(scheduling: CPUScheduling) throws {
        let configuration = try #require(loaded("cpu_scheduling = \"\(scheduling.rawValue)\""))
        #expect(configuration.cpuScheduling == scheduling)
    }

    @Test("both ways of steering connections to event loops can be set", arguments: ListenerSteering.allCases)
    func listenerSteering(steering: ListenerSteering) throws {
        let configuration = try #require(loaded("listener_steering = \"\(steering.rawValue)\""))
        #expect(configuration.listenerSteering == steering)
    }

    @Test("a file without listeners keeps the default listeners; with one, it has only that")
    func listenerReplacement() throws {
        #expect(try #require(loaded("hostname = \"a.example\"")).listeners == Listener.defaults)
        let configuration = try #require(loaded("[[listener]]\nrole = \"submission\"\naddress = \"0.0.0.0:587\""))
        #expect(configuration.listeners == [Listener(role: .submission, host: "0.0.0.0", port: 587)])
    }

    @Test("a plain number of seconds and a transport without credentials")
    func plainTransport() throws {
        let configuration = try #require(loaded("[[transport]]\ndomain = \"example.net\"\naddress = \"192.0.2.25\""))
        #expect(configuration.transports == [Transport(domain: "example.net", host: "192.0.2.25", port: 25, tls: .required)])
    }
}
