import ArgumentParser
import Foundation
import PostamtConfiguration

/// The settings every server-side command can take on the command line. Flags override
/// `POSTAMT_*` environment variables, which override the configuration file.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $POSTAMT_CONFIG, else ./postamt.toml if it exists).")
    var config: String?

    @Option(help: "The server's host name, used in the greeting and trace headers.")
    var hostname: String?

    @Option(name: .customLong("data-dir"), help: "Where the queue, users, mailboxes and generated certificate live.")
    var dataDirectory: String?

    @Option(name: .customLong("local-domains"), help: "A domain this server receives mail for (repeatable).")
    var localDomains: [String] = []

    @Option(name: .customLong("trusted-networks"), help: "A network (CIDR) whose clients may relay without AUTH (repeatable).")
    var trustedNetworks: [String] = []

    @Option(name: .customLong("mx"), help: "Address for mail from other servers, e.g. 0.0.0.0:25 (repeatable).")
    var mxListeners: [String] = []

    @Option(name: .customLong("submission"), help: "Address for submission with STARTTLS, e.g. 0.0.0.0:587 (repeatable).")
    var submissionListeners: [String] = []

    @Option(name: .customLong("submissions"), help: "Address for submission over implicit TLS, e.g. 0.0.0.0:465 (repeatable).")
    var submissionsListeners: [String] = []

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain.")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key.")
    var tlsPrivateKey: String?

    @Option(name: .customLong("max-message-size"), help: "Largest message accepted, e.g. 25M.")
    var maximumMessageSize: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    @Option(name: .customLong("relay-host"), help: "Relay (smarthost) for all outbound mail, host:port; replaces the file's \"*\" transport.")
    var relayHost: String?

    @Option(name: .customLong("relay-tls"), help: "TLS to the relay: none, opportunistic, required (default) or implicit.")
    var relayTLS: String?

    @Option(name: .customLong("relay-user"), help: "Login name at the relay.")
    var relayUsername: String?

    // A file, never the password: command lines are visible to every user of the machine.
    @Option(name: .customLong("relay-password-file"), help: "File holding the relay password.")
    var relayPasswordFile: String?

    @Option(name: .customLong("transport"), help: "Route for one domain, 'DOMAIN=HOST[:PORT][;tls=MODE]' (repeatable).")
    var transports: [String] = []

    @Option(name: .customLong("retry-first"), help: "Wait before the first retry of undelivered mail, e.g. 5m.")
    var retryFirstInterval: String?

    @Option(name: .customLong("retry-max-interval"), help: "Longest wait between retries, e.g. 1h.")
    var retryMaximumInterval: String?

    @Option(name: .customLong("retry-lifetime"), help: "Time after which undeliverable mail is returned, e.g. 5d.")
    var retryLifetime: String?

    @Option(name: .customLong("delay-notice"), help: "Time after which the sender is told of a delay, e.g. 4h, or off.")
    var retryDelayNotice: String?

    @Option(name: .customLong("admin"), help: "Where the web admin, API, metrics and autoconfig listen, e.g. 127.0.0.1:5580, or off.")
    var adminListener: String?

    @Option(name: .customLong("storage"), help: "Where the queue and users are kept: sqlite (default) or postgres.")
    var storage: String?

    @Option(name: .customLong("postgres-url"), help: "The shared database, e.g. postgres://postamt@db.example.com/postamt (no password).")
    var postgresURL: String?

    @Option(name: .customLong("postgres-password-file"), help: "A file whose first line is the database password.")
    var postgresPasswordFile: String?

    var overrides: ConfigurationOverrides {
        ConfigurationOverrides(
            hostname: hostname,
            dataDirectory: dataDirectory,
            localDomains: localDomains.isEmpty ? nil : localDomains,
            trustedNetworks: trustedNetworks.isEmpty ? nil : trustedNetworks,
            mxListeners: mxListeners.isEmpty ? nil : mxListeners,
            submissionListeners: submissionListeners.isEmpty ? nil : submissionListeners,
            submissionsListeners: submissionsListeners.isEmpty ? nil : submissionsListeners,
            tlsCertificate: tlsCertificate,
            tlsPrivateKey: tlsPrivateKey,
            maximumMessageSize: maximumMessageSize,
            logLevel: logLevel,
            relayHost: relayHost,
            relayTLS: relayTLS,
            relayUsername: relayUsername,
            relayPasswordFile: relayPasswordFile,
            transports: transports.isEmpty ? nil : transports,
            retryFirstInterval: retryFirstInterval,
            retryMaximumInterval: retryMaximumInterval,
            retryLifetime: retryLifetime,
            retryDelayNotice: retryDelayNotice,
            adminListener: adminListener,
            storage: storage,
            postgresURL: postgresURL,
            postgresPasswordFile: postgresPasswordFile
        )
    }

    /// The configuration file to read, if any.
    var configurationPath: String? {
        if let config { return config }
        if let path = ProcessInfo.processInfo.environment["POSTAMT_CONFIG"], !path.isEmpty { return path }
        return FileManager.default.fileExists(atPath: "postamt.toml") ? "postamt.toml" : nil
    }

    /// Loads the configuration or exits with every error listed (status 1).
    func load() throws -> PostamtConfiguration {
        switch PostamtConfiguration.load(filePath: configurationPath, environment: ProcessInfo.processInfo.environment, flags: overrides) {
        case .success(let configuration):
            return configuration
        case .failure(let errors):
            for error in errors.errors { printError("postamt: \(error)") }
            throw ExitCode(1)
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
