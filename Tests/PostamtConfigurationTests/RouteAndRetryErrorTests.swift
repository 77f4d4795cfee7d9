import Testing

@testable import PostamtConfiguration

/// One wrong override: the sources, and the source, key and message the one error must have.
struct OverrideErrorCase: CustomTestStringConvertible, Sendable {
    var file: String?
    var environment: [String: String]
    var flags: ConfigurationOverrides
    var source: ConfigurationError.Source
    var key: String?
    var message: String

    init(file: String? = nil, env environment: [String: String] = [:], flags: ConfigurationOverrides = .init(),
         _ source: ConfigurationError.Source, _ key: String?, _ message: String) {
        (self.file, self.environment, self.flags, self.source, self.key, self.message) = (file, environment, flags, source, key, message)
    }

    var testDescription: String { "\(source): \(message)" }
}

@Suite("The relay, routes and retry durations: each wrong override is one error naming its variable or flag")
struct RouteAndRetryErrorTests {
    typealias Case = OverrideErrorCase
    static let relayFile = "[[transport]]\ndomain = \"*\"\naddress = \"relay.example\"\n"

    static let relayCases: [Case] = [
        Case(env: ["POSTAMT_RELAY_HOST": "relay example:25"], .environment("POSTAMT_RELAY_HOST"), "transport.address", "is neither an IP address nor a host name"),
        Case(env: ["POSTAMT_RELAY_HOST": "relay.example:0"], .environment("POSTAMT_RELAY_HOST"), "transport.address", "port 0 is not a port to connect to"),
        Case(flags: .init(relayHost: "::1:25"), .flag("--relay-host"), "transport.address", "put an IPv6 address in brackets"),
        Case(flags: .init(relayHost: "relay.example:99999"), .flag("--relay-host"), "transport.address", "'99999' in 'relay.example:99999' is not a port"),
        Case(flags: .init(relayHost: ""), .flag("--relay-host"), "transport.address", "an address must not be empty"),
        Case(env: ["POSTAMT_RELAY_HOST": "r.example", "POSTAMT_RELAY_TLS": "starttls"], .environment("POSTAMT_RELAY_TLS"), "transport.tls",
             "unknown tls mode 'starttls'; use one of: none, opportunistic, required, implicit"),
        Case(file: relayFile, flags: .init(relayTLS: "requird"), .flag("--relay-tls"), "transport.tls", "(did you mean 'required'?)"),
        Case(env: ["POSTAMT_RELAY_TLS": "required"], .environment("POSTAMT_RELAY_TLS"), "transport.tls", "there is no relay to use this for: set POSTAMT_RELAY_HOST"),
        Case(flags: .init(relayUsername: "u", relayPasswordFile: "/p"), .flag("--relay-user"), "transport.username", "there is no relay to use this for"),
        Case(env: ["POSTAMT_RELAY_HOST": "r.example", "POSTAMT_RELAY_USER": "u"], .environment("POSTAMT_RELAY_USER"), "transport.password_file",
             "username needs password_file, the file that holds the password (POSTAMT_RELAY_PASSWORD_FILE, --relay-password-file)"),
        Case(flags: .init(relayHost: "r.example", relayPasswordFile: "/p"), .flag("--relay-password-file"), "transport.username",
             "password_file needs a username (POSTAMT_RELAY_USER, --relay-user)"),
        Case(file: relayFile, flags: .init(relayUsername: " ", relayPasswordFile: "/p"), .flag("--relay-user"), "transport.username", "must not be empty"),
        Case(file: relayFile, flags: .init(relayUsername: "u", relayPasswordFile: ""), .flag("--relay-password-file"), "transport.password_file", "must not be empty"),
        Case(env: ["POSTAMT_RELAY_HOST": "r.example", "POSTAMT_RELAY_TLS": "none", "POSTAMT_RELAY_USER": "u", "POSTAMT_RELAY_PASSWORD_FILE": "/p"],
             .environment("POSTAMT_RELAY_USER"), "transport.username", "a password must not be sent with tls = \"none\""),
        // A TLS mode set after the login breaks it, so the TLS mode is to blame …
        Case(file: relayFile + "username = \"u\"\npassword_file = \"/p\"", env: ["POSTAMT_RELAY_TLS": "opportunistic"],
             .environment("POSTAMT_RELAY_TLS"), "transport.tls", "a password must not be sent with tls = \"opportunistic\""),
        Case(env: ["POSTAMT_RELAY_HOST": "r.example", "POSTAMT_RELAY_USER": "u", "POSTAMT_RELAY_PASSWORD_FILE": "/p"], flags: .init(relayTLS: "none"),
             .flag("--relay-tls"), "transport.tls", "a password must not be sent with tls = \"none\""),
        // … and a login added to a relay without TLS is.
        Case(file: relayFile + "tls = \"none\"", env: ["POSTAMT_RELAY_USER": "u", "POSTAMT_RELAY_PASSWORD_FILE": "/p"],
             .environment("POSTAMT_RELAY_USER"), "transport.username", "a password must not be sent with tls = \"none\""),
        Case(env: ["POSTAMT_RELAY_PASSWORD": "secret"], .environment("POSTAMT_RELAY_PASSWORD"), nil,
             "a password is never taken from the environment, which other processes and logs can see; write it into a file only Postamt can read and name that with POSTAMT_RELAY_PASSWORD_FILE"),
        Case(env: ["POSTAMT_RELAY_HST": "r.example"], .environment("POSTAMT_RELAY_HST"), nil, "unknown variable (did you mean POSTAMT_RELAY_HOST?)"),
        Case(env: ["POSTAMT_RELAY_USERNAME": "u"], .environment("POSTAMT_RELAY_USERNAME"), nil, "unknown variable (did you mean POSTAMT_RELAY_USER?)") ,
        Case(env: ["POSTAMT_TRANSPORT": "a.example=r.example"], .environment("POSTAMT_TRANSPORT"), nil, "unknown variable (did you mean POSTAMT_TRANSPORTS?)"),
    ]

    static let routeCases: [Case] = [
        Case(env: ["POSTAMT_TRANSPORTS": "relay.example:25"], .environment("POSTAMT_TRANSPORTS"), "transport",
             "'relay.example:25' is not a route; write DOMAIN=HOST[:PORT][;tls=MODE][;username=NAME;password_file=PATH], e.g. example.org=relay.example.net:25;tls=required"),
        Case(flags: .init(transports: ["*=relay.example"]), .flag("--transport"), "transport.domain",
             "'*' has no place in a route: set the relay for all other domains with POSTAMT_RELAY_HOST or --relay-host"),
        Case(flags: .init(transports: ["bad domain!=relay.example"]), .flag("--transport"), "transport.domain", "'bad domain!' is not a domain name"),
        Case(env: ["POSTAMT_TRANSPORTS": "example.org="], .environment("POSTAMT_TRANSPORTS"), "transport.address", "an address must not be empty"),
        Case(env: ["POSTAMT_TRANSPORTS": "example.org=relay.example:0"], .environment("POSTAMT_TRANSPORTS"), "transport.address", "port 0"),
        Case(env: ["POSTAMT_TRANSPORTS": "example.org=[::1"], .environment("POSTAMT_TRANSPORTS"), "transport.address", "is neither an IP address nor a host name"),
        Case(flags: .init(transports: ["example.org=relay.example;tls=starttls"]), .flag("--transport"), "transport.tls", "unknown tls mode 'starttls'"),
        Case(flags: .init(transports: ["example.org=relay.example;tsl=none"]), .flag("--transport"), "transport.tsl",
             "unknown key 'tsl' in 'example.org=relay.example;tsl=none' (did you mean 'tls'?); use tls, username, password_file"),
        Case(flags: .init(transports: ["example.org=relay.example;username=u;pasword_file=/p"]), .flag("--transport"), "transport.pasword_file",
             "(did you mean 'password_file'?)"),
        Case(flags: .init(transports: ["example.org=relay.example;address=other.example"]), .flag("--transport"), "transport.address", "unknown key 'address'"),
        Case(flags: .init(transports: ["example.org=relay.example;tls"]), .flag("--transport"), "transport", "'tls' in 'example.org=relay.example;tls' needs a value"),
        Case(flags: .init(transports: ["example.org=relay.example;tls=none;tls=required"]), .flag("--transport"), "transport.tls", "tls is given twice"),
        Case(env: ["POSTAMT_TRANSPORTS": "example.org=relay.example;username=u;password=secret"], .environment("POSTAMT_TRANSPORTS"), "transport.password",
             "a password is never given on the command line or in the environment"),
        Case(env: ["POSTAMT_TRANSPORTS": "example.org=relay.example;username=u"], .environment("POSTAMT_TRANSPORTS"), "transport.password_file",
             "example.org: username needs password_file, the file that holds the password"),
        Case(flags: .init(transports: ["example.org=relay.example;password_file=/p"]), .flag("--transport"), "transport.username",
             "example.org: password_file needs a username"),
        Case(flags: .init(transports: ["example.org=relay.example;tls=opportunistic;username=u;password_file=/p"]), .flag("--transport"), "transport.username",
             "example.org: a password must not be sent with tls = \"opportunistic\""),
        Case(env: ["POSTAMT_TRANSPORTS": "example.org=a.example, Example.ORG=b.example"], .environment("POSTAMT_TRANSPORTS"), "transport.domain",
             "'example.org' already has a route earlier in POSTAMT_TRANSPORTS"),
        Case(flags: .init(transports: ["example.org=a.example", "example.org=b.example"]), .flag("--transport"), "transport.domain",
             "'example.org' already has a route earlier in --transport"),
    ]

    static let retryCases: [Case] = [
        Case(env: ["POSTAMT_RETRY_FIRST": "soon"], .environment("POSTAMT_RETRY_FIRST"), "retry.first_interval",
             "'soon' is not a duration; write whole seconds or a duration such as \"30s\", \"5m\", \"1h\" or \"5d\""),
        Case(flags: .init(retryFirstInterval: "0"), .flag("--retry-first"), "retry.first_interval", "must be longer than 0 seconds"),
        Case(flags: .init(retryLifetime: "5 days"), .flag("--retry-lifetime"), "retry.lifetime", "'5 days' is not a duration"),
        Case(env: ["POSTAMT_DELAY_NOTICE": "on"], .environment("POSTAMT_DELAY_NOTICE"), "retry.delay_notice", "must be a duration such as \"4h\", or false for no delay notices"),
        Case(flags: .init(retryDelayNotice: "4 hours"), .flag("--delay-notice"), "retry.delay_notice", "'4 hours' is not a duration"),
        Case(env: ["POSTAMT_RETRY_MAX_INTERVAL": "1m"], .environment("POSTAMT_RETRY_MAX_INTERVAL"), "retry.max_interval",
             "must be at least as long as retry.first_interval (5m by default)"),
        Case(flags: .init(retryFirstInterval: "2h"), .flag("--retry-first"), "retry.first_interval", "must be at most as long as retry.max_interval (1h by default)"),
        Case(env: ["POSTAMT_RETRY_LIFETIME": "1m", "POSTAMT_DELAY_NOTICE": "off"], .environment("POSTAMT_RETRY_LIFETIME"), "retry.lifetime",
             "must be at least as long as retry.first_interval (5m by default)"),
        Case(env: ["POSTAMT_RETRY_LIFETIME": "30m", "POSTAMT_DELAY_NOTICE": "false"], .environment("POSTAMT_RETRY_LIFETIME"), "retry.lifetime",
             "must be at least as long as retry.max_interval (1h by default)"),
        Case(env: ["POSTAMT_RETRY_LIFETIME": "2h"], .environment("POSTAMT_RETRY_LIFETIME"), "retry.lifetime", "must be longer than retry.delay_notice (4h by default)"),
        Case(flags: .init(retryDelayNotice: "5d"), .flag("--delay-notice"), "retry.delay_notice", "must be shorter than retry.lifetime (5d by default)"),
        // Across sources: the one set last is blamed, and the other named where it was set.
        Case(file: "[retry]\nfirst_interval = \"10m\"", env: ["POSTAMT_RETRY_MAX_INTERVAL": "5m"], .environment("POSTAMT_RETRY_MAX_INTERVAL"), "retry.max_interval",
             "must be at least as long as retry.first_interval (10m on line 2)"),
        Case(file: "[retry]\nmax_interval = \"2h\"", flags: .init(retryFirstInterval: "3h"), .flag("--retry-first"), "retry.first_interval",
             "must be at most as long as retry.max_interval (2h on line 2)"),
        Case(env: ["POSTAMT_RETRY_FIRST": "10m"], flags: .init(retryMaximumInterval: "5m"), .flag("--retry-max-interval"), "retry.max_interval",
             "must be at least as long as POSTAMT_RETRY_FIRST (10m)"),
        Case(file: "[retry]\nlifetime = \"1d\"", flags: .init(retryDelayNotice: "1d"), .flag("--delay-notice"), "retry.delay_notice",
             "must be shorter than retry.lifetime (1d on line 2)"),
        Case(file: "[retry]\ndelay_notice = \"12h\"", env: ["POSTAMT_RETRY_LIFETIME": "6h"], .environment("POSTAMT_RETRY_LIFETIME"), "retry.lifetime",
             "must be longer than retry.delay_notice (12h on line 2)"),
    ]

    @Test("wrong relay settings", arguments: relayCases)
    func relay(_ invalid: Case) { check(invalid) }

    @Test("wrong routes", arguments: routeCases)
    func routes(_ invalid: Case) { check(invalid) }

    @Test("wrong retry durations", arguments: retryCases)
    func retry(_ invalid: Case) { check(invalid) }

    private func check(_ invalid: Case, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = errors(invalid.file, environment: invalid.environment, flags: invalid.flags)
        #expect(found.count == 1, "\(found)", sourceLocation: sourceLocation)
        guard let error = found.first else { return }
        #expect(error.source == invalid.source, "\(error)", sourceLocation: sourceLocation)
        #expect(error.key == invalid.key, "\(error)", sourceLocation: sourceLocation)
        #expect(error.line == nil, sourceLocation: sourceLocation)
        #expect(error.message.contains(invalid.message), "\(error)", sourceLocation: sourceLocation)
    }

    @Test("a later source may mend what the file got wrong between settings")
    func mendedAcrossSources() throws {
        #expect(errors("[retry]\nfirst_interval = \"2h\"").count == 1)
        #expect(loaded("[retry]\nfirst_interval = \"2h\"", environment: ["POSTAMT_RETRY_MAX_INTERVAL": "3h"])?.retry.maximumInterval == .seconds(3 * 3600))
        #expect(loaded("[retry]\nlifetime = \"2h\"", flags: ConfigurationOverrides(retryDelayNotice: "off"))?.retry.delayNotice == nil)
        let insecure = Self.relayFile + "tls = \"none\"\nusername = \"u\"\npassword_file = \"/p\""
        #expect(errors(insecure).count == 1)
        #expect(loaded(insecure, environment: ["POSTAMT_RELAY_TLS": "required"])?.transports.first?.tls == .required)
        #expect(loaded(insecure, environment: ["POSTAMT_RELAY_HOST": "other.example"])?.transports.first?.credentials == nil)
    }

    @Test("the example in docs/configuration.md is the real message")
    func documentedExample() {
        let file = String(repeating: "\n", count: 10) + "[retry]\nfirst_interval = \"10m\""
        #expect(errors(file, environment: ["POSTAMT_RETRY_MAX_INTERVAL": "5m"]).map(\.description) == [
            "environment variable POSTAMT_RETRY_MAX_INTERVAL: must be at least as long as retry.first_interval (10m on line 12)",
        ])
    }

    @Test("errors about the file's retry settings still name its lines, and come with the others")
    func fileAndEnvironment() {
        let found = errors("[retry]\nmax_interval = \"1m\"", environment: ["POSTAMT_RETRY_LIFETIME": "soon"])
        #expect(found.map(\.description) == [
            "postamt.toml:2: retry.max_interval: must be at least as long as retry.first_interval (5m by default)",
            "environment variable POSTAMT_RETRY_LIFETIME: 'soon' is not a duration; write whole seconds or a duration such as \"30s\", \"5m\", \"1h\" or \"5d\"",
        ])
    }
}
