/// What the engine needs of a store, kept by the embedded SQLite store and the PostgreSQL store.
///
/// Every change runs in `write`: one transaction that commits whole or not at all, in which a
/// version-checked instance update, the claim of a timer or step, and the trail entries that
/// record them stand or fall together. `read` sees one consistent snapshot.
public protocol Store: AnyObject, Sendable {
    /// Where the store is, for messages: a file path, or a PostgreSQL address without its password.
    var location: String { get }

    /// Runs `body` in one write transaction: committed if it returns, rolled back (leaving no
    /// partial change) if it or the commit throws.
    @discardableResult
    func write<T>(_ body: (WriteTransaction) throws -> T) throws -> T

    /// Runs `body` in one read transaction.
    @discardableResult
    func read<T>(_ body: (ReadTransaction) throws -> T) throws -> T

    /// The store's append-only triggers compared with those Steward creates.
    func triggerProblems() throws(StoreError) -> (expected: Int, problems: [TriggerProblem])

    /// True when many workers share the store at once (PostgreSQL): each claim then commits on
    /// its own, so no worker holds rows others could be working on. The embedded store has one
    /// writer at a time and a lock file for ticks.
    var isShared: Bool { get }
}

extension SQLiteStore: Store {
    public var location: String { path }
    public var isShared: Bool { false }
}
