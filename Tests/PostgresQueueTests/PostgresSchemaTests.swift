import PostgresNIO
import PostgresQueue
import Testing

@Suite("The PostgreSQL schema", .serialized)
struct PostgresSchemaTests {
    @Test("every foreign key has an index that starts with its column, so removing finished messages never reads a whole table")
    func foreignKeysIndexed() async throws {
        let settings = try await PostgresFixture.settings()
        let queue = try await PostgresQueue.open(settings, logger: PostgresFixture.logger)
        await queue.close()
        let client = PostgresClient(
            configuration: .init(host: settings.host, port: settings.port, username: settings.username, password: nil, database: settings.database, tls: .disable),
            backgroundLogger: PostgresFixture.logger
        )
        let runner = Task { await client.run() }
        defer { runner.cancel() }
        var keys = [String]()
        var unindexed = [String]()
        let rows = try await client.query("""
            SELECT c.conrelid::regclass::text, a.attname::text, EXISTS (
                SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
            FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.contype = 'f'
            """, logger: PostgresFixture.logger)
        for try await (table, column, indexed) in rows.decode((String, String, Bool).self) {
            keys.append("\(table).\(column)")
            if !indexed { unindexed.append("\(table).\(column)") }
        }
        #expect(Set(keys) == ["recipient.message_id", "attempt.recipient_id", "attempt.message_id"])
        #expect(unindexed.isEmpty, "foreign keys without an index: \(unindexed)")
    }
}
