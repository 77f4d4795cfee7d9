// `storage` and `[postgres]`, which come together only once every source is read: the URL
// may come from the environment and the pool size from the file.
extension ConfigurationBuilder {
    mutating func setStorage(_ storage: StorageBackend, origin: Origin) {
        configuration.storage = storage
        storageOrigin = origin
    }

    /// A new URL replaces the database, but keeps the password file, pool size and timeout
    /// given elsewhere, which belong to the node rather than to the URL.
    mutating func setPostgresURL(_ settings: PostgresSettings) {
        postgresURL = settings
    }

    mutating func checkStorage() {
        guard var postgres = postgresURL else {
            if configuration.storage == .postgres, let origin = storageOrigin {
                errors.append(origin.error(
                    "storage", "storage = \"postgres\" needs the database: set postgres.url (POSTAMT_POSTGRES_URL, --postgres-url)"))
            }
            configuration.postgres = nil
            return
        }
        postgres.passwordFile = postgresPasswordFile
        if let connections = postgresConnections { postgres.connections = connections }
        if let timeout = postgresTimeout { postgres.timeout = timeout }
        configuration.postgres = postgres
    }
}
