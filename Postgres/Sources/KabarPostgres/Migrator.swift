import PostgresNIO

/// Creates Kabar's tables in an empty database and applies later migrations to an older one,
/// under an advisory lock (workers starting together migrate once). The version is kept in
/// `kabar_meta.schema_version`; a database newer than this build is refused.
enum Migrator {
    /// `upTo`: the last migration applied (all of them when nil; tests make older databases).
    static func migrate(_ db: Database, upTo last: Int? = nil) async throws {
        let last = min(last ?? Schema.migrations.count, Schema.migrations.count)
        try await db.withConnection { connection in
            _ = try await db.query("SELECT pg_advisory_lock(\(Schema.migrationLock))", on: connection)
            do {
                _ = try await db.query("CREATE TABLE IF NOT EXISTS kabar_meta(key text PRIMARY KEY, value text NOT NULL)", on: connection)
                let rows = try await db.query("SELECT value FROM kabar_meta WHERE key = 'schema_version'", on: connection)
                let current = try rows.first.map { Int(try $0.decode(String.self)) ?? 0 } ?? 0
                guard current <= Schema.migrations.count else {
                    throw DatabaseURL.Failure(description: "\(db.url.redacted): the database has Kabar schema version \(current); this build knows up to \(Schema.migrations.count) (update kabar-postgres)")
                }
                for version in (current + 1)..<max(current + 1, last + 1) {
                    _ = try await db.query("BEGIN", on: connection)
                    do {
                        for statement in Schema.migrations[version - 1] {
                            _ = try await db.query(PostgresQuery(unsafeSQL: statement), on: connection)
                        }
                        _ = try await db.query("""
                            INSERT INTO kabar_meta(key, value) VALUES ('schema_version', \(String(version)))
                            ON CONFLICT (key) DO UPDATE SET value = excluded.value
                            """, on: connection)
                        _ = try await db.query("COMMIT", on: connection)
                    } catch {
                        _ = try? await db.query("ROLLBACK", on: connection)
                        throw error
                    }
                }
                _ = try await db.query("SELECT pg_advisory_unlock(\(Schema.migrationLock))", on: connection)
            } catch {
                _ = try? await db.query("SELECT pg_advisory_unlock(\(Schema.migrationLock))", on: connection)
                throw error
            }
        }
    }
}
