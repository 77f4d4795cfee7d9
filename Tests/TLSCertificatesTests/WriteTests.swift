import Foundation
import Testing

@testable import TLSCertificates

@Suite("SelfSignedCertificate.write")
struct WriteTests {
    /// A fresh directory per test, removed afterwards.
    static func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("postamt-tls-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    static func mode(of url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    @Test("both files are written, in directories created on the way, and the key has mode 0600")
    func writesFiles() throws {
        try Self.withTemporaryDirectory { directory in
            let made = try SelfSignedCertificate.make(hostnames: ["mail.example.test"])
            let certificateURL = directory.appendingPathComponent("certs/mail.pem")
            let keyURL = directory.appendingPathComponent("private/deeper/mail.key")
            try made.write(certificateTo: certificateURL, privateKeyTo: keyURL)
            #expect(try String(contentsOf: certificateURL, encoding: .utf8) == made.certificatePEM)
            #expect(try String(contentsOf: keyURL, encoding: .utf8) == made.privateKeyPEM)
            #expect(try Self.mode(of: keyURL) == 0o600)
        }
    }

    @Test("an existing, more open key file is tightened to 0600 and replaced")
    func replacesExistingKey() throws {
        try Self.withTemporaryDirectory { directory in
            let certificateURL = directory.appendingPathComponent("mail.pem")
            let keyURL = directory.appendingPathComponent("mail.key")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let longOldContents = String(repeating: "old key material\n", count: 100)
            #expect(
                FileManager.default.createFile(
                    atPath: keyURL.path, contents: Data(longOldContents.utf8), attributes: [.posixPermissions: 0o644]))
            let made = try SelfSignedCertificate.make(hostnames: ["mail.example.test"])
            try made.write(certificateTo: certificateURL, privateKeyTo: keyURL)
            #expect(try Self.mode(of: keyURL) == 0o600)
            #expect(try String(contentsOf: keyURL, encoding: .utf8) == made.privateKeyPEM)
        }
    }

    @Test("a path that cannot be written reports which file failed")
    func unwritable() throws {
        try Self.withTemporaryDirectory { directory in
            let made = try SelfSignedCertificate.make(hostnames: ["mail.example.test"])
            let certificateURL = directory.appendingPathComponent("mail.pem")
            // A directory where the key file should be.
            let keyURL = directory.appendingPathComponent("mail.key")
            try FileManager.default.createDirectory(at: keyURL, withIntermediateDirectories: true)
            #expect(throws: SelfSignedCertificateError.writeFailed(path: keyURL.path, errno: EISDIR)) {
                try made.write(certificateTo: certificateURL, privateKeyTo: keyURL)
            }
        }
    }
}
