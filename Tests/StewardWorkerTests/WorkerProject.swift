import Foundation
import StewardAudit
import StewardEngine
@testable import StewardPostgres
import StewardStore
import StewardTestSupport
import StewardTime
import Testing

/// A project whose store is a fresh schema on the test PostgreSQL server, seeded with
/// instances that each wait for one timer, and the `steward` workers run over it.
final class WorkerProject: @unchecked Sendable {
    let root: URL
    let address: String
    let schema: String
    /// When the instances were started; their timers fall due an hour later.
    static let started = "2026-11-02T09:00:00+08:00"
    static let later = "2026-11-02T11:00:00+08:00"

    static let workflow = """
        steward: 1
        id: cool-off
        start: hold
        states:
          hold: { type: wait, for: 1h, next: done }
          done: { type: final }

        """

    /// A project on the server, or nil (after saying why) when no server is given.
    static func make(chains: Int = 1) throws -> WorkerProject? {
        let environment = ProcessInfo.processInfo.environment
        guard let server = environment["STEWARD_TEST_POSTGRES"], !server.isEmpty else {
            if environment["STEWARD_REQUIRE_POSTGRES"] == "1" {
                Issue.record("STEWARD_REQUIRE_POSTGRES=1 but STEWARD_TEST_POSTGRES is not set")
            }
            return nil
        }
        return try WorkerProject(server: server, chains: chains)
    }

    private init(server: String, chains: Int) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("steward-workers-\(UUID().uuidString)")
        schema = "w_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        address = server + "?schema=" + schema
        self.chains = chains
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("workflows"), withIntermediateDirectories: true)
        let config = """
            store: \(address)
            trail_chains: \(chains)
            timezone: Asia/Shanghai
            clock: manual

            """
        try Data(config.utf8).write(to: root.appendingPathComponent("steward.yaml"))
        let roster = """
            people:
              ann: { name: 安娜, account: ann }
            roles:
              office: { title: 工会办公室, members: [ann] }
            admins: [ann]

            """
        try Data(roster.utf8).write(to: root.appendingPathComponent("roster.yaml"))
        try Data(Self.workflow.utf8).write(to: root.appendingPathComponent("workflows/cool-off.yaml"))
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
        if let store = try? store() {
            try? store.withSession { session throws(StoreError) in try session.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE") }
        }
    }

    let chains: Int

    func store() throws -> PostgresStore {
        var options = PostgresStore.Options()
        options.trailChains = chains
        return try PostgresStore(address: PostgresAddress(address, environment: [:]), options: options)
    }

    /// Starts `count` instances at `started`, on `threads` connections at once.
    func seed(_ count: Int, threads: Int = 4) throws {
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            do {
                let project = try Project.load(configFile: root.appendingPathComponent("steward.yaml"))
                let engine = Engine(project: project, store: try store(), version: "test",
                                    clock: { Instant.at(Self.started) },
                                    identity: ActorIdentity.engine(account: "test", host: "seed"))
                for _ in stride(from: thread, to: count, by: threads) {
                    _ = try engine.start(workflow: "cool-off", inputs: [:], actor: .engine(account: "test", host: "seed"))
                }
            } catch {
                failures.add("\(error)")
            }
        }
        try #require(failures.all.isEmpty, "\(failures.all)")
    }

    /// A `steward run` worker at `later`, ticking every 200 ms, its output in the project folder.
    func worker(_ index: Int, environment extra: [String: String] = [:]) throws -> SpawnedProcess {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("STEWARD_") }
        environment["STEWARD_NOW"] = Self.later
        environment["STEWARD_WORKER"] = String(index)
        for (key, value) in extra { environment[key] = value }
        return try SpawnedProcess(StewardProcess.binary.path,
                                  ["run", "--every", "200ms", "--config", root.appendingPathComponent("steward.yaml").path],
                                  environment: environment,
                                  log: root.appendingPathComponent("worker-\(index)-\(UUID().uuidString.prefix(8)).log"))
    }

    /// Stops `workers` as systemd would (SIGTERM), and checks that each ended by itself.
    func stop(_ workers: [SpawnedProcess]) {
        for worker in workers { worker.send(SIGTERM) }
        for worker in workers {
            let end = worker.wait()
            // A worker replaced a moment ago may not have reached its loop: SIGTERM then ends it
            // as it ends any program, before it has done anything.
            let started = worker.output.contains("steward run: ticking")
            let stoppedEarly = !started && end.signal == SIGTERM
            #expect(stoppedEarly || (end.signal == nil && end.status == 0),
                    "worker \(worker.pid) ended \(end): \(worker.output.suffix(2_000))")
        }
    }

    /// One integer from SQL on the project's schema.
    func count(_ sql: String) throws -> Int64 {
        try store().withSession { session throws(StoreError) in try session.scalarInt(sql) ?? -1 }
    }

    /// The first column of every row of SQL, as text.
    func names(_ sql: String) throws -> [String] {
        try store().withSession { session throws(StoreError) in
            try session.withRows(sql, []) { rows throws(StoreError) in
                var all: [String] = []
                while try rows.step() { all.append(rows.text(0)) }
                return all
            }
        }
    }

    /// Waits (up to `seconds`) until no timer is left; true when none is.
    func waitUntilAllFired(seconds: Double, while work: () -> Void = {}) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            work()
            if try count("SELECT count(*) FROM timers") == 0 { return true }
            Thread.sleep(forTimeInterval: 0.5)
        }
        return false
    }

    /// The checks every run must pass: each timer fired once, one trail entry per version,
    /// every instance done, and `steward audit verify --replay` finds nothing wrong.
    func expectExactlyOnce(instances: Int) throws {
        #expect(try count("SELECT count(*) FROM timers") == 0)
        #expect(try count("SELECT count(*) FROM trail WHERE event = 'timer-fired'") == Int64(instances))
        #expect(try count("SELECT count(*) FROM instances WHERE status = 'completed'") == Int64(instances))
        #expect(try count("""
            SELECT count(*) FROM (SELECT details FROM trail WHERE event = 'timer-fired'
                                  GROUP BY instance, details HAVING count(*) > 1) doubled
            """) == 0)
        #expect(try count("""
            SELECT count(*) FROM instances i JOIN (SELECT instance, count(*) AS n FROM trail GROUP BY instance) t
            ON t.instance = i.id WHERE t.n <> i.version
            """) == 0, "one trail entry per instance version")
        let verify = try StewardProcess.run(["audit", "verify", "--replay"], in: root,
                                            environment: ["STEWARD_NOW": Self.later])
        #expect(verify.status == 0, "\(verify)")
    }
}

/// Errors collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ text: String) { lock.lock(); list.append(text); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
}

extension Instant {
    static func at(_ text: String) -> Instant {
        guard let instant = try? Instant(iso8601: text) else { fatalError("bad test time \(text)") }
        return instant
    }
}
