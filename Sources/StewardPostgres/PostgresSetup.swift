import StewardAudit
import StewardStore

/// Creates or migrates a PostgreSQL store's schema, once, whoever starts first.
struct PostgresSetup {
    let session: PostgresSession
    /// Trail chains to make when the schema is created.
    let chains: Int
    /// False to refuse to create or migrate (a read-only open).
    let setsUp: Bool
    /// The schema named in the address, made when missing.
    let schema: String?

    func run() throws(StoreError) {
        try session.execute("BEGIN")
        do throws(StoreError) {
            // Workers starting together wait here; the first one sets up, the others find it done.
            try session.execute("SELECT pg_advisory_xact_lock(4037158832)")
            // CREATE SCHEMA needs a right on the database that an engine role need not have:
            // ask for it only when the schema is not there yet.
            if let schema, setsUp,
               try session.scalarInt("SELECT count(*) FROM pg_namespace WHERE nspname = ?", [.text(schema)]) == 0 {
                try session.execute("CREATE SCHEMA \(schema)")
            }
            let exists = try session.scalarInt(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'steward_schema'") ?? 0
            let version = exists > 0 ? Int(try session.scalarInt("SELECT max(version) FROM steward_schema") ?? 0) : 0
            if version > PostgresSchema.currentVersion {
                throw StoreError(.schema, "this PostgreSQL store has schema version \(version), newer than this Steward "
                    + "knows (\(PostgresSchema.currentVersion)): use a newer steward")
            }
            if version < PostgresSchema.currentVersion {
                guard setsUp else {
                    throw StoreError(version == 0 ? .notFound : .schema, version == 0
                        ? "there is no Steward store in this PostgreSQL database (or schema); 'steward start' or 'steward store migrate' makes one"
                        : "this PostgreSQL store has schema version \(version); open it read-write once to migrate it")
                }
                if version == 0 {
                    try session.execute("CREATE TABLE steward_schema(version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
                }
                try migrate(from: version)
            }
            try session.execute("COMMIT")
        } catch {
            // The set-up failed; ending its transaction cannot fail in a way worth more than its error.
            do { try session.execute("ROLLBACK") } catch {}
            throw error
        }
    }

    private func migrate(from version: Int) throws(StoreError) {
        for (index, migration) in PostgresSchema.migrations.enumerated() where index >= version {
            // The chain heads are made before their guard, which then refuses any other change.
            let (script, guardStatement) = Self.split(migration)
            try session.execute(script)
            if index == 0 {
                for chain in 0..<chains {
                    _ = try session.change("INSERT INTO trail_chains(chain, seq, hash) VALUES (?, 0, ?)",
                                           [.int(Int64(chain)), .text(TrailEntry.genesisHash(chain: chain))])
                }
            }
            if let guardStatement { try session.execute(guardStatement) }
            _ = try session.change("INSERT INTO steward_schema(version) VALUES (?)", [.int(Int64(index + 1))])
        }
    }

    /// The migration without the trail_chains guard, and that guard's statement.
    private static func split(_ migration: String) -> (String, String?) {
        let statements = PostgresSession.statements(migration)
        guard let guardIndex = statements.firstIndex(where: { $0.hasPrefix("CREATE TRIGGER trail_chains_guard") }) else {
            return (migration, nil)
        }
        var rest = statements
        let guardStatement = rest.remove(at: guardIndex)
        return (rest.joined(separator: ";\n"), guardStatement)
    }
}
