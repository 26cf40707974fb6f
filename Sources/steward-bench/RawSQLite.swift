import CSQLite

/// SQLite's C API with nothing in between: the reference loops and bulk loading.
final class RawSQLite {
    let db: OpaquePointer

    init(path: String) throws {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        guard code == SQLITE_OK, let handle else {
            sqlite3_close_v2(handle)
            throw BenchFailure("sqlite3_open_v2(\(path)) failed: \(code)")
        }
        db = handle
    }

    deinit { sqlite3_close_v2(db) }

    func exec(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "code \(code)"
            sqlite3_free(message)
            throw BenchFailure("SQLite: \(text) in: \(sql.prefix(80))")
        }
    }

    /// The first column of the first row, as text.
    func scalar(_ sql: String) throws -> String? {
        let statement = try prepare(sql)
        return try statement.step() ? statement.text(0) : nil
    }

    func prepare(_ sql: String) throws -> RawStatement {
        var stmt: OpaquePointer?
        let code = sqlite3_prepare_v2(db, sql, -1, &stmt, nil)
        guard code == SQLITE_OK, let stmt else {
            sqlite3_finalize(stmt)
            throw BenchFailure("SQLite prepare failed (\(String(cString: sqlite3_errmsg(db)))): \(sql.prefix(80))")
        }
        return RawStatement(handle: stmt, db: db)
    }
}

final class RawStatement {
    let handle: OpaquePointer
    let db: OpaquePointer

    init(handle: OpaquePointer, db: OpaquePointer) {
        self.handle = handle
        self.db = db
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: String) {
        var text = value
        text.withUTF8 { buffer in
            _ = sqlite3_bind_text64(handle, index, buffer.baseAddress, UInt64(buffer.count), transient, UInt8(SQLITE_UTF8))
        }
    }

    func bind(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            _ = sqlite3_bind_blob64(handle, index, buffer.baseAddress, UInt64(buffer.count), transient)
        }
    }

    func bindNull(_ index: Int32) {
        sqlite3_bind_null(handle, index)
    }

    /// True when a row is ready.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw BenchFailure("SQLite step failed (\(code)): \(String(cString: sqlite3_errmsg(db)))")
        }
    }

    /// Runs to the end and resets, keeping nothing bound.
    func run() throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        while try step() {}
    }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: pointer)
    }
}

private var transient: sqlite3_destructor_type {
    unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
