/// The tables that keep texts under the SHA-256 of their bytes (guarantee 6).
public enum PinnedTable: String, Sendable, CaseIterable {
    /// Workflow definitions, as started.
    case definitions
    /// Roster and calendar snapshots, as events were decided under them.
    case environments
}

extension ReadTransaction {
    /// Calls `body` with the hash and source of every row of `table`, one row at a time; a
    /// store older than environments (schema version 1, read-only) has none of those.
    public func forEachPinnedSource(in table: PinnedTable, _ body: (_ hash: String, _ source: [UInt8]) -> Void)
        throws(StoreError) {
        guard table != .environments || version >= 2 else { return }
        try query("SELECT hash, source FROM \(table.rawValue) ORDER BY hash") { statement throws(StoreError) in
            while try statement.step() { body(statement.text(0), statement.blob(1)) }
        }
    }
}
