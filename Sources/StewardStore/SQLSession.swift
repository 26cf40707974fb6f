/// The SQL a store's transactions are written in, and where it differs.
package enum SQLDialect: Sendable {
    case sqlite
    case postgres
}

/// What a transaction runs its SQL through: the embedded SQLite connection or a PostgreSQL
/// connection. The transactions' SQL is shared; parameters are written `?` (or `?N`), which a
/// PostgreSQL session numbers `$N`.
package protocol SQLSession: AnyObject {
    /// Which SQL this session speaks, for the few statements that differ.
    var dialect: SQLDialect { get }

    /// Runs `body` with `sql` bound to `values`, its rows read by stepping the statement.
    func withRows<T>(
        _ sql: String, _ values: [SQLValue], _ body: (any Statement) throws(StoreError) -> T
    ) throws(StoreError) -> T

    /// Runs a statement that changes rows; returns how many it changed.
    func change(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> Int
}

/// The rows of one statement, read one at a time: `step` moves to the next row, the column
/// readers read the current one (columns count from 0).
package protocol Statement: AnyObject {
    /// Moves to the next row: true when there is one.
    func step() throws(StoreError) -> Bool
    func isNull(_ column: Int32) -> Bool
    func int64(_ column: Int32) -> Int64
    func text(_ column: Int32) -> String
    func blob(_ column: Int32) -> [UInt8]
    /// The column's text as stored, before any UTF-8 repair; valid until the next `step`.
    func textBytes(_ column: Int32) -> UnsafeRawBufferPointer
    /// The column as the value it holds (an integer, text, bytes or null), to copy it as it is.
    func value(_ column: Int32) -> SQLValue
}

extension Statement {
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
}
