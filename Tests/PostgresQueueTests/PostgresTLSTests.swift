import Foundation
import Logging
import MailQueue
import PostamtTestSupport
import PostgresQueue
import TLSCertificates
import Testing

/// Connections to a PostgreSQL server that takes TCP connections only over TLS, with a
/// certificate for 127.0.0.1 from a private CA: a cluster of this suite's own.
@Suite("TLS to PostgreSQL", .serialized)
struct PostgresTLSTests {
    @Test("sslmode=require and verify-full with the CA connect and store; without TLS, or verify-full against other roots, the database is unavailable")
    func tlsModes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let authority = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt test database CA")
        let server = try SelfSignedCertificate.make(hostnames: ["localhost"], ipAddresses: ["127.0.0.1"], issuer: authority)
        let (certificate, key, caFile) = (directory.appendingPathComponent("server.crt"), directory.appendingPathComponent("server.key"), directory.appendingPathComponent("ca.pem"))
        try server.write(certificateTo: certificate, privateKeyTo: key)
        try authority.write(certificateTo: caFile, privateKeyTo: directory.appendingPathComponent("ca.key"))
        // A certificate authority this server's certificate does not come from.
        let stranger = try SelfSignedCertificate.makeCertificateAuthority(name: "Someone else")
        let strangerFile = directory.appendingPathComponent("stranger.pem")
        try stranger.write(certificateTo: strangerFile, privateKeyTo: directory.appendingPathComponent("stranger.key"))

        try await PostgresInstance.withPrivateCluster(tls: (certificate.path, key.path)) { _, port in
            func settings(_ tls: PostgresQueue.Settings.TLS) -> PostgresQueue.Settings {
                PostgresQueue.Settings(host: "127.0.0.1", port: port, username: PostgresInstance.user, database: "postgres", maximumConnections: 2, timeout: .seconds(5), tls: tls)
            }

            for mode in [PostgresQueue.Settings.TLS.require, .verifyFull(rootCertificate: caFile.path)] {
                let queue = try await PostgresQueue.open(settings(mode), logger: PostgresFixture.logger)
                try await queue.messages.store(QueueContractTests.message())
                #expect(try await queue.messages.messageCount() >= 1, "\(mode)")
                await queue.close()
            }
            for mode in [PostgresQueue.Settings.TLS.disable, .verifyFull(rootCertificate: strangerFile.path), .verifyFull(rootCertificate: nil)] {
                do {
                    let queue = try await PostgresQueue.open(settings(mode), logger: PostgresFixture.logger)
                    await queue.close()
                    Issue.record("connected with \(mode)")
                } catch let error as StorageError {
                    #expect(error.kind == .unavailable, "\(mode): \(error)")
                    // The server's or the TLS library's own words, for the operator.
                    let reason = mode == .disable ? "no encryption" : "certificate"
                    #expect(error.description.lowercased().contains(reason), "\(mode): \(error)")
                }
            }
        }
    }
}
