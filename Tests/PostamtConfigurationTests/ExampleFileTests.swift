import Foundation
import PostamtTestSupport
import Testing

@testable import PostamtConfiguration

@Suite("postamt.example.toml and docs/configuration.md")
struct ExampleFileTests {
    @Test("the example configuration in the repository loads without errors")
    func exampleIsValid() throws {
        let path = repositoryFile("postamt.example.toml")
        let result = PostamtConfiguration.load(filePath: path, environment: [:])
        if case .failure(let errors) = result { Issue.record("\(errors)") }
        let configuration = try result.get()
        #expect(configuration.hostname == "mail.example.com")
        #expect(configuration.localDomains == ["example.com"])
        #expect(configuration.listeners.map(\.port).sorted() == [25, 25, 465, 465, 587, 587])
        #expect(Set(configuration.listeners.map(\.host)) == ["0.0.0.0", "::"])
        #expect(configuration.tls != nil)
        #expect(configuration.aliases["postmaster@example.com"] == ["alice@example.com"])
        #expect(configuration.transports == [], "the smarthost is only an example, commented out")
    }

    @Test("the commented-out smarthost in the example is valid once uncommented")
    func exampleSmarthost() throws {
        let text = try String(contentsOfFile: repositoryFile("postamt.example.toml"), encoding: .utf8)
        let start = try #require(text.range(of: "# [[transport]]"))
        let uncommented = text[start.lowerBound...].split(separator: "\n").map { $0.hasPrefix("# ") ? $0.dropFirst(2) : $0 }
        let configuration = try #require(loaded(String(text[..<start.lowerBound]) + uncommented.joined(separator: "\n")))
        #expect(configuration.transports.map(\.address) == ["smtp.provider.example:587"])
    }

    @Test("docs/configuration.md documents every key and every variable and flag")
    func documentationComplete() throws {
        let documentation = try String(contentsOfFile: repositoryFile("docs/configuration.md"), encoding: .utf8)
        let keys = FileReader.rootKeys + FileReader.tlsKeys + FileReader.submissionKeys + FileReader.limitKeys
            + FileReader.retryKeys + FileReader.listenerKeys + FileReader.transportKeys
            + FileReader.deliveryKeys + FileReader.dnsKeys + FileReader.adminKeys + FileReader.autoconfigKeys
            + FileReader.postgresKeys
        for key in keys {
            let spellings = ["`\(key)`", "`[\(key)]`", "`[[\(key)]]`"]
            #expect(spellings.contains(where: documentation.contains), "\(key) is not documented")
        }
        for setting in ConfigurationOverrides.Setting.allCases {
            #expect(documentation.contains("`\(setting.environmentVariable)`"), "\(setting.environmentVariable) is not documented")
            #expect(documentation.contains("`\(setting.flag)`"), "\(setting.flag) is not documented")
        }
    }
}

@Suite("Loading from a path")
struct LoadFromPathTests {
    @Test("without a path the defaults apply")
    func noPath() throws {
        let configuration = try PostamtConfiguration.load(filePath: nil, environment: [:]).get()
        #expect(configuration.listeners == Listener.defaults)
    }

    @Test("a file that does not exist is an error naming it")
    func missingFile() {
        let result = PostamtConfiguration.load(filePath: "/nonexistent/postamt.toml", environment: [:])
        guard case .failure(let errors) = result else {
            Issue.record("loaded a missing file")
            return
        }
        #expect(errors.errors.map(\.description) == ["/nonexistent/postamt.toml: the configuration file does not exist"])
    }

    @Test("a directory or a file that is not UTF-8 is an error naming it")
    func unreadable() throws {
        let directory = FileManager.default.temporaryDirectory.path
        #expect(PostamtConfiguration.load(filePath: directory, environment: [:]).errors == ["\(directory): the configuration file is a directory"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("postamt-\(UUID().uuidString).toml").path
        try Data([0x68, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(PostamtConfiguration.load(filePath: path, environment: [:]).errors == ["\(path): the configuration file is not UTF-8 text"])
    }

    @Test("errors in a file read from disk carry its path")
    func pathInErrors() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("postamt-\(UUID().uuidString).toml").path
        try "hostname = \"a.example\"\n[limits]\nmax_errors = 0\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = PostamtConfiguration.load(filePath: path, environment: ["POSTAMT_LOG_LEVEL": "debug"])
        guard case .failure(let errors) = result else {
            Issue.record("no error")
            return
        }
        #expect(errors.errors.map(\.description) == ["\(path):3: limits.max_errors: must be at least 1"])
    }

    @Test("the public entry point with a file text uses the machine's host name by default")
    func publicLoad() throws {
        let configuration = try PostamtConfiguration.load(fileText: nil, environment: [:], flags: ConfigurationOverrides()).get()
        #expect(configuration.hostname == PostamtConfiguration.systemHostname())
    }
}

@Suite("The summary serve prints at start")
struct DescribeTests {
    @Test("names listeners, data directory, domains, TLS and relaying")
    func summary() throws {
        let text = """
            hostname = "mail.example.com"
            data_directory = "/var/lib/postamt"
            local_domains = ["example.com", "example.org"]
            trusted_networks = ["192.0.2.0/24"]
            [[listener]]
            role = "mx"
            address = "[::]:25"
            [[transport]]
            domain = "*"
            address = "smtp.provider.example:587"
            """
        let summary = try #require(loaded(text)).describe()
        #expect(summary == """
            Postamt mail.example.com
              listening on:    mx [::]:25
              data directory:  /var/lib/postamt
              queue and users: SQLite in the data directory
              local domains:   example.com, example.org
              relaying for:    authenticated users, 192.0.2.0/24
              TLS certificate: self-signed, in /var/lib/postamt/tls
              outbound mail:   all other domains via smtp.provider.example:587
              message size:    up to 25M
              admin (HTTP):    127.0.0.1:5580
              log level:       info
            """)
    }

    @Test("the defaults say where the generated certificate goes and that mail goes to MX hosts")
    func defaults() {
        let summary = testDefaults.describe()
        #expect(summary.contains("mx 127.0.0.1:2525, submission 127.0.0.1:5587, submissions 127.0.0.1:5465"))
        #expect(summary.contains("self-signed, in ./postamt-data/tls"))
        #expect(summary.contains("outbound mail:   MX hosts"))
        #expect(summary.contains("local domains:   localhost"))
    }
}

extension Result where Failure == ConfigurationErrors {
    /// The errors as printed, or none.
    var errors: [String] {
        if case .failure(let errors) = self { return errors.errors.map(\.description) }
        return []
    }
}
