extension ReadTransaction {
    /// The stored environment (roster and calendars as they were) with `hash`, or nil; also
    /// nil in a store older than environments (schema version 1, read-only).
    public func loadEnvironment(hash: String) throws(StoreError) -> [UInt8]? {
        guard version >= 2 else { return nil }
        return try firstRow("SELECT source FROM environments WHERE hash = ?", [.text(hash)]) { $0.blob(0) }
    }
}

extension WriteTransaction {
    /// Stores an environment under its hash unless it is there; true if it was new.
    @discardableResult
    public func insertEnvironment(hash: String, source: [UInt8], createdAt: Int64) throws(StoreError) -> Bool {
        try change("INSERT INTO environments(hash, source, created_at) VALUES (?, ?, ?) ON CONFLICT(hash) DO NOTHING",
                   [.text(hash), .blob(source), .int(createdAt)]) > 0
    }
}
