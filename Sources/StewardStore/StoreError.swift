/// An error from the store, with a plain message and a kind the caller can act on.
///
/// SQLite result codes are translated once, here at the boundary; nothing above the store
/// sees a raw code except in `sqliteCode`, kept for logs. Whatever the kind, the write that
/// failed left no partial change: its transaction was rolled back.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in terms a caller can act on.
    public enum Kind: Sendable, Equatable {
        /// Another connection held the store locked for longer than the busy timeout.
        case busy
        /// The disk (or the store's size limit) is full.
        case full
        /// The file is damaged or is not a Steward store.
        case corrupt
        /// The store was opened read-only, or the file or its folder cannot be written.
        case readOnly
        /// There is no store at the path (read-only opens never create one).
        case notFound
        /// A version check failed, or the row already exists: re-read and retry.
        case conflict
        /// The operating system failed to read or write; the text says how.
        case io(String)
        /// The schema is not the one this Steward knows (newer, or not set up).
        case schema
        /// A row broke a rule of the store: an unknown reference, a refused trail change, …
        case constraint
        /// The store was used the wrong way (a transaction used after it ended, a nested one).
        case misuse
    }

    /// True when the store as a whole cannot be used now (locked, full, an I/O error, damaged,
    /// read-only, missing, of another schema): nothing about the row being written.
    public var isStoreUnavailable: Bool {
        switch kind {
        case .busy, .full, .corrupt, .readOnly, .notFound, .io, .schema, .misuse: true
        case .conflict, .constraint: false
        }
    }

    /// What went wrong.
    public let kind: Kind
    /// One plain sentence for a person, naming the thing concerned.
    public let message: String
    /// The SQLite extended result code behind the error; 0 when it did not come from SQLite.
    public let sqliteCode: Int32

    /// Which rule a `.constraint` error broke, when the store says.
    public enum Violation: Sendable, Equatable {
        /// A row with the same key exists.
        case duplicate
        /// A reference names a row that does not exist.
        case foreignKey
    }

    /// The rule broken, for a `.constraint` error whose store said which.
    public let violation: Violation?

    /// An error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String, sqliteCode: Int32 = 0, violation: Violation? = nil) {
        self.kind = kind
        self.message = message
        self.sqliteCode = sqliteCode
        self.violation = violation ?? Self.violation(sqliteCode: sqliteCode)
    }

    private static func violation(sqliteCode: Int32) -> Violation? {
        switch sqliteCode {
        case ColumnCoding.constraintPrimaryKey, ColumnCoding.constraintUnique: .duplicate
        case ColumnCoding.constraintForeignKey: .foreignKey
        default: nil
        }
    }

    /// The message.
    public var description: String { message }

    /// The message for a damaged file, shared by every place that detects one.
    static let corruptMessage = "the store file is damaged or not a Steward store"

    /// The error for a failed version check.
    static func conflict(_ what: String) -> StoreError {
        StoreError(.conflict, "\(what) changed meanwhile: re-read and retry")
    }
}
