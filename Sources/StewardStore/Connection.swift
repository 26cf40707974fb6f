internal import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `sqlite3*` handle with its cache of prepared statements.
///
/// Not thread-safe by itself: `SQLiteStore` serializes every use behind its lock.
final class Connection {
    let db: OpaquePointer
    /// Idle prepared statements by SQL text. A statement in use is taken out of the cache,
    /// so a nested use of the same SQL (a callback that queries again) prepares its own.
    private var cache: [String: SQLiteStatement] = [:]
    /// Rows (or index entries) stepped through by full scans since the connection opened:
    /// a query that should find its rows through an index adds nothing here.
    private(set) var fullScanSteps: Int64 = 0

    /// Opens `path` with `flags`; the handle is closed again on any failure.
    init(path: String, flags: Int32) throws(StoreError) {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw Connection.translate(code: code, message: message, systemErrno: 0)
        }
        self.db = handle
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(db)
    }

    /// Runs `body` with the prepared statement for `sql`, bound to `values`, then resets it.
    func withStatement<T>(
        _ sql: String, _ values: [SQLValue] = [], _ body: (SQLiteStatement) throws(StoreError) -> T
    ) throws(StoreError) -> T {
        let statement: SQLiteStatement
        if let cached = cache.removeValue(forKey: sql) {
            statement = cached
        } else {
            statement = try SQLiteStatement(connection: self, sql: sql, persistent: true)
        }
        defer {
            fullScanSteps += Int64(sqlite3_stmt_status(statement.handle, SQLITE_STMTSTATUS_FULLSCAN_STEP, 1))
            statement.reset()
            cache[sql] = statement
        }
        try statement.bind(values)
        return try body(statement)
    }

    /// Runs one statement that returns no rows of interest.
    func run(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) {
        try withStatement(sql, values) { statement throws(StoreError) in try statement.run() }
    }

    /// Runs a script of several statements, uncached (schema migrations, tests).
    func execute(_ script: String) throws(StoreError) {
        let code = sqlite3_exec(db, script, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code) }
    }

    /// The first column of the first row of `sql`, as text; nil when there is no row.
    func scalarText(_ sql: String) throws(StoreError) -> String? {
        try withStatement(sql) { statement throws(StoreError) in try statement.step() ? statement.text(0) : nil }
    }

    /// The first column of the first row of `sql`, as an integer; nil when there is no row.
    func scalarInt(_ sql: String) throws(StoreError) -> Int64? {
        try withStatement(sql) { statement throws(StoreError) in try statement.step() ? statement.int64(0) : nil }
    }

    /// The first column of every row of `sql`, as text.
    func column(_ sql: String) throws(StoreError) -> [String] {
        try withStatement(sql) { statement throws(StoreError) in
            var rows: [String] = []
            while try statement.step() { rows.append(statement.text(0)) }
            return rows
        }
    }

    /// The `detail` lines of `EXPLAIN QUERY PLAN` for `sql` (parameters left unbound).
    func queryPlan(_ sql: String) throws(StoreError) -> [String] {
        try withStatement("EXPLAIN QUERY PLAN " + sql) { statement throws(StoreError) in
            var lines: [String] = []
            while try statement.step() { lines.append(statement.text(3)) }
            return lines
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(db)) }

    /// True while a transaction is open on this connection.
    var inTransaction: Bool { sqlite3_get_autocommit(db) == 0 }

    /// Rolls back the open transaction, if SQLite has not already done so.
    func rollbackIfNeeded() {
        guard inTransaction else { return }
        _ = try? run("ROLLBACK")
        if inTransaction { sqlite3_exec(db, "ROLLBACK", nil, nil, nil) }
    }

    /// The store error for result `code` on this connection, with SQLite's own message.
    func error(_ code: Int32) -> StoreError {
        let message = String(cString: sqlite3_errmsg(db))
        return Connection.translate(code: code, message: message, systemErrno: sqlite3_system_errno(db))
    }

    /// Maps a SQLite result code to a `StoreError`: the one place codes become kinds.
    static func translate(code: Int32, message: String, systemErrno: Int32) -> StoreError {
        switch code & 0xff {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return StoreError(.busy, "the store is busy: another steward held it past the busy timeout; retry",
                              sqliteCode: code)
        case SQLITE_FULL:
            return StoreError(.full, "the disk is full (or the store reached its size limit): free space and retry",
                              sqliteCode: code)
        case SQLITE_IOERR where systemErrno == ENOSPC:
            return StoreError(.full, "the disk is full: free space and retry", sqliteCode: code)
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return StoreError(.corrupt, StoreError.corruptMessage, sqliteCode: code)
        case SQLITE_READONLY, SQLITE_PERM:
            return StoreError(.readOnly, "the store cannot be written: \(message)", sqliteCode: code)
        case SQLITE_CONSTRAINT:
            return StoreError(.constraint, message, sqliteCode: code)
        case SQLITE_MISUSE, SQLITE_RANGE:
            return StoreError(.misuse, "the store was used the wrong way: \(message)", sqliteCode: code)
        case SQLITE_ERROR, SQLITE_SCHEMA:
            return StoreError(.schema, "the store's schema does not match this Steward: \(message)", sqliteCode: code)
        case SQLITE_CANTOPEN:
            return StoreError(.io(message), "the store file cannot be opened: \(message)", sqliteCode: code)
        default:
            return StoreError(.io(message), "the store could not be read or written: \(message)", sqliteCode: code)
        }
    }
}

extension Connection: SQLSession {
    var dialect: SQLDialect { .sqlite }

    func withRows<T>(
        _ sql: String, _ values: [SQLValue], _ body: (any Statement) throws(StoreError) -> T
    ) throws(StoreError) -> T {
        try withStatement(sql, values) { statement throws(StoreError) in try body(statement) }
    }

    func change(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> Int {
        try withStatement(sql, values) { statement throws(StoreError) in
            try statement.run()
            return changes
        }
    }
}
