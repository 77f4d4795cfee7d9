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
            logLevel: logLevel
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
