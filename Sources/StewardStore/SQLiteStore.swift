internal import CSQLite
import Foundation

/// The embedded store: one SQLite database in WAL mode, reached through one connection.
///
/// Every change runs in `write`, one `BEGIN IMMEDIATE` transaction that commits whole or not
/// at all; reads run in `read`. Many processes may open the same file: SQLite's locks and the
/// instance version check keep each transition exactly once. One `SQLiteStore` may be shared
/// between threads; its transactions then run one at a time.
public final class SQLiteStore: @unchecked Sendable {
    /// The database file.
    public let path: String
    /// The options it was opened with.
    public let options: Options
    /// The schema version this Steward writes and reads.
    public static var schemaVersion: Int { Schema.currentVersion }

    /// The schema version of the file as opened: `schemaVersion`, or an older one when an
    /// older store is opened read-only.
    public internal(set) var openedVersion = Schema.currentVersion

    /// True when a read-only open reads the file as it is, writing nothing beside it (an
    /// auditor's copy in a read-only folder, or a file of another account; see `readsImmutably`).
    public private(set) var isImmutable = false

    /// Guarded by `lock`, as is every use of `connection`.
    let connection: Connection
    private let lock = NSRecursiveLock()
    private var transactionOpen = false

    /// Opens (read-write: creating if missing, and migrating) the store at `path`.
    ///
    /// Read-write opens create the parent folder, switch to WAL, set `synchronous` and
    /// `foreign_keys`, read the settings back and fail if they did not take. Read-only opens
    /// fail with `.notFound` when there is no file, and never create or migrate.
    public init(path: String, options: Options = Options()) throws(StoreError) {
        self.path = path
        self.options = options
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            // SQLite would only say "disk I/O error".
            throw StoreError(.io("folder"), "'\(path)' is a folder; the store is a file (by default .steward/steward.db)")
        }
        var flags: Int32
        var name = path
        switch options.mode {
        case .readOnly:
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError(.notFound, "there is no store at '\(path)'")
            }
            flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX
            if Self.readsImmutably(path) {
                name = Self.immutableURI(path)
                flags |= SQLITE_OPEN_URI
                isImmutable = true
            }
        case .readWrite:
            try Self.createParentFolder(of: path)
            flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        }
        connection = try Connection(path: name, flags: flags)
        sqlite3_busy_timeout(connection.db, options.busyTimeoutMilliseconds)
        try configure()
        try migrate()
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: committed if it returns, rolled back
    /// (leaving no partial change) if it or the commit throws.
    @discardableResult
    public func write<T>(_ body: (WriteTransaction) throws -> T) throws -> T {
        guard options.mode == .readWrite else {
            throw StoreError(.readOnly, "the store at '\(path)' was opened read-only")
        }
        return try transaction(begin: "BEGIN IMMEDIATE", WriteTransaction(session: connection, version: openedVersion), body)
    }

    /// Runs `body` in one read transaction: a consistent snapshot of the store.
    @discardableResult
    public func read<T>(_ body: (ReadTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN", ReadTransaction(session: connection, version: openedVersion), body)
    }

    /// The problems `PRAGMA integrity_check` finds; empty when the file is sound.
    ///
    /// It reads the whole file; `quick` runs `quick_check` instead (skips index contents).
    public func integrityCheck(quick: Bool = false) throws(StoreError) -> [String] {
        let pragma = quick ? "PRAGMA quick_check" : "PRAGMA integrity_check"
        let rows = try withConnection { connection throws(StoreError) in try connection.column(pragma) }
        return rows == ["ok"] ? [] : rows
    }

    /// Copies the WAL back into the database file; `truncate` also empties the WAL file
    /// (it then waits, up to the busy timeout, for readers to finish).
    public func walCheckpoint(truncate: Bool = false) throws(StoreError) {
        try withConnection { connection throws(StoreError) in
            let mode = truncate ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE
            let code = sqlite3_wal_checkpoint_v2(connection.db, nil, mode, nil, nil)
            guard code == SQLITE_OK else { throw connection.error(code) }
        }
    }

    /// The schema version of the file (`PRAGMA user_version`).
    public func storedSchemaVersion() throws(StoreError) -> Int {
        try withConnection { connection throws(StoreError) in try Int(connection.scalarInt("PRAGMA user_version") ?? 0) }
    }

    /// Rows the store's queries stepped through in full scans (of a table, or of a whole
    /// index) since it was opened; a lookup meant to use an index adds none. For tests and
    /// benchmarks that check a query's cost without a clock.
    public var fullScanSteps: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return connection.fullScanSteps
    }

    /// Runs `body` with the connection, outside any transaction, under the store's lock.
    func withConnection<T>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }

    private func transaction<Transaction: ReadTransaction, T>(
        begin: String, _ transaction: Transaction, _ body: (Transaction) throws -> T
    ) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard !transactionOpen else {
            throw StoreError(.misuse, "a transaction is already open on this store: do the work inside that one")
        }
        transactionOpen = true
        defer {
            transaction.isOpen = false
            transactionOpen = false
        }
        try connection.run(begin)
        do {
            let result = try body(transaction)
            guard connection.inTransaction else {
                throw StoreError(.io("rolled back"), "the transaction was rolled back after an earlier error; retry")
            }
            try connection.run("COMMIT")
            return result
        } catch {
            connection.rollbackIfNeeded()
            throw error
        }
    }

    private static func createParentFolder(of path: String) throws(StoreError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard !FileManager.default.fileExists(atPath: folder) else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.io("\(error)"), "cannot create the folder '\(folder)' for the store")
        }
    }
}
