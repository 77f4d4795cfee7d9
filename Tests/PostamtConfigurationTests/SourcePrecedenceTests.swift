import SMTPCore
import Testing

@testable import PostamtConfiguration

@Suite("Sources: flags over environment over file")
struct SourcePrecedenceTests {
    typealias Setting = ConfigurationOverrides.Setting

    /// For each overridable setting: a file that sets it, the value the file gives, a
    /// different value for the environment and for the flag, and how to read it back.
    struct Case: CustomTestStringConvertible, Sendable {
        var setting: Setting
        var file: String
        var values: (file: String, environment: String, flag: String)
        var read: @Sendable (PostamtConfiguration) -> String

        var testDescription: String { setting.rawValue }
    }

    static let cases: [Case] = serverCases + routeAndRetryCases

    static let serverCases: [Case] = [
        Case(setting: .hostname, file: #"hostname = "file.example""#, values: ("file.example", "env.example", "flag.example")) { $0.hostname },
        Case(setting: .dataDirectory, file: #"data_directory = "/file""#, values: ("/file", "/env", "/flag")) { $0.dataDirectory },
        Case(setting: .localDomains, file: #"local_domains = ["file.example"]"#, values: ("file.example", "env.example", "flag.example")) {
            $0.localDomains.joined(separator: ",")
        },
        Case(setting: .trustedNetworks, file: #"trusted_networks = ["10.0.0.0/8"]"#, values: ("10.0.0.0/8", "192.0.2.0/24", "198.51.100.0/24")) {
            $0.trustedNetworks.map(\.description).joined(separator: ",")
        },
        Case(setting: .mxListeners, file: "[[listener]]\nrole = \"mx\"\naddress = \"0.0.0.0:25\"", values: ("0.0.0.0:25", "0.0.0.0:2500", "0.0.0.0:2501")) {
            $0.listeners(.mx).map(\.address).joined(separator: ",")
        },
        Case(setting: .submissionListeners, file: "[[listener]]\nrole = \"submission\"\naddress = \"0.0.0.0:587\"", values: ("0.0.0.0:587", "0.0.0.0:5870", "0.0.0.0:5871")) {
            $0.listeners(.submission).map(\.address).joined(separator: ",")
        },
        Case(setting: .submissionsListeners, file: "[[listener]]\nrole = \"submissions\"\naddress = \"0.0.0.0:465\"", values: ("0.0.0.0:465", "0.0.0.0:4650", "0.0.0.0:4651")) {
            $0.listeners(.submissions).map(\.address).joined(separator: ",")
        },
        Case(setting: .tlsCertificate, file: "[tls]\ncertificate = \"/file.pem\"\nprivate_key = \"/key.pem\"", values: ("/file.pem", "/env.pem", "/flag.pem")) {
            $0.tls?.certificate ?? "none"
        },
        Case(setting: .tlsPrivateKey, file: "[tls]\ncertificate = \"/cert.pem\"\nprivate_key = \"/file.pem\"", values: ("/file.pem", "/env.pem", "/flag.pem")) {
            $0.tls?.privateKey ?? "none"
        },
        Case(setting: .maximumMessageSize, file: "[limits]\nmax_message_size = \"10M\"", values: ("10M", "20M", "30M")) {
            ByteSize.format($0.limits.maximumMessageSize)
        },
        Case(setting: .logLevel, file: #"log_level = "error""#, values: ("error", "warning", "debug")) { $0.logLevel.rawValue },
        Case(setting: .adminListener, file: "[admin]\nlisten = \"127.0.0.1:8001\"", values: ("127.0.0.1:8001", "127.0.0.1:8002", "[::1]:8003")) {
            $0.admin.listenerDescription
        },
        Case(setting: .storage, file: "storage = \"postgres\"\n[postgres]\nurl = \"postgres://u@db.example/d\"", values: ("postgres", "sqlite", "postgres")) {
            $0.storage.rawValue
        },
        Case(setting: .postgresURL, file: "[postgres]\nurl = \"postgres://u@file.example:5432/d\"",
             values: ("postgres://u@file.example:5432/d", "postgres://u@env.example:5432/d", "postgres://u@flag.example:5432/d")) {
            $0.postgres?.url ?? "none"
        },
        Case(setting: .postgresPasswordFile, file: "[postgres]\nurl = \"postgres://u@db.example/d\"\npassword_file = \"/file\"", values: ("/file", "/env", "/flag")) {
            $0.postgres?.passwordFile ?? "none"
        },
    ]

    @Test("every overridable setting has a precedence case")
    func everySettingCovered() {
        #expect(Set(Self.cases.map(\.setting)) == Set(Setting.allCases))
    }

    @Test("every overridable setting: the flag beats the environment, which beats the file", arguments: cases)
    func precedence(_ test: Case) throws {
        let environment = [test.setting.environmentVariable: test.values.environment]
        var flags = ConfigurationOverrides()
        flags[test.setting] = [test.values.flag]

        #expect(test.read(try #require(loaded(test.file))) == test.values.file)
        #expect(test.read(try #require(loaded(test.file, environment: environment))) == test.values.environment)
        #expect(test.read(try #require(loaded(test.file, flags: flags))) == test.values.flag)
        #expect(test.read(try #require(loaded(test.file, environment: environment, flags: flags))) == test.values.flag)
    }

    @Test("an empty POSTAMT_SUBMISSIONS turns port 465 off and leaves the others")
    func emptyDisables() throws {
        let configuration = try #require(loaded(nil, environment: ["POSTAMT_SUBMISSIONS": ""]))
        #expect(configuration.listeners(.submissions) == [])
        #expect(configuration.listeners(.mx) == [Listener(role: .mx, host: "127.0.0.1", port: 2525)])
        #expect(configuration.listeners(.submission).count == 1)
    }

    @Test("an empty flag list turns a role off too")
    func emptyFlagDisables() throws {
        let configuration = try #require(loaded(nil, flags: ConfigurationOverrides(mxListeners: [])))
        #expect(configuration.listeners(.mx) == [])
        #expect(configuration.listeners.count == 2)
    }

    @Test("listener variables hold comma-separated addresses and replace only their role")
    func listenerLists() throws {
        let file = "[[listener]]\nrole = \"mx\"\naddress = \"0.0.0.0:25\"\n[[listener]]\nrole = \"submission\"\naddress = \"0.0.0.0:587\""
        let configuration = try #require(loaded(file, environment: ["POSTAMT_SUBMISSION": " 127.0.0.1:587 , [::1]:587,"]))
        #expect(configuration.listeners(.mx).map(\.address) == ["0.0.0.0:25"])
        #expect(configuration.listeners(.submission).map(\.address) == ["127.0.0.1:587", "[::1]:587"])
        #expect(configuration.listeners(.submissions) == [], "the file's listeners replaced the defaults")
    }

    @Test("flags may repeat or hold comma-separated lists")
    func flagLists() throws {
        let flags = ConfigurationOverrides(localDomains: ["a.example,b.example", "C.example"])
        #expect(try #require(loaded(nil, flags: flags)).localDomains == ["a.example", "b.example", "c.example"])
    }

    @Test("list variables: lowercased domains, empty lists, networks")
    func environmentLists() throws {
        let configuration = try #require(loaded(
            #"local_domains = ["file.example"]"# + "\n" + #"trusted_networks = ["10.0.0.0/8"]"#,
            environment: ["POSTAMT_LOCAL_DOMAINS": "Example.COM, example.org", "POSTAMT_TRUSTED_NETWORKS": ""]))
        #expect(configuration.localDomains == ["example.com", "example.org"])
        #expect(configuration.trustedNetworks == [])
    }

    @Test("an empty single-value variable counts as unset", arguments: ["POSTAMT_HOSTNAME", "POSTAMT_TLS_CERT", "POSTAMT_LOG_LEVEL"])
    func emptyScalar(variable: String) throws {
        #expect(try #require(loaded(nil, environment: [variable: ""])) == testDefaults)
        #expect(try #require(loaded(nil, environment: [variable: "  "])) == testDefaults)
    }

    @Test("log levels from the environment ignore case")
    func logLevelCase() throws {
        #expect(try #require(loaded(nil, environment: ["POSTAMT_LOG_LEVEL": "DEBUG"])).logLevel == .debug)
    }

    @Test("a certificate from the environment and its key from the file make a pair")
    func tlsAcrossSources() throws {
        let configuration = try #require(loaded("[tls]\ncertificate = \"/old.pem\"\nprivate_key = \"/key.pem\"", environment: ["POSTAMT_TLS_CERT": "/new.pem"]))
        #expect(configuration.tls == TLSFiles(certificate: "/new.pem", privateKey: "/key.pem"))
        let both = try #require(loaded(nil, flags: ConfigurationOverrides(tlsCertificate: "/c.pem", tlsPrivateKey: "/k.pem")))
        #expect(both.tls == TLSFiles(certificate: "/c.pem", privateKey: "/k.pem"))
    }

    /// A wrong value from each source: the error names the variable or flag.
    @Test("errors name the variable or flag they come from", arguments: [
        (["POSTAMT_MX": "nonsense"], ConfigurationOverrides(), ConfigurationError.Source.environment("POSTAMT_MX"), "listener", "has no port"),
        (["POSTAMT_SUBMISSION": "0.0.0.0:70000"], .init(), .environment("POSTAMT_SUBMISSION"), "listener", "is not a port"),
        (["POSTAMT_HOSTNAME": "bad host"], .init(), .environment("POSTAMT_HOSTNAME"), "hostname", "is not a host name"),
        (["POSTAMT_LOCAL_DOMAINS": "ok.example,bad_domain!"], .init(), .environment("POSTAMT_LOCAL_DOMAINS"), "local_domains", "'bad_domain!' is not a domain name"),
        (["POSTAMT_TRUSTED_NETWORKS": "10.0.0.0/40"], .init(), .environment("POSTAMT_TRUSTED_NETWORKS"), "trusted_networks", "is not an IP network"),
        (["POSTAMT_MAX_MESSAGE_SIZE": "huge"], .init(), .environment("POSTAMT_MAX_MESSAGE_SIZE"), "limits.max_message_size", "'huge' is not a size"),
        (["POSTAMT_MAX_MESSAGE_SIZE": "1K"], .init(), .environment("POSTAMT_MAX_MESSAGE_SIZE"), "limits.max_message_size", "must be at least 64K"),
        (["POSTAMT_LOG_LEVEL": "loud"], .init(), .environment("POSTAMT_LOG_LEVEL"), "log_level", "unknown log level 'loud'"),
        (["POSTAMT_TLS_CERT": "/c.pem"], .init(), .environment("POSTAMT_TLS_CERT"), "tls.certificate", "a certificate needs its private key"),
        (["POSTAMT_TLS_KEY": "/k.pem"], .init(), .environment("POSTAMT_TLS_KEY"), "tls.private_key", "a private key needs its certificate"),
        (["POSTAMT_HOSTNAM": "a.example"], .init(), .environment("POSTAMT_HOSTNAM"), nil, "unknown variable (did you mean POSTAMT_HOSTNAME?)"),
        (["POSTAMT_LOG_LEVLE": "debug"], .init(), .environment("POSTAMT_LOG_LEVLE"), nil, "did you mean POSTAMT_LOG_LEVEL?"),
        ([:], .init(hostname: ""), .flag("--hostname"), "hostname", "is not a host name"),
        ([:], .init(dataDirectory: ""), .flag("--data-dir"), "data_directory", "must not be empty"),
        ([:], .init(mxListeners: ["[::1]"]), .flag("--mx"), "listener", "has no port"),
        ([:], .init(submissionsListeners: ["::1:465"]), .flag("--submissions"), "listener", "brackets"),
        ([:], .init(tlsPrivateKey: "/k.pem"), .flag("--tls-key"), "tls.private_key", "needs its certificate"),
        ([:], .init(maximumMessageSize: "25MB"), .flag("--max-message-size"), "limits.max_message_size", "is not a size"),
        ([:], .init(logLevel: "infoo"), .flag("--log-level"), "log_level", "did you mean 'info'?"),
        ([:], .init(trustedNetworks: ["10.0.0.0/8", "x"]), .flag("--trusted-networks"), "trusted_networks", "'x' is not an IP network"),
    ] as [([String: String], ConfigurationOverrides, ConfigurationError.Source, String?, String)])
    func attributedErrors(environment: [String: String], flags: ConfigurationOverrides, source: ConfigurationError.Source, key: String?, message: String) {
        let found = errors(nil, environment: environment, flags: flags)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.source == source)
        #expect(found.first?.key == key)
        #expect(found.first?.line == nil)
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    @Test("other POSTAMT_ variables, far from any known name, are left alone")
    func unrelatedVariables() throws {
        let environment = ["POSTAMT_CONFIG": "/etc/postamt.toml", "POSTAMT_FUZZ_SECONDS": "0", "HOME": "/root", "MX": "x"]
        #expect(try #require(loaded(nil, environment: environment)) == testDefaults)
    }

    @Test("a listener from the environment may not take an address already in use")
    func duplicateAcrossSources() {
        let file = "[[listener]]\nrole = \"mx\"\naddress = \"0.0.0.0:25\""
        let found = errors(file, environment: ["POSTAMT_SUBMISSION": "0.0.0.0:25"])
        #expect(found == [ConfigurationError(source: .environment("POSTAMT_SUBMISSION"), key: "listener",
                                             message: "0.0.0.0:25 is already used by another listener (line 3)")])
        let withDefault = errors(nil, flags: ConfigurationOverrides(mxListeners: ["127.0.0.1:5587"]))
        #expect(withDefault.map(\.description) == ["flag --mx: 127.0.0.1:5587 is already used by another listener (a default listener)"])
    }

    @Test("port 0 may be used by several listeners: the system picks a free port for each")
    func portZero() throws {
        let configuration = try #require(loaded(nil, environment: ["POSTAMT_MX": "127.0.0.1:0", "POSTAMT_SUBMISSION": "127.0.0.1:0"]))
        #expect(configuration.listeners.filter { $0.port == 0 }.count == 2)
    }

    @Test("an alias outside the file's local domains is fine once the environment adds the domain")
    func aliasDomainFromEnvironment() throws {
        let file = "[aliases]\n\"info@example.com\" = \"alice@example.com\""
        #expect(errors(file).map(\.line) == [2])
        let configuration = try #require(loaded(file, environment: ["POSTAMT_LOCAL_DOMAINS": "example.com"]))
        #expect(configuration.aliases == ["info@example.com": ["alice@example.com"]])
    }

    @Test("errors of all sources come together: file by line, then environment, then flags")
    func allSources() {
        let found = errors(
            "[limits]\nmax_errors = 0\n\nhostname = 1",
            environment: ["POSTAMT_MX": "x"],
            flags: ConfigurationOverrides(logLevel: "x"))
        #expect(found.map(\.description) == [
            "postamt.toml:2: limits.max_errors: must be at least 1",
            "postamt.toml:4: limits.hostname: unknown key 'hostname'",
            "environment variable POSTAMT_MX: 'x' has no port; write it as 0.0.0.0:25 or [::]:25",
            "flag --log-level: unknown log level 'x'; use one of: trace, debug, info, notice, warning, error, critical",
        ])
    }

    @Test("every setting has its own variable, flag and file key")
    func names() {
        let settings = Setting.allCases
        #expect(Set(settings.map(\.environmentVariable)).count == settings.count)
        #expect(Set(settings.map(\.flag)).count == settings.count)
        #expect(settings.allSatisfy { $0.environmentVariable.hasPrefix("POSTAMT_") && $0.flag.hasPrefix("--") })
    }
}
