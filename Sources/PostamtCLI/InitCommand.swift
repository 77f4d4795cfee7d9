import ArgumentParser
import Foundation
import PostamtConfiguration
import TLSCertificates

/// `postamt init`: a configuration file and a self-signed certificate for a first run.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a configuration file and a self-signed TLS certificate to start from."
    )

    @Option(help: "The server's host name.") var hostname: String = PostamtConfiguration.systemHostname()
    @Option(help: "The first domain to receive mail for.") var domain: String = "localhost"
    @Option(name: .customLong("data-dir"), help: "Data directory.") var dataDirectory: String = "./postamt-data"
    @Option(name: .customLong("config"), help: "Where to write the configuration.") var configPath: String = "postamt.toml"
    @Flag(help: "Overwrite an existing configuration file.") var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: configPath) && !force {
            printError("postamt: \(configPath) exists; use --force to overwrite it")
            throw ExitCode(1)
        }
        let tlsDirectory = (dataDirectory as NSString).appendingPathComponent("tls")
        let certificatePath = (tlsDirectory as NSString).appendingPathComponent("certificate.pem")
        let keyPath = (tlsDirectory as NSString).appendingPathComponent("private-key.pem")
        let certificate = try SelfSignedCertificate.make(hostnames: [hostname, "localhost"], ipAddresses: ["127.0.0.1", "::1"])
        try certificate.write(certificateTo: URL(fileURLWithPath: certificatePath), privateKeyTo: URL(fileURLWithPath: keyPath))
        let text = """
            # Postamt configuration, written by `postamt init`. Every key: docs/configuration.md.
            hostname = "\(hostname)"
            data_directory = "\(dataDirectory)"
            local_domains = ["\(domain)"]
            # Networks whose clients may send to other domains without logging in.
            trusted_networks = []

            [tls]
            # A self-signed certificate: mail clients will warn until you use a real one.
            certificate = "\(certificatePath)"
            private_key = "\(keyPath)"

            # Unprivileged ports for a first run; in production use 25, 587 and 465.
            [[listener]]
            role = "mx"
            address = "127.0.0.1:2525"

            [[listener]]
            role = "submission"
            address = "127.0.0.1:5587"

            [[listener]]
            role = "submissions"
            address = "127.0.0.1:5465"

            """
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
        if case .failure(let errors) = PostamtConfiguration.load(fileText: text, fileName: configPath, environment: [:]) {
            for error in errors.errors { printError("postamt: \(error)") }
            throw ExitCode(1)
        }
        print("wrote \(configPath) and a self-signed certificate in \(tlsDirectory)")
        print("next: postamt user add you@\(domain), then postamt serve")
    }
}
