import Testing

@testable import PostamtConfiguration

@Suite("storage, [postgres], mail_directory and delivery.lease_time")
struct StorageSettingsTests {
    @Test("defaults: SQLite in the data directory, mailboxes beside it, one-minute leases")
    func defaults() throws {
        let configuration = try #require(loaded(nil))
        #expect(configuration.storage == .sqlite)
        #expect(configuration.postgres == nil)
        #expect(configuration.mailboxRoot == "./postamt-data/mail")
        #expect(configuration.delivery.leaseTime == .seconds(60))
    }

    @Test("every key arrives in the model; the URL is shown without a password")
    func complete() throws {
        let configuration = try #require(loaded("""
            storage = "postgres"
            mail_directory = "/srv/mail"

            [postgres]
            url = "postgresql://postamt%40mx@[2001:db8::5]:6432/mail_queue?sslmode=verify-full&sslrootcert=/etc/postamt/db-ca.pem"
            password_file = "/etc/postamt/db-password"
            connections = 40
            timeout = "3s"

            [delivery]
            lease_time = "30s"
            """))
        #expect(configuration.storage == .postgres)
        #expect(configuration.mailboxRoot == "/srv/mail")
        #expect(configuration.delivery.leaseTime == .seconds(30))
        let postgres = try #require(configuration.postgres)
        #expect(postgres == PostgresSettings(
            host: "2001:db8::5", port: 6432, username: "postamt@mx", database: "mail_queue", tls: .verifyFull,
            rootCertificate: "/etc/postamt/db-ca.pem", passwordFile: "/etc/postamt/db-password", connections: 40, timeout: .seconds(3)
        ))
        #expect(postgres.url == "postgres://postamt@mx@[2001:db8::5]:6432/mail_queue?sslmode=verify-full&sslrootcert=/etc/postamt/db-ca.pem")
        #expect(configuration.describe().contains("PostgreSQL postgres://postamt@mx@[2001:db8::5]:6432/mail_queue"))
    }

    @Test("without a port and database: 5432 and the user's name, as libpq does")
    func libpqDefaults() throws {
        let postgres = try #require(loaded("storage = \"postgres\"\n[postgres]\nurl = \"postgres://postamt@db.example.com\"")?.postgres)
        #expect(postgres.port == 5432)
        #expect(postgres.database == "postamt")
        #expect(postgres.tls == .disable)
        #expect(postgres.connections == 20)
        #expect(postgres.timeout == .seconds(10))
    }

    @Test("the environment and flags choose the backend and database; the file's pool size stays")
    func overrides() throws {
        let environment = [
            "POSTAMT_STORAGE": "postgres",
            "POSTAMT_POSTGRES_URL": "postgres://env@db-env.example/queue",
            "POSTAMT_POSTGRES_PASSWORD_FILE": "/run/secrets/db",
        ]
        let fromEnvironment = try #require(loaded("[postgres]\nconnections = 5", environment: environment))
        #expect(fromEnvironment.storage == .postgres)
        #expect(fromEnvironment.postgres?.host == "db-env.example")
        #expect(fromEnvironment.postgres?.passwordFile == "/run/secrets/db")
        #expect(fromEnvironment.postgres?.connections == 5)

        let flags = ConfigurationOverrides(storage: "sqlite", postgresURL: "postgres://flag@db-flag.example/q", postgresPasswordFile: "/flag")
        let fromFlags = try #require(loaded(nil, environment: environment, flags: flags))
        #expect(fromFlags.storage == .sqlite)
        #expect(fromFlags.postgres?.host == "db-flag.example")
        #expect(fromFlags.postgres?.passwordFile == "/flag")
    }

    @Test("postgres without a URL is an error naming where storage was set")
    func postgresNeedsURL() {
        let fromFile = errors("storage = \"postgres\"")
        #expect(fromFile.count == 1)
        #expect(fromFile.first?.line == 1)
        #expect(fromFile.first?.key == "storage")
        #expect(fromFile.first?.message.contains("postgres.url") == true)
        let fromEnvironment = errors(nil, environment: ["POSTAMT_STORAGE": "postgres"])
        #expect(fromEnvironment.map(\.source) == [.environment("POSTAMT_STORAGE")])
        #expect(errors(nil, flags: ConfigurationOverrides(postgresURL: "postgres://u:secret@h/d")).first?.message.contains("must not hold the password") == true)
    }

    static let invalid: [InvalidCase] = [
        .init("storage = \"mysql\"", line: 1, key: "storage", "unknown storage 'mysql'"),
        .init("[postgres]\nurl = \"mysql://u@h/d\"", line: 2, key: "postgres.url", "is not a PostgreSQL URL"),
        .init("[postgres]\nurl = \"postgres://u:secret@h/d\"", line: 2, key: "postgres.url", "must not hold the password"),
        .init("[postgres]\nurl = \"postgres://db.example/d\"", line: 2, key: "postgres.url", "names no user"),
        .init("[postgres]\nurl = \"postgres://u@h:70000/d\"", line: 2, key: "postgres.url", "is not a port"),
        .init("[postgres]\nurl = \"postgres://u@h/d?sslmode=prefer\"", line: 2, key: "postgres.url", "sslmode 'prefer' is not one of disable, require, verify-full"),
        .init("[postgres]\nurl = \"postgres://u@h/d?application_name=x\"", line: 2, key: "postgres.url", "'application_name' is not supported"),
        .init("[postgres]\nurl = \"postgres://u@h/d?sslrootcert=/ca.pem\"", line: 2, key: "postgres.url", "only used with sslmode=verify-full"),
        .init("[postgres]\nurl = \"postgres://u%zz@h/d\"", line: 2, key: "postgres.url", "names no user"),
        .init("[postgres]\nconnections = 0", line: 2, key: "postgres.connections", "must be at least 1"),
        .init("[postgres]\ntimeout = \"soon\"", line: 2, key: "postgres.timeout", "is not a duration"),
        .init("[postgres]\npassword = \"x\"", line: 2, key: "postgres.password", "unknown key"),
        .init("[delivery]\nlease_time = 2", line: 2, key: "delivery.lease_time", "at least 3 seconds"),
        .init("mail_directory = \"\"", line: 1, key: "mail_directory", "must not be empty"),
    ]

    @Test("each wrong value is one error with its line, key and reason", arguments: invalid)
    func invalidValue(_ invalid: InvalidCase) {
        expectSingleError(invalid)
    }
}
