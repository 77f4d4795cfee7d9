import Testing

@testable import PostamtConfiguration

/// One wrong setting: the file, and the line, key and message the one error must have.
struct InvalidCase: CustomTestStringConvertible, Sendable {
    var text: String
    var line: Int
    var key: String
    var message: String

    init(_ text: String, line: Int, key: String, _ message: String) {
        self.text = text
        self.line = line
        self.key = key
        self.message = message
    }

    var testDescription: String { "\(key): \(message)" }
}

/// Loading `invalid.text` gives exactly the one error it describes, from the file.
func expectSingleError(_ invalid: InvalidCase, sourceLocation: SourceLocation = #_sourceLocation) {
    let found = errors(invalid.text)
    #expect(found.count == 1, "\(found)", sourceLocation: sourceLocation)
    guard let error = found.first else { return }
    #expect(error.source == .file("postamt.toml"), sourceLocation: sourceLocation)
    #expect(error.line == invalid.line, "\(error)", sourceLocation: sourceLocation)
    #expect(error.key == invalid.key, "\(error)", sourceLocation: sourceLocation)
    #expect(error.message.contains(invalid.message), "\(error)", sourceLocation: sourceLocation)
}

@Suite("Validation: each wrong setting is one error with its line and key")
struct ValidationErrorTests {
    static let rootCases: [InvalidCase] = [
        .init("hostnmae = \"a.example\"", line: 1, key: "hostnmae", "unknown key 'hostnmae' (did you mean 'hostname'?)"),
        .init("# c\ndata_dir = \"/x\"", line: 2, key: "data_dir", "unknown key 'data_dir' (did you mean 'data_directory'?)"),
        .init("local_domain = []", line: 1, key: "local_domain", "(did you mean 'local_domains'?)"),
        .init("colour = 1", line: 1, key: "colour", "unknown key 'colour'"),
        .init("\n[limts]", line: 2, key: "limts", "unknown table [limts] (did you mean 'limits'?)"),
        .init("[[listeners]]\nrole = \"mx\"", line: 1, key: "listeners", "unknown table [[listeners]] (did you mean 'listener'?)"),
        .init("hostname = \"mail..example.com\"", line: 1, key: "hostname", "'mail..example.com' is not a host name"),
        .init("hostname = \"mail example\"", line: 1, key: "hostname", "is not a host name"),
        .init("hostname = \"\"", line: 1, key: "hostname", "is not a host name"),
        .init("hostname = 5", line: 1, key: "hostname", "must be a string in quotes, not an integer"),
        .init("hostname = [\"a.example\"]", line: 1, key: "hostname", "must be a string in quotes, not an array"),
        .init("data_directory = \"\"", line: 1, key: "data_directory", "must not be empty"),
        .init("local_domains = [\"example.com\",\n  \"exa mple.org\"]", line: 2, key: "local_domains", "'exa mple.org' is not a domain name"),
        .init("local_domains = [\"-bad.example\"]", line: 1, key: "local_domains", "is not a domain name"),
        .init("local_domains = [1]", line: 1, key: "local_domains", "must be a list of strings in quotes, but holds an integer"),
        .init("local_domains = true", line: 1, key: "local_domains", "must be a list of strings"),
        .init("trusted_networks = [\"10.0.0.0/33\"]", line: 1, key: "trusted_networks", "'10.0.0.0/33' is not an IP network"),
        .init("trusted_networks = [\n  \"10.0.0.0/8\",\n  \"nonsense\",\n]", line: 3, key: "trusted_networks", "'nonsense' is not an IP network"),
        .init("trusted_networks = [\"2001:db8::/129\"]", line: 1, key: "trusted_networks", "is not an IP network"),
        .init("trusted_networks = [\"192.0.2.0/24x\"]", line: 1, key: "trusted_networks", "is not an IP network"),
        .init("log_level = \"verbose\"", line: 1, key: "log_level", "unknown log level 'verbose'; use one of: trace, debug, info, notice, warning, error, critical"),
        .init("log_level = \"infoo\"", line: 1, key: "log_level", "unknown log level 'infoo' (did you mean 'info'?)"),
        .init("limits = 5", line: 1, key: "limits", "must be a table: write [limits]"),
        .init("[[limits]]", line: 1, key: "limits", "write [limits], not [[limits]]"),
        .init("[listener]\nrole = \"mx\"", line: 1, key: "listener", "write [[listener]], once for each listener, not [listener]"),
        .init("transport = []", line: 1, key: "transport", "must be written as [[transport]] tables"),
    ]

    static let limitCases: [InvalidCase] = [
        .init("[limits]\nmax_recipients = 0", line: 2, key: "limits.max_recipients", "must be at least 1"),
        .init("[limits]\n\nmax_recipients = -5", line: 3, key: "limits.max_recipients", "must be at least 1"),
        .init("[limits]\nmax_recipients = \"100\"", line: 2, key: "limits.max_recipients", "must be a whole number, not a string"),
        .init("[limits]\nmax_connections = 0", line: 2, key: "limits.max_connections", "must be at least 1"),
        .init("[limits]\nmax_connections_per_client = 0", line: 2, key: "limits.max_connections_per_client", "must be at least 1"),
        .init("[limits]\nmax_errors = 0", line: 2, key: "limits.max_errors", "must be at least 1"),
        .init("[limits]\nqueue_capacity = 0", line: 2, key: "limits.queue_capacity", "must be at least 1"),
        .init("[limits]\nauth_failures_before_delay = 0", line: 2, key: "limits.auth_failures_before_delay", "must be at least 1"),
        .init("[limits]\nauth_failure_limit = 2", line: 2, key: "limits.auth_failure_limit", "must be at least limits.auth_failures_before_delay (3 by default)"),
        .init("[limits]\nauth_failures_before_delay = 11", line: 2, key: "limits.auth_failures_before_delay", "must be at most limits.auth_failure_limit (10 by default)"),
        .init("[limits]\nauth_failures_before_delay = 5\nauth_failure_limit = 4", line: 3, key: "limits.auth_failure_limit", "must be at least limits.auth_failures_before_delay (5)"),
        .init("[limits]\nmax_message_size = \"25X\"", line: 2, key: "limits.max_message_size", "'25X' is not a size"),
        .init("[limits]\nmax_message_size = \"25 MB\"", line: 2, key: "limits.max_message_size", "is not a size"),
        .init("[limits]\nmax_message_size = \"99999999999T\"", line: 2, key: "limits.max_message_size", "is not a size"),
        .init("[limits]\nmax_message_size = 1000", line: 2, key: "limits.max_message_size", "must be at least 64K"),
        .init("[limits]\nmax_message_size = -1", line: 2, key: "limits.max_message_size", "must not be negative"),
        .init("[limits]\nmax_message_size = true", line: 2, key: "limits.max_message_size", "not a boolean"),
        .init("[limits]\nmin_free_disk_space = \"lots\"", line: 2, key: "limits.min_free_disk_space", "is not a size"),
        .init("[limits]\ncommand_timeout = \"5 minutes\"", line: 2, key: "limits.command_timeout", "'5 minutes' is not a duration"),
        .init("[limits]\ncommand_timeout = \"5y\"", line: 2, key: "limits.command_timeout", "is not a duration"),
        .init("[limits]\ndata_timeout = 0", line: 2, key: "limits.data_timeout", "must be longer than 0 seconds"),
        .init("[limits]\ndata_timeout = \"0s\"", line: 2, key: "limits.data_timeout", "must be longer than 0 seconds"),
        .init("[limits]\nauth_failure_window = -60", line: 2, key: "limits.auth_failure_window", "must be longer than 0 seconds"),
        .init("[limits]\nauth_failure_window = [1]", line: 2, key: "limits.auth_failure_window", "not an array"),
        .init("[limits]\nmax_recipent = 5", line: 2, key: "limits.max_recipent", "unknown key 'max_recipent' (did you mean 'max_recipients'?)"),
    ]

    static let listenerCases: [InvalidCase] = [
        .init("[[listener]]\nrole = \"smtp\"\naddress = \"0.0.0.0:25\"", line: 2, key: "listener.role", "unknown role 'smtp'; use one of: mx, submission, submissions"),
        .init("[[listener]]\nrole = \"submision\"\naddress = \"0.0.0.0:587\"", line: 2, key: "listener.role", "(did you mean 'submission'?)"),
        .init("[[listener]]\naddress = \"0.0.0.0:25\"", line: 1, key: "listener.role", "missing"),
        .init("[[listener]]\nrole = \"mx\"", line: 1, key: "listener.address", "missing"),
        .init("[[listener]]\nrole = \"mx\"\naddress = \"0.0.0.0\"", line: 3, key: "listener.address", "'0.0.0.0' has no port"),
        .init("[[listener]]\nrole = \"mx\"\naddress = \"0.0.0.0:99999\"", line: 3, key: "listener.address", "'99999' in '0.0.0.0:99999' is not a port"),
        .init("[[listener]]\nrole = \"mx\"\naddress = \"0.0.0.0:\"", line: 3, key: "listener.address", "is not a port"),
        .init("[[listener]]\nrole = \"mx\"\naddress = \"0.0.0.0:-1\"", line: 3, key: "listener.address", "is not a port"),
        .init("[[listener]]\nrole = \"mx\"\naddress = \"::1:25\"", line: 3, key: "listener.address", "put an IPv6 address in brackets"),
        .init("[[listener]]\nrole = \"mx\"\naddress = \"[::1\"", line: 3, key: "listener.address", "is neither an IP address nor a host name"),
        .init("[[listener]]\nrole = \"mx\"\naddress = \"[192.0.2.1]:25\"", line: 3, key: "listener.address", "is neither an IP address nor a host name"),
        .init("[[listener]]\nrole = \"mx\"\naddress = \"300.1.1.1:25\"", line: 3, key: "listener.address", "'300.1.1.1' in '300.1.1.1:25' is neither an IP address nor a host name"),
        .init("[[listener]]\nrole = \"mx\"\naddress = \"\"", line: 3, key: "listener.address", "an address must not be empty"),
        .init("[[listener]]\nrole = \"mx\"\naddress = 25", line: 3, key: "listener.address", "must be a string in quotes, not an integer"),
        .init("[[listener]]\nrole = \"mx\"\naddress = \"0.0.0.0:25\"\nport = 25", line: 4, key: "listener.port", "unknown key 'port'"),
        .init(
            "[[listener]]\nrole = \"mx\"\naddress = \"0.0.0.0:25\"\n\n[[listener]]\nrole = \"submission\"\naddress = \"0.0.0.0:25\"",
            line: 7, key: "listener", "0.0.0.0:25 is already used by another listener (line 3)"),
        .init(
            "[[listener]]\nrole = \"mx\"\naddress = \"[::0]:25\"\n[[listener]]\nrole = \"mx\"\naddress = \"[::]:25\"",
            line: 6, key: "listener", "[::]:25 is already used by another listener (line 3)"),
    ]

    static let tlsAndAliasCases: [InvalidCase] = [
        .init("[tls]\ncertificate = \"/c.pem\"", line: 2, key: "tls.certificate", "a certificate needs its private key"),
        .init("[tls]\n\nprivate_key = \"/k.pem\"", line: 3, key: "tls.private_key", "a private key needs its certificate"),
        .init("[tls]\ncertificate = \"\"\nprivate_key = \"/k.pem\"", line: 2, key: "tls.certificate", "must not be empty"),
        .init("[tls]\ncert = \"/c.pem\"", line: 2, key: "tls.cert", "unknown key 'cert' (did you mean 'certificate'?)"),
        .init("[aliases]\n\"info\" = \"a@localhost\"", line: 2, key: "aliases.info", "'info' is not an address"),
        .init("[aliases]\n\"@\" = \"a@localhost\"", line: 2, key: "aliases.\"@\"", "is not an address"),
        .init("[aliases]\n\"info@localhost\" = \"not an address\"", line: 2, key: "aliases.\"info@localhost\"", "'not an address' is not a mail address"),
        .init("[aliases]\n\"info@localhost\" = [\n  \"a@localhost\",\n  \"b@\",\n]", line: 4, key: "aliases.\"info@localhost\"", "'b@' is not a mail address"),
        .init("[aliases]\n\"info@localhost\" = []", line: 2, key: "aliases.\"info@localhost\"", "needs at least one address"),
        .init("[aliases]\n\"info@localhost\" = 5", line: 2, key: "aliases.\"info@localhost\"", "must be a list of strings"),
        .init("[aliases]\n\"info@example.com\" = \"a@localhost\"", line: 2, key: "aliases.\"info@example.com\"", "'example.com' of 'info@example.com' is not one of the local domains"),
        .init("[aliases]\n\"@example.com\" = \"a@localhost\"", line: 2, key: "aliases.\"@example.com\"", "is not one of the local domains"),
        .init("[aliases]\n\"info@localhost\" = \"a@localhost\"\n\"Info@LOCALHOST\" = \"b@localhost\"", line: 3, key: "aliases.\"Info@LOCALHOST\"", "is the same address as the alias on line 2"),
        .init("[submission]\nsender_policy = \"anyone\"", line: 2, key: "submission.sender_policy", "unknown sender policy 'anyone' (did you mean 'any'?)"),
        .init("[submission]\npolicy = \"any\"", line: 2, key: "submission.policy", "unknown key 'policy'"),
        .init("cpu_scheduling = \"fifo\"", line: 1, key: "cpu_scheduling", "unknown CPU scheduling 'fifo'; use one of: batch, inherit"),
        .init("listener_steering = \"cpu\"", line: 1, key: "listener_steering", "unknown listener steering 'cpu'; use one of: core, hash"),
    ]

    static let retryAndTransportCases: [InvalidCase] = [
        .init("[retry]\nfirst_interval = \"2h\"", line: 2, key: "retry.first_interval", "must be at most as long as retry.max_interval (1h by default)"),
        .init("[retry]\nmax_interval = \"1m\"", line: 2, key: "retry.max_interval", "must be at least as long as retry.first_interval (5m by default)"),
        .init("[retry]\nfirst_interval = \"10m\"\nmax_interval = \"1m\"", line: 3, key: "retry.max_interval", "must be at least as long as retry.first_interval (10m)"),
        .init("[retry]\nlifetime = \"1m\"\ndelay_notice = false", line: 2, key: "retry.lifetime", "must be at least as long as retry.first_interval (5m by default)"),
        .init("[retry]\nlifetime = \"2h\"", line: 2, key: "retry.lifetime", "must be longer than retry.delay_notice (4h by default)"),
        .init("[retry]\ndelay_notice = \"5d\"", line: 2, key: "retry.delay_notice", "must be shorter than retry.lifetime (5d by default)"),
        .init("[retry]\ndelay_notice = true", line: 2, key: "retry.delay_notice", "or false for no delay notices"),
        .init("[retry]\ndelay_notice = \"on\"", line: 2, key: "retry.delay_notice", "or false for no delay notices"),
        .init("[retry]\ndelay_notice = [1]", line: 2, key: "retry.delay_notice", "not an array"),
        .init("[retry]\nmax_interval = \"10d\"", line: 2, key: "retry.max_interval", "must be at most as long as retry.lifetime (5d by default)"),
        .init("[retry]\nlifetime = \"30m\"\ndelay_notice = false", line: 2, key: "retry.lifetime", "must be at least as long as retry.max_interval (1h by default)"),
        .init("[retry]\nmax_interval = \"1d\"\nlifetime = \"12h\"\ndelay_notice = false", line: 3, key: "retry.lifetime", "must be at least as long as retry.max_interval (1d)"),
        .init("[retry]\nbackoff_multiplier = 0", line: 2, key: "retry.backoff_multiplier", "must be at least 1"),
        .init("[retry]\nlifetime = \"forever\"", line: 2, key: "retry.lifetime", "is not a duration"),
        .init("[[transport]]\ndomain = \"*\"\naddress = \"relay.example\"\ntls = \"starttls\"", line: 4, key: "transport.tls", "unknown tls mode 'starttls'; use one of: none, opportunistic, required, implicit"),
        .init("[[transport]]\ndomain = \"*\"\naddress = \"relay.example\"\nusername = \"u\"\npassword = \"secret\"", line: 5, key: "transport.password", "passwords do not belong in the configuration file"),
        .init("[[transport]]\ndomain = \"*\"\naddress = \"relay.example\"\nusername = \"u\"", line: 4, key: "transport.password_file", "username needs password_file"),
        .init("[[transport]]\ndomain = \"*\"\naddress = \"relay.example\"\npassword_file = \"/p\"", line: 4, key: "transport.username", "password_file needs a username"),
        .init("[[transport]]\ndomain = \"*\"\naddress = \"relay.example\"\ntls = \"opportunistic\"\nusername = \"u\"\npassword_file = \"/p\"", line: 5, key: "transport.username", "a password must not be sent with tls = \"opportunistic\""),
        .init("[[transport]]\ndomain = \"*\"\naddress = \"relay.example\"\ntls = \"none\"\nusername = \"u\"\npassword_file = \"/p\"", line: 5, key: "transport.username", "a password must not be sent with tls = \"none\""),
        .init("[[transport]]\ndomain = \"*\"\naddress = \"relay.example\"\nusername = \"\"\npassword_file = \"/p\"", line: 4, key: "transport.username", "must not be empty"),
        .init("[[transport]]\ndomain = \"*\"\naddress = \"relay.example\"\nusername = \"u\"\npassword_file = \"\"", line: 5, key: "transport.password_file", "must not be empty"),
        .init("[[transport]]\ndomain = \"*\"\naddress = \"relay.example\"\ntls = \"implicit\"\nusername = \"u\"", line: 5, key: "transport.password_file", "username needs password_file"),
        .init("[[transport]]\naddress = \"relay.example\"", line: 1, key: "transport.domain", "missing"),
        .init("[[transport]]\ndomain = \"*\"", line: 1, key: "transport.address", "missing"),
        .init("[[transport]]\ndomain = \"not a domain\"\naddress = \"relay.example\"", line: 2, key: "transport.domain", "'not a domain' is not a domain name"),
        .init("[[transport]]\ndomain = \"*\"\naddress = \"relay.example:0\"", line: 3, key: "transport.address", "port 0 is not a port to connect to"),
        .init("[[transport]]\ndomain = \"*\"\naddress = \"relay example:25\"", line: 3, key: "transport.address", "is neither an IP address nor a host name"),
        .init("[[transport]]\ndomain = \"*\"\nadress = \"relay.example\"", line: 3, key: "transport.adress", "unknown key 'adress' (did you mean 'address'?)"),
        .init("[[transport]]\ndomain = \"*\"\naddress = \"relay.example\"\nusername = \"u\"\npasword_file = \"/p\"", line: 5, key: "transport.pasword_file", "unknown key 'pasword_file' (did you mean 'password_file'?)"),
        .init("[[listener]]\nrole = \"mx\"\naddres = \"0.0.0.0:25\"", line: 3, key: "listener.addres", "(did you mean 'address'?)"),
        .init(
            "[[transport]]\ndomain = \"Example.net\"\naddress = \"a.example\"\n[[transport]]\ndomain = \"example.net\"\naddress = \"b.example\"",
            line: 5, key: "transport.domain", "'example.net' already has a transport on line 2"),
    ]

    @Test("wrong top-level settings", arguments: rootCases)
    func root(_ invalid: InvalidCase) { expectSingleError(invalid) }

    @Test("wrong [limits]", arguments: limitCases)
    func limits(_ invalid: InvalidCase) { expectSingleError(invalid) }

    @Test("wrong [[listener]]", arguments: listenerCases)
    func listeners(_ invalid: InvalidCase) { expectSingleError(invalid) }

    @Test("wrong [tls], [aliases] and [submission]", arguments: tlsAndAliasCases)
    func tlsAndAliases(_ invalid: InvalidCase) { expectSingleError(invalid) }

    @Test("wrong [retry] and [[transport]]", arguments: retryAndTransportCases)
    func retryAndTransports(_ invalid: InvalidCase) { expectSingleError(invalid) }

    @Test("a value with a syntax error is reported once, not also as missing or of the wrong type", arguments: [
        ("[[listener]]\nrole = mx\naddress = \"0.0.0.0:25\"", 2, "expected a value, found 'mx'; text needs quotes: \"mx\""),
        ("[[transport]]\ndomain = \"*\"\naddress = relay.example", 3, "expected a value, found 'relay.example'; text needs quotes: \"relay.example\""),
        ("hostname = \"open", 1, "unterminated string: missing '\"' before the end of the line"),
        ("[limits]\nmax_message_size = 25M", 2, "'25M' is not an integer; text needs quotes: \"25M\""),
        ("[aliases]\ninfo@example.com = \"a@example.com\"", 2,
         "expected '=' after the key 'info', found '@'; a key with characters other than letters, digits, '-' and '_' needs quotes: \"info@example.com\""),
    ] as [(String, Int, String)])
    func syntaxOnce(text: String, line: Int, message: String) {
        let found = errors(text)
        #expect(found == [ConfigurationError(source: .file("postamt.toml"), line: line, message: message)])
    }

    @Test("every error of a file is collected, in line order, syntax and meaning alike")
    func collectsAll() {
        let text = """
            hostnmae = "mail.example.com"
            local_domains = ["example.com"]
            trusted_networks = ["10.0.0.0/33"]
            log_level = info

            [limits]
            max_recipients = 0
            command_timeout = "soon"

            [[listener]]
            role = "mx"
            address = "0.0.0.0"

            [tls]
            certificate = "/etc/cert.pem"
            """
        #expect(errors(text).map(\.line) == [1, 3, 4, 7, 8, 12, 15])
    }

    @Test("errors read like a compiler's: file:line: key: message")
    func description() {
        let error = errors("# limits\n\n[limits]\n\n\n\n\n\n\n\n\nmax_recipients = 0").first
        #expect(error?.description == "postamt.toml:12: limits.max_recipients: must be at least 1")
        let syntax = errors("a = \"open").first
        #expect(syntax?.description == "postamt.toml:1: unterminated string: missing '\"' before the end of the line")
        #expect(ConfigurationError(source: .file("/etc/postamt.toml"), message: "the configuration file does not exist").description
            == "/etc/postamt.toml: the configuration file does not exist")
        #expect(ConfigurationError(source: .environment("POSTAMT_MX"), key: "listener", message: "bad").description
            == "environment variable POSTAMT_MX: bad")
        #expect(ConfigurationError(source: .flag("--mx"), key: "listener", message: "bad").description == "flag --mx: bad")
        let all = ConfigurationErrors(errors: [
            ConfigurationError(source: .flag("--a"), message: "x"), ConfigurationError(source: .flag("--b"), message: "y"),
        ])
        #expect(all.description == "flag --a: x\nflag --b: y")
    }
}
