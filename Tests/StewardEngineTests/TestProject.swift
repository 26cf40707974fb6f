import StewardTestSupport
import Foundation
import StewardAudit
import StewardCore
import StewardEngine
import StewardStore
import StewardTime
import Testing

/// A throw-away Steward project on disk: steward.yaml, a roster, the given workflows and a store.
///
/// The engine can be driven in-process (fast seeding) and the built binary run against the
/// same files, the way cron and people would.
struct TestProject {
    let root: URL

    /// The roster every test project has. No one's account is `root` except the admin's (when
    /// `rootAdmin`), so with `identity: os` a test running as root is nobody but that admin.
    static func roster(rootAdmin: Bool) -> String {
        """
        people:
          ann:  { name: Ann, account: ann }
          bob:  { name: Bob, account: bob }
          cat:  { name: Cat, account: cat }
          dan:  { name: Dan, account: dan }
          eve:  { name: Eve, account: eve }
          boss: { name: Boss, account: \(rootAdmin ? "root" : "boss") }
        roles:
          office:    { title: Office, members: [ann, bob] }
          committee: { title: Committee, members: [ann, bob, cat] }
          voters:    { title: Voters, members: [ann, bob, cat, dan, eve] }
        admins: [boss]

        """
    }

    /// The smallest workflow with a person in it: the office signs off, and it is done.
    static let signOff = """
        steward: 1
        id: sign-off
        start: sign
        states:
          sign:
            type: task
            assignee: { role: office }
            actions: { ok: done }
          done: { type: final }

        """

    init(workflows: [String: String], identity: String = "declared", rootAdmin: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("steward-engine-test-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("workflows"), withIntermediateDirectories: true)
        let config = """
            store: .steward/steward.db
            roster: roster.yaml
            workflows: workflows/
            calendars: calendars/
            plugins: plugins/
            timezone: Asia/Shanghai
            identity: \(identity)
            allow_shell: false
            ledger: ledger/
            outbox: outbox/
            clock: manual

            """
        try Data(config.utf8).write(to: configFile)
        try Data(Self.roster(rootAdmin: rootAdmin).utf8).write(to: root.appendingPathComponent("roster.yaml"))
        for (name, text) in workflows {
            try Data(text.utf8).write(to: root.appendingPathComponent("workflows/\(name).yaml"))
        }
    }

    var configFile: URL { root.appendingPathComponent("steward.yaml") }
    var storePath: String { root.appendingPathComponent(".steward/steward.db").path }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// An engine over the project's store with a fixed clock; `warn` hears what it says after a commit.
    func engine(at now: Instant, synchronous: SQLiteStore.Options.Synchronous = .full,
                warn: @escaping (String) -> Void = { _ in }) throws -> Engine {
        let project = try Project.load(configFile: configFile)
        let store = try SQLiteStore(path: storePath, options: SQLiteStore.Options(synchronous: synchronous))
        return Engine(project: project, store: store, version: "test", clock: { now },
                      identity: ActorIdentity.engine(account: "test", host: "test"), warn: warn)
    }

    /// Starts `count` instances of `signOff` at `now` and has ann sign each off: two trail
    /// entries each (`comment` on the second, when given).
    func signOff(_ count: Int, at now: Instant, comment: String? = nil) throws {
        let engine = try engine(at: now)
        let ann = ActorIdentity(person: "ann", account: "test", host: "test")
        for _ in 0..<count {
            let id = try engine.start(workflow: "sign-off", inputs: [:], actor: .engine(account: "test", host: "test")).id
            _ = try engine.act(instance: id, action: "ok", state: nil, fields: [:], comment: comment, actor: ann)
        }
    }

    /// Edits roster.yaml the way an organizer would: each role line `from` becomes `to`.
    /// A line that is not there fails the test (the roster above must have it).
    func setRoles(_ changes: [(from: String, to: String)]) throws {
        let file = root.appendingPathComponent("roster.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        for change in changes {
            try #require(text.contains(change.from), "roster.yaml has no line '\(change.from)'")
            text = text.replacingOccurrences(of: change.from, with: change.to)
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    /// Runs SQL on the store with Python's sqlite3, as someone with write access to the file
    /// would, the append-only triggers dropped first; returns the script's exit status. A
    /// careful insider (`restoringTriggers`) puts the triggers back afterwards as they were.
    func tamper(_ sql: String, restoringTriggers: Bool = false) throws -> Int32 {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'").fetchall()
            for (name, _) in triggers:
                db.execute('DROP TRIGGER "%s"' % name)
            db.executescript(sys.argv[2])
            if sys.argv[3] == "restore":
                for (_, text) in triggers:
                    db.execute(text)
            db.commit()
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, storePath, sql, restoringTriggers ? "restore" : "keep"]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A read-only view of the store, for checking what processes left behind.
    func readStore() throws -> SQLiteStore {
        try SQLiteStore(path: storePath, options: .readOnly)
    }

    /// Runs `steward ARGS` in the project folder with `STEWARD_NOW` set to `now` (when given).
    @discardableResult
    func steward(_ arguments: [String], now: Instant? = nil, environment: [String: String] = [:]) throws -> StewardProcess.Result {
        try spawn(arguments, now: now, environment: environment).wait()
    }

    func spawn(_ arguments: [String], now: Instant? = nil, environment: [String: String] = [:]) throws -> StewardProcess.Running {
        var env = environment
        if let now { env["STEWARD_NOW"] = now.iso8601 }
        return try StewardProcess.Running(arguments, in: root, environment: env)
    }
}

/// A trail entry with its details read: the recorded event's name and fields.
struct ReadEntry {
    let entry: TrailEntry
    let details: [String: Any]

    /// The recorded event's case name (`timerFired`, `acted`, …) and its fields.
    var event: (name: String, fields: [String: Any])? {
        guard let event = details["event"] as? [String: Any], let (name, value) = event.first else { return nil }
        return (name, value as? [String: Any] ?? [:])
    }

    var timer: String? { event?.fields["timer"] as? String }
    var task: String? { event?.fields["task"] as? String }
    var refusal: String? { details["refusal"] as? String }
}

extension Store {
    /// Every trail entry, oldest first, with its details parsed.
    func entries(instance: String? = nil) throws -> [ReadEntry] {
        var all: [ReadEntry] = []
        try read { tx in
            try tx.forEachTrailEntry(instance: instance) { entry in
                let object = (try? JSONSerialization.jsonObject(with: Data(entry.details.utf8))) as? [String: Any]
                all.append(ReadEntry(entry: entry, details: object ?? [:]))
            }
        }
        return all
    }

    /// Every instance row, any status.
    func allInstances() throws -> [InstanceRow] {
        try read { tx in try tx.allInstances() }
    }

    /// Every timer left, earliest first.
    func allTimers() throws -> [TimerRow] {
        try read { tx in try tx.dueTimers(at: Int64.max, limit: 1_000_000) }
    }
}

extension InstanceRow {
    var decoded: InstanceState {
        get throws {
            // Rows are written in the binary form; stores from before it hold JSON.
            InstanceState.isBinary(state) ? try InstanceState(binary: state)
                : try JSONDecoder().decode(InstanceState.self, from: Data(state))
        }
    }
}


extension Instant {
    static func at(_ text: String) -> Instant {
        guard let instant = try? Instant(iso8601: text) else { fatalError("bad test time \(text)") }
        return instant
    }

    func plus(minutes: Int64) -> Instant { adding(milliseconds: minutes * 60_000) }
}
