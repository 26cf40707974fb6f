import Foundation
import Logging
import NIOCore
import PostgresNIO
import StewardAudit
import StewardStore

/// A store on a PostgreSQL 15+ server: the same transactions as the embedded store, for many
/// workers on one or several machines.
///
/// Write transactions run at READ COMMITTED: an instance is changed only if its version is
/// still the one read (the row lock makes a second writer wait, then fail the check); a timer
/// or a step is claimed by the statement that deletes or marks it; each trail entry locks its
/// chain's head until commit. One `PostgresStore` holds one connection and may be shared
/// between threads; its transactions then run one at a time (open one store per worker).
public final class PostgresStore: Store, @unchecked Sendable {
    /// Settings for opening a store.
    public struct Options: Sendable {
        /// Trail chains made when the store is created (1: one chain, the embedded store's trail
        /// exactly). An existing store keeps the number it was made with.
        public var trailChains = 1
        /// How long any one call to the server may take, and a transaction may sit idle (a
        /// worker stopped inside one) before the server ends it.
        public var deadlineSeconds: Int64 = 30
        /// The name the server shows for this connection (`pg_stat_activity`).
        public var applicationName = "steward"
        /// False to refuse to create or migrate the schema (an auditor's read-only open).
        public var setsUp = true

        public init() {}
    }

    public let address: PostgresAddress
    public let options: Options
    public var location: String { address.display }
    public var isShared: Bool { true }
    /// How many trail chains the store has.
    public private(set) var trailChains = 1

    /// The shared transactions read the columns of the embedded store's schema of this version;
    /// the PostgreSQL schema has all of them.
    private static let columnsVersion = SQLiteStore.schemaVersion
    private let lock = NSRecursiveLock()
    private var session: PostgresSession?
    private var transactionOpen = false
    private let logger = Logger(label: "steward.postgres")

    /// Connects to `address`, creating the schema (with `options.trailChains` chains) when the
    /// database has none and migrating an older one.
    public init(address: PostgresAddress, options: Options = Options()) throws(StoreError) {
        guard (1...4096).contains(options.trailChains) else {
            throw StoreError(.misuse, "trail-chains must be between 1 and 4096, not \(options.trailChains)")
        }
        self.address = address
        self.options = options
        let session = try connect()
        self.session = session
        try PostgresSetup(session: session, chains: options.trailChains, setsUp: options.setsUp, schema: address.schema).run()
        trailChains = Int(try session.scalarInt("SELECT count(*) FROM trail_chains") ?? 1)
    }

    deinit {
        if let session { session.connection.closeNow() }
    }

    @discardableResult
    public func write<T>(_ body: (WriteTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", make: { WriteTransaction(session: $0, version: Self.columnsVersion) }, body)
    }

    @discardableResult
    public func read<T>(_ body: (ReadTransaction) throws -> T) throws -> T {
        // One snapshot for every query of the read, as the embedded store gives.
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                        make: { ReadTransaction(session: $0, version: Self.columnsVersion) }, body)
    }

    /// Runs `body` on the connection outside any transaction (set-up, checks, tests).
    func withSession<T>(_ body: (PostgresSession) throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(try liveSession())
    }

    private func transaction<Transaction: ReadTransaction, T>(
        begin: String, make: (PostgresSession) -> Transaction, _ body: (Transaction) throws -> T
    ) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard !transactionOpen else {
            throw StoreError(.misuse, "a transaction is already open on this store: do the work inside that one")
        }
        let session = try liveSession()
        let transaction = make(session)
        transactionOpen = true
        defer {
            transaction.isOpen = false
            transactionOpen = false
        }
        try session.execute(begin)
        let result: T
        do {
            result = try body(transaction)
        } catch {
            rollback(session)
            throw error
        }
        do throws(StoreError) {
            // A transaction an earlier error aborted answers COMMIT with ROLLBACK, and no error.
            let tag = try session.run("COMMIT", []).metadata.command
            guard tag == "COMMIT" else {
                throw StoreError(.io("rolled back"), "the transaction was rolled back after an earlier error; nothing "
                    + "of it was kept: retry")
            }
        } catch let error where error.kind == .io("connection") || session.isBroken {
            throw StoreError(.io("connection"), "the connection to PostgreSQL was lost while committing: the change "
                + "may or may not have been made; look (steward status, audit log) before doing it again")
        } catch {
            rollback(session)
            throw error
        }
        return result
    }

    private func rollback(_ session: PostgresSession) {
        guard !session.isBroken else { return }
        do { try session.execute("ROLLBACK") } catch {
            // The connection is unusable; the server ends the transaction when it closes.
            session.connection.closeNow()
            self.session = nil
        }
    }

    /// The open connection, or a new one when the last was lost.
    private func liveSession() throws(StoreError) -> PostgresSession {
        if let session, !session.isBroken, !session.connection.isClosed { return session }
        if let session { session.connection.closeNow() }
        session = nil
        let fresh = try connect()
        session = fresh
        return fresh
    }

    private func connect() throws(StoreError) -> PostgresSession {
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(min(options.deadlineSeconds, 10))
        // A worker that stalls inside a transaction must not hold its rows (or a chain's head)
        // for long; the server ends such a transaction, and the worker's next call fails cleanly.
        configuration.options.additionalStartupParameters = [
            ("application_name", options.applicationName),
            ("lock_timeout", "10s"),
            ("statement_timeout", "\(options.deadlineSeconds)s"),
            ("idle_in_transaction_session_timeout", "\(options.deadlineSeconds)s"),
            ("TimeZone", "UTC"),
        ]
        if let schema = address.schema {
            configuration.options.additionalStartupParameters.append(("search_path", schema))
        }
        let eventLoop = PostgresConnection.defaultEventLoopGroup.any()
        let future = PostgresConnection.connect(on: eventLoop, configuration: configuration, id: 1, logger: logger)
        let promise = eventLoop.makePromise(of: PostgresConnection.self)
        let deadline = TimeAmount.seconds(options.deadlineSeconds)
        let timer = eventLoop.scheduleTask(in: deadline) {
            promise.fail(StoreError(.busy, "PostgreSQL at \(self.address.display) did not answer within "
                + "\(self.options.deadlineSeconds) s"))
        }
        future.cascade(to: promise)
        do {
            let connection = try promise.futureResult.wait()
            timer.cancel()
            return PostgresSession(connection: connection, deadline: deadline, logger: logger)
        } catch {
            timer.cancel()
            future.whenSuccess { $0.closeNow() }
            let translated = PostgresErrors.translate(error).error
            // A server that answered (a refused login, no such database) says why; anything else means none did.
            if let failure = error as? PSQLError, failure.code != .server {
                throw StoreError(.io("connect"), "cannot reach PostgreSQL at \(address.display): no server answered "
                    + "there (is it running, and are the host and port right?)")
            }
            throw translated
        }
    }
}
