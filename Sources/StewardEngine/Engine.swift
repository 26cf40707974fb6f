import Foundation
import StewardAudit
import StewardCore
import StewardExpressions
import StewardModel
import StewardPlugins
import StewardStore
import StewardTime
import StewardYAML

/// Drives instances: event → core → effects → store, trail and handlers.
///
/// Every change is one `BEGIN IMMEDIATE` transaction that updates the instance row with a
/// version check and appends its trail entry, so the row is always the projection of the
/// trail (guarantee 2) and concurrent ticks never apply an event twice (guarantee 4).
public final class Engine: @unchecked Sendable {
    public let project: Project
    public let store: any Store
    public let handlers: HandlerRegistry
    public let version: String
    /// The time source; `STEWARD_NOW` replaces it in demos and tests.
    let clock: @Sendable () -> Instant
    /// Recorded in each entry's details when the clock was replaced.
    let clockNote: String?

    /// The time now, by the engine's clock (the project's fixed clock in a demo or test project).
    public var now: Instant { clock() }
    let identity: ActorIdentity
    var machines: [String: WorkflowMachine] = [:]
    /// Messages to write to the outbox once the transaction that decided them has committed.
    var pendingNotices: [OutboxNotice] = []
    let outbox: Outbox
    /// Says what went wrong after a change was committed (its notices not written), on
    /// standard error for the CLI: the change stands, so it is not an error.
    let warn: (String) -> Void
    /// Whether the project's environment snapshot is known to be in the store (set once a
    /// transaction that wrote it committed), and whether the open transaction writes it.
    var environmentStored = false
    var environmentPending = false
    /// Where notices, ledger packages, documents and plug-ins' scratch folders are written.
    public let folders: EngineFolders
    /// Whether a tick starts the workflows whose `schedule:` is due (not in author tests,
    /// which run one instance of one workflow).
    var followsSchedules = true

    public init(project: Project, store: any Store, handlers: HandlerRegistry = .builtIn, version: String,
                clock: @escaping @Sendable () -> Instant, clockNote: String? = nil, identity: ActorIdentity,
                warn: @escaping (String) -> Void = { _ in }, folders: EngineFolders? = nil) {
        self.project = project
        self.store = store
        self.handlers = handlers
        self.version = version
        self.clock = clock
        self.clockNote = clockNote
        self.identity = identity
        self.warn = warn
        self.folders = folders ?? EngineFolders(project: project)
        outbox = Outbox(folder: self.folders.outbox)
    }

    /// The state machine for a stored definition (instances are pinned to their definition's hash).
    func machine(hash: String, in tx: ReadTransaction) throws(EngineError) -> WorkflowMachine {
        if let cached = machines[hash] { return cached }
        let row: DefinitionRow?
        do { row = try tx.loadDefinition(hash: hash) } catch { throw Self.storeError(error) }
        guard let row else { throw EngineError(.store, "the definition \(hash.prefix(12)) is missing from the store") }
        let source = YAMLSource(path: "definition \(hash.prefix(12))", bytes: row.source)
        guard let compiled = WorkflowValidator(context: ValidationContext(handlers: nil, calendars: nil)).validate(source).compiled else {
            throw EngineError(.store, "the stored definition \(hash.prefix(12)) no longer compiles")
        }
        let machine = WorkflowMachine(workflow: compiled, environment: environment(for: compiled.workflow))
        machines[hash] = machine
        return machine
    }

    func environment(for workflow: Workflow) -> CoreEnvironment {
        environment(for: workflow, roster: project.roster, calendars: project.calendars)
    }

    func environment(for workflow: Workflow, roster: Roster?, calendars: [String: WorkingCalendar]) -> CoreEnvironment {
        let zone = workflow.timezone.flatMap { TimeZone(identifier: $0.value) } ?? project.zone
        return CoreEnvironment(roster: roster, calendar: workflow.calendar.flatMap { calendars[$0.value] }, zone: zone)
    }

    /// The machine for a stored definition under the recorded environment `environmentHash`
    /// (the current project's when nil or the same).
    func machine(hash: String, environment environmentHash: String?, in tx: ReadTransaction) throws(EngineError)
        -> WorkflowMachine {
        guard let environmentHash, environmentHash != project.environmentHash else { return try machine(hash: hash, in: tx) }
        let key = hash + "@" + environmentHash
        if let cached = machines[key] { return cached }
        let current = try machine(hash: hash, in: tx)
        let stored: [UInt8]?
        do { stored = try tx.loadEnvironment(hash: environmentHash) } catch { throw Self.storeError(error) }
        guard let stored, let snapshot = ProjectEnvironment(source: stored) else {
            throw EngineError(.store, "the roster and calendars recorded as \(environmentHash.prefix(12)) are missing from the store")
        }
        let (roster, calendars) = snapshot.load(label: "environment \(environmentHash.prefix(12))")
        let machine = WorkflowMachine(workflow: current.workflow,
                                      environment: environment(for: current.workflow.workflow, roster: roster, calendars: calendars))
        machines[key] = machine
        return machine
    }

    static func storeError(_ error: any Error) -> EngineError {
        if let e = error as? EngineError { return e }
        guard let e = error as? StoreError else { return EngineError(.store, "\(error)") }
        switch e.kind {
        case .conflict: return EngineError(.conflict, e.message)
        case .notFound: return EngineError(.notFound, e.message)
        default: return EngineError(.store, e.message, reason: e.isStoreUnavailable ? EngineError.storeUnavailable : nil)
        }
    }

    /// Runs `body` in one write transaction, turning every failure into an `EngineError`.
    func write<T>(_ body: (WriteTransaction) throws -> T) throws(EngineError) -> T {
        do {
            return try rawWrite(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// One write transaction; the outbox is written only after it commits, and the
    /// transaction marks the notices it commits until they are (`markNotices`).
    func rawWrite<T>(_ body: (WriteTransaction) throws -> T) throws -> T {
        pendingNotices = []
        environmentPending = false
        do {
            let result = try store.write { tx in
                let result = try body(tx)
                try markNotices(now: clock(), tx: tx)
                return result
            }
            if environmentPending { environmentStored = true }
            writeNotices()
            return result
        } catch {
            pendingNotices = []
            environmentPending = false
            throw error
        }
    }

    func read<T>(_ body: (ReadTransaction) throws -> T) throws(EngineError) -> T {
        do {
            return try store.read(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    static func encode(_ state: InstanceState) throws(EngineError) -> [UInt8] {
        state.binaryEncoded()
    }

    static func decode(_ row: InstanceRow) throws(EngineError) -> InstanceState {
        // Stores written before the binary form hold the state as JSON (an object: `{`).
        if row.state.first == UInt8(ascii: "{") {
            do {
                var state = try JSONDecoder().decode(InstanceState.self, from: Data(row.state))
                state.recoverVisits()
                return state
            } catch {
                throw EngineError(.store, "instance \(row.id) cannot be read: its stored state is damaged")
            }
        }
        do {
            return try InstanceState(binary: row.state)
        } catch {
            throw EngineError(.store, "instance \(row.id) cannot be read: its stored state is damaged (\(error))")
        }
    }
}

/// The folders an engine writes files into: the project's (steward.yaml), or others for a
/// store that is not the project's, so a trial run leaves the office's files alone.
public struct EngineFolders: Sendable, Equatable {
    public let outbox: URL
    public let ledger: URL
    public let documents: URL
    /// Scratch folders for plug-in processes.
    public let work: URL

    public init(outbox: URL, ledger: URL, documents: URL, work: URL) {
        self.outbox = outbox
        self.ledger = ledger
        self.documents = documents
        self.work = work
    }

    /// The project's folders, as steward.yaml names them.
    public init(project: Project) {
        self.init(outbox: project.path(project.config.outbox), ledger: project.path(project.config.ledger),
                  documents: project.path(project.config.documents), work: project.path(".steward/work"))
    }

    /// Folders inside `folder`: `outbox/`, `ledger/`, `documents/` and `work/`.
    public init(inside folder: URL) {
        self.init(outbox: folder.appendingPathComponent("outbox"), ledger: folder.appendingPathComponent("ledger"),
                  documents: folder.appendingPathComponent("documents"), work: folder.appendingPathComponent("work"))
    }

    /// For the store at `store`: the project's folders when it is the project's store, else
    /// folders beside it, in `STORE.files/` (`/tmp/try.db` → `/tmp/try.db.files/outbox/`, …).
    public static func forStore(_ store: URL, project: Project) -> EngineFolders {
        let given = store.standardizedFileURL.resolvingSymlinksInPath().path
        let own = project.storePath.standardizedFileURL.resolvingSymlinksInPath().path
        if given == own { return EngineFolders(project: project) }
        return EngineFolders(inside: URL(fileURLWithPath: given + ".files"))
    }
}
