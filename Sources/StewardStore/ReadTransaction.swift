/// A read transaction: every query it answers sees the same snapshot of the store.
///
/// Valid only inside the `read` or `write` call that handed it out; using it afterwards
/// throws `.misuse`.
public class ReadTransaction {
    let session: any SQLSession
    /// The store's schema version (older than current only for a read-only open).
    let version: Int
    /// False once the transaction has ended.
    package var isOpen = true

    package init(session: any SQLSession, version: Int) {
        self.session = session
        self.version = version
    }

    /// Which SQL the store speaks.
    var dialect: SQLDialect { session.dialect }

    /// Runs `body` with the statement for `sql` bound to `values`.
    package func query<T>(
        _ sql: String, _ values: [SQLValue] = [], _ body: (Statement) throws(StoreError) -> T
    ) throws(StoreError) -> T {
        guard isOpen else {
            throw StoreError(.misuse, "a store transaction was used after it ended")
        }
        return try session.withRows(sql, values, body)
    }

    /// Every row of `sql`, each read by `row`.
    package func rows<T>(
        _ sql: String, _ values: [SQLValue] = [], _ row: (Statement) throws(StoreError) -> T
    ) throws(StoreError) -> [T] {
        try query(sql, values) { statement throws(StoreError) in
            var rows: [T] = []
            while try statement.step() { rows.append(try row(statement)) }
            return rows
        }
    }

    /// The first row of `sql` read by `row`, or nil when there is none.
    package func firstRow<T>(
        _ sql: String, _ values: [SQLValue] = [], _ row: (Statement) throws(StoreError) -> T
    ) throws(StoreError) -> T? {
        try query(sql, values) { statement throws(StoreError) in try statement.step() ? row(statement) : nil }
    }

    /// Runs a statement that changes rows; returns how many it changed.
    @discardableResult
    package func change(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) -> Int {
        guard isOpen else {
            throw StoreError(.misuse, "a store transaction was used after it ended")
        }
        return try session.change(sql, values)
    }

    /// The store's id (32 hex digits, made when the store was created): the origin of its
    /// trail checkpoints.
    public func storeID() throws(StoreError) -> String {
        guard let id = try meta(MetaKey.storeID) else {
            throw StoreError(.schema, "the store has no id: it was not set up by Steward")
        }
        return id
    }

    /// The value stored under `key` in `meta`, or nil.
    public func meta(_ key: String) throws(StoreError) -> String? {
        try firstRow("SELECT value FROM meta WHERE key = ?", [.text(key)]) { $0.text(0) }
    }

    /// Every (key, value) of `meta` whose key starts with `prefix` (ending in an ASCII
    /// character), in key order: a range of the key's index, not a scan.
    public func meta(prefix: String) throws(StoreError) -> [(key: String, value: String)] {
        guard let last = prefix.unicodeScalars.last, last.isASCII else { return [] }
        let end = String(prefix.unicodeScalars.dropLast()) + String(UnicodeScalar(UInt8(last.value) + 1))
        return try rows("SELECT key, value FROM meta WHERE key >= ? AND key < ? ORDER BY key", [.text(prefix), .text(end)]) {
            (key: $0.text(0), value: $0.text(1))
        }
    }
}

/// A write transaction (`BEGIN IMMEDIATE`): reads as `ReadTransaction`, plus every change.
///
/// Changes become visible to others, all together, when the `write` call returns.
public final class WriteTransaction: ReadTransaction {
    /// The last (seq, hash) of each trail chain this transaction appended to, read once and
    /// kept up to date by `appendTrail`.
    var trailTips: [Int: (seq: Int64, hash: String)] = [:]
    /// The trail chain of each instance this transaction appended entries for.
    var instanceChains: [String: Int] = [:]

    /// Stores `value` under `key` in `meta`, replacing any value there.
    public func setMeta(_ key: String, _ value: String) throws(StoreError) {
        try change("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                   [.text(key), .text(value)])
    }

    /// Removes `key` from `meta`; true if it was there.
    @discardableResult
    public func removeMeta(_ key: String) throws(StoreError) -> Bool {
        try change("DELETE FROM meta WHERE key = ?", [.text(key)]) > 0
    }
}
