import Foundation
import Logging
import NIOSSL
import PostamtConfiguration
import TLSCertificates

/// Loads the configured certificate, or makes a self-signed one on the first run so that
/// STARTTLS and port 465 work out of the box (clients will warn until a real certificate is
/// configured).
enum TLSSetup {
    static func context(for configuration: PostamtConfiguration, logger: Logger) throws -> NIOSSLContext {
        let files: TLSFiles
        if let configured = configuration.tls {
            files = configured
        } else {
            files = TLSFiles(
                certificate: configuration.tlsDirectory + "/certificate.pem",
                privateKey: configuration.tlsDirectory + "/private-key.pem"
            )
            if !FileManager.default.fileExists(atPath: files.certificate) || !FileManager.default.fileExists(atPath: files.privateKey) {
                let certificate = try SelfSignedCertificate.make(hostnames: [configuration.hostname, "localhost"], ipAddresses: ["127.0.0.1", "::1"])
                try certificate.write(
                    certificateTo: URL(fileURLWithPath: files.certificate),
                    privateKeyTo: URL(fileURLWithPath: files.privateKey)
                )
                logger.notice("created a self-signed certificate", metadata: ["path": "\(files.certificate)"])
            }
        }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(files.certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: files.privateKey, format: .pem))
        )
        tls.minimumTLSVersion = .tlsv12
        return try NIOSSLContext(configuration: tls)
    }
}
