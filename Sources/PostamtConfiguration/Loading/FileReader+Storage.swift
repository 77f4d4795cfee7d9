// [postgres]: the database that several nodes share when `storage = "postgres"`.
extension FileReader {
    static let postgresKeys = ["url", "password_file", "connections", "timeout"]

    mutating func readPostgres(_ table: TOMLTable, into builder: inout ConfigurationBuilder) {
        rejectUnknownKeys(in: table, section: "postgres", known: Self.postgresKeys)
        if let url = string(table, "url", section: "postgres") {
            apply(SettingValue.postgresURL(url.value), url, "postgres.url") { builder.postgresURL = $0 }
        }
        if let file = string(table, "password_file", section: "postgres") {
            apply(SettingValue.path(file.value), file, "postgres.password_file") { builder.postgresPasswordFile = $0 }
        }
        if let connections = count(table, "connections", section: "postgres") {
            builder.postgresConnections = connections.value
        }
        if let timeout = duration(table, "timeout", section: "postgres") {
            builder.postgresTimeout = timeout.value
        }
    }
}
