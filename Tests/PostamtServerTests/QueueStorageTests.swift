import Foundation
import PostamtConfiguration
import Testing

@testable import PostamtServer

/// Where the database password comes from: the file first, then the environment, never
/// the configuration.
@Suite("QueueStorage: the database password")
struct QueueStorageTests {
    static func settings(passwordFile: String? = nil) -> PostgresSettings {
        PostgresSettings(host: "db.example", username: "postamt", database: "postamt", passwordFile: passwordFile)
    }

    @Test("the first line of password_file, without its line ending, wins over the environment")
    func fromFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("db-password-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "s3cret with spaces\r\nsecond line\n".write(toFile: file, atomically: true, encoding: .utf8)
        let password = try QueueStorage.password(for: Self.settings(passwordFile: file), environment: [QueueStorage.passwordVariable: "from-env"])
        #expect(password == "s3cret with spaces")
    }

    @Test("without a file: POSTAMT_POSTGRES_PASSWORD, else no password (trust or peer authentication)")
    func fromEnvironment() throws {
        #expect(try QueueStorage.password(for: Self.settings(), environment: [QueueStorage.passwordVariable: "from-env"]) == "from-env")
        #expect(try QueueStorage.password(for: Self.settings(), environment: [QueueStorage.passwordVariable: ""]) == nil)
        #expect(try QueueStorage.password(for: Self.settings(), environment: [:]) == nil)
    }

    @Test("a missing or empty password file is an error naming the file, not a login without password")
    func badFile() throws {
        let missing = "/nonexistent/db-password"
        #expect(throws: StorageOpenError.self) { try QueueStorage.password(for: Self.settings(passwordFile: missing), environment: [:]) }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("db-password-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: empty) }
        try "\n".write(toFile: empty, atomically: true, encoding: .utf8)
        do {
            _ = try QueueStorage.password(for: Self.settings(passwordFile: empty), environment: [:])
            Issue.record("an empty password file was accepted")
        } catch let error as StorageOpenError {
            #expect(error.message.contains(empty))
        }
    }
}
