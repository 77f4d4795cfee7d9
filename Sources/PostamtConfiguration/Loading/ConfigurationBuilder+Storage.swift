// `storage` and `[postgres]`, which come together only once every source is read: the URL
// may come from the environment and the pool size from the file.
extension ConfigurationBuilder {
    mutating func setStorage(_ storage: StorageBackend, origin: Origin) {
        configuration.storage = storage
        storageOrigin = origin
    }

    /// Puts the database together: the URL (the last one given wins) with the password
    /// file, pool size and timeout given anywhere, which belong to the node rather than to
    /// the URL.
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
