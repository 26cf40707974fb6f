extension SQLiteStore {
    /// Sets the connection's pragmas and reads them back.
    func configure() throws(StoreError) {
        try connection.run("PRAGMA foreign_keys=ON")
        guard try connection.scalarInt("PRAGMA foreign_keys") == 1 else {
            throw StoreError(.io("foreign_keys"), "SQLite refused to enforce foreign keys on '\(path)'")
        }
        guard options.mode == .readWrite else {
            try connection.run("PRAGMA query_only=ON")
            return
        }
        _ = try connection.scalarText("PRAGMA journal_mode=WAL")
        let journal = try connection.scalarText("PRAGMA journal_mode")?.lowercased() ?? ""
        guard journal == "wal" else {
            throw StoreError(.io("journal_mode=\(journal)"),
                             "the store at '\(path)' could not switch to WAL (journal_mode is '\(journal)'): use a local disk")
        }
        let wanted = options.synchronous.pragmaValue
        try connection.run("PRAGMA synchronous=\(wanted)")
        let synchronous = try connection.scalarInt("PRAGMA synchronous")
        guard synchronous == wanted else {
            throw StoreError(.io("synchronous=\(synchronous ?? -1)"),
                             "SQLite did not take synchronous=\(wanted) on '\(path)'")
        }
    }

    /// Brings the schema to `Schema.currentVersion`, or (read-only) checks that it is there.
    func migrate() throws(StoreError) {
        let current = Schema.currentVersion
        let version = try userVersion()
        try refuseNewer(version)
        if version == current {
            try checkApplicationID()
            return
        }
        guard options.mode == .readWrite else {
            // An older store is read as it is (auditors verify copies they must not change);
            // what a later version added is simply absent from it.
            if version >= 1 {
                try checkApplicationID()
                openedVersion = version
                return
            }
            try checkEmpty()
            throw StoreError(.schema, "the store at '\(path)' has schema version \(version), this Steward needs \(current): "
                + "run a read-write command once to upgrade it")
        }
        try connection.run("BEGIN IMMEDIATE")
        do throws(StoreError) {
            let version = try userVersion()  // another process may have migrated meanwhile
            try refuseNewer(version)
            if version == 0 { try checkEmpty() } else { try checkApplicationID() }
            for migration in Schema.migrations[version..<current] {
                try connection.execute(migration)
            }
            try connection.execute("PRAGMA user_version=\(current); PRAGMA application_id=\(Schema.applicationID)")
            try connection.run("COMMIT")
        } catch {
            connection.rollbackIfNeeded()
            throw error
        }
    }

    private func userVersion() throws(StoreError) -> Int {
        Int(try connection.scalarInt("PRAGMA user_version") ?? 0)
    }

    private func refuseNewer(_ version: Int) throws(StoreError) {
        guard version <= Schema.currentVersion else {
            throw StoreError(.schema, "the store was written by a newer Steward (schema version \(version); "
                + "this one knows up to \(Schema.currentVersion)): upgrade steward")
        }
    }

    /// A version-0 file must hold no tables: anything else is some other program's database.
    private func checkEmpty() throws(StoreError) {
        guard try connection.scalarInt("SELECT count(*) FROM sqlite_schema") == 0 else {
            throw StoreError(.corrupt, StoreError.corruptMessage)
        }
    }

    private func checkApplicationID() throws(StoreError) {
        guard try connection.scalarInt("PRAGMA application_id") == Schema.applicationID else {
            throw StoreError(.corrupt, StoreError.corruptMessage)
        }
    }
}
