import Foundation
import StewardAudit
import StewardEngine
import StewardPostgres
import StewardStore
import StewardTime

/// `steward-bench postgres`: how much work workers get through on PostgreSQL, by worker count
/// and trail chains, next to the embedded store and to a loop of the same statements with no
/// engine work (the most this machine's server allows).
///
/// Timers: `--count` instances wait one hour; then W threads, each with its own connection
/// and engine, tick until every timer has fired. Steps: `--count` instances each have one open
/// task, and W threads act on them. Each configuration runs in a fresh schema of the server
/// named by STEWARD_BENCH_POSTGRES (or STEWARD_TEST_POSTGRES), and leaves it there: run it on
/// a throwaway server (`scripts/with-postgres`).
enum PostgresBenchmark: Benchmark {
    static let name = "postgres"
    static let summary = "timers/s and steps/s by workers and trail chains on PostgreSQL, vs SQLite and a raw loop"
    static let defaults = BenchOptions(sizeMB: 1, repetitions: 1, count: 3_000)
    static var defaultsText: String { "(default --count 3000; needs STEWARD_BENCH_POSTGRES or STEWARD_TEST_POSTGRES)" }

    static let workerCounts = [1, 8, 32]
    static let chainCounts = [1, 64]

    static func run(_ options: BenchOptions) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        guard let server = environment["STEWARD_BENCH_POSTGRES"] ?? environment["STEWARD_TEST_POSTGRES"], !server.isEmpty else {
            printError("steward-bench postgres: set STEWARD_BENCH_POSTGRES to a server (scripts/with-postgres starts one)\n")
            return 64
        }
        let count = options.count ?? defaults.count ?? 3_000
        do {
            print("PostgreSQL store: \(count) instances per run; every figure is work done / wall time of the run\n")
            var table = Table(["store", "chains", "workers", "timers/s", "raw loop/s", "engine ÷ raw", "steps/s"],
                              rightAligned: [1, 2, 3, 4, 5, 6])
            let sqlite = try sqliteBaseline(count: count)
            table.add(["SQLite", "1", "1", sqlite.timers.fixed(0), "", "", sqlite.steps.fixed(0)])
            var timers: [String: Double] = [:]
            for chains in chainCounts {
                for workers in workerCounts {
                    let engineTimers = try measure(server, chains: chains, workers: workers, count: count, work: .timers)
                    let raw = try measure(server, chains: chains, workers: workers, count: count, work: .rawTimers)
                    let steps = try measure(server, chains: chains, workers: workers, count: count, work: .steps)
                    timers["\(chains)/\(workers)"] = engineTimers
                    table.add(["PostgreSQL", "\(chains)", "\(workers)", engineTimers.fixed(0), raw.fixed(0),
                               (engineTimers / raw).fixed(2), steps.fixed(0)])
                }
            }
            print(table.text)
            if let wide = timers["64/32"], let narrow = timers["1/32"], let one = timers["64/1"], let eight = timers["64/8"] {
                print("\nratios: 64 chains ÷ 1 chain at 32 workers \((wide / narrow).fixed(2))×; "
                      + "8 ÷ 1 workers at 64 chains \((eight / one).fixed(2))×; "
                      + "PostgreSQL 64 chains 8 workers ÷ SQLite \((eight / sqlite.timers).fixed(2))×")
            }
            return 0
        } catch {
            printError("steward-bench postgres: \(error)\n")
            return 1
        }
    }

    enum Work { case timers, rawTimers, steps }

    static let waitWorkflow = """
        steward: 1
        id: cool-off
        start: hold
        states:
          hold: { type: wait, for: 1h, next: done }
          done: { type: final }

        """

    static let taskWorkflow = """
        steward: 1
        id: sign-off
        start: sign
        states:
          sign:
            type: task
            assignee: { role: writers }
            actions: { ok: done }
          done: { type: final }

        """

    /// Work per second for one configuration, in a fresh schema.
    static func measure(_ server: String, chains: Int, workers: Int, count: Int, work: Work) throws -> Double {
        let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let project = try BenchProject("pg", workflows: ["cool-off": waitWorkflow, "sign-off": taskWorkflow])
        var options = PostgresStore.Options()
        options.trailChains = chains
        let address = try PostgresAddress(server + "?schema=" + schema, environment: ProcessInfo.processInfo.environment)
        let target = Target(project: project, address: address, options: options)
        let store = target.store
        let engine = target.engine
        let later = BenchClock.start.adding(milliseconds: 2 * 3_600_000)
        // Seeding is not timed.
        let ids = try parallel(8, count: count) { thread, indexes in
            let seeder = try engine(BenchClock.start)
            return try indexes.map { _ in
                try seeder.start(workflow: work == .steps ? "sign-off" : "cool-off", inputs: [:],
                                 actor: .engine(account: "bench", host: "bench")).id
            }
        }
        let start = Date()
        switch work {
        case .timers:
            _ = try parallel(workers, count: workers) { _, _ in
                let ticker = try engine(later)
                while try ticker.tick(batch: 64).timersFired > 0 {}
                return [String]()
            }
        case .rawTimers:
            _ = try parallel(workers, count: workers) { _, _ in
                let raw = try store()
                while try rawFire(raw, at: later.millisecondsSinceEpoch) > 0 {}
                return [String]()
            }
        case .steps:
            let li = ActorIdentity(person: "li.ming", account: "bench", host: "bench")
            _ = try parallel(workers, count: ids.count) { _, indexes in
                let actor = try engine(later)
                for index in indexes {
                    _ = try actor.act(instance: ids[index], action: "ok", state: nil, fields: [:], comment: nil, actor: li)
                }
                return [String]()
            }
        }
        let seconds = Date().timeIntervalSince(start)
        return Double(count) / seconds
    }

    /// The statements a fired timer costs, without the engine: claim the timer, read and
    /// re-write the instance with its version checked, append a sealed trail entry.
    static func rawFire(_ store: PostgresStore, at now: Int64) throws -> Int {
        let due = try store.read { try $0.dueTimers(at: now, limit: 64) }
        var fired = 0
        for timer in due.shuffled() {
            try store.write { tx in
                guard try tx.claimTimer(id: timer.id), var row = try tx.loadInstance(id: timer.instanceID) else { return }
                let version = row.version
                row.version += 1
                row.updatedAt = now
                try tx.updateInstance(row, expectedVersion: version)
                _ = try tx.appendTrail(TrailEntry(seq: 0, at: now, instance: row.id, definition: row.definitionHash,
                                                  event: "timer-fired", account: "bench", host: "bench",
                                                  engineVersion: "bench", details: #"{"timer":"\#(timer.id)"}"#,
                                                  previousHash: ""))
                fired += 1
            }
        }
        return fired
    }

    /// The same two workloads on the embedded store with one worker.
    static func sqliteBaseline(count: Int) throws -> (timers: Double, steps: Double) {
        let project = try BenchProject("sqlite", workflows: ["cool-off": waitWorkflow, "sign-off": taskWorkflow])
        let seeder = try project.engine(clock: { BenchClock.start })
        for _ in 0..<count { _ = try seeder.start(workflow: "cool-off", inputs: [:], actor: .engine(account: "bench", host: "bench")) }
        let tasks = try (0..<count).map { _ in
            try seeder.start(workflow: "sign-off", inputs: [:], actor: .engine(account: "bench", host: "bench")).id
        }
        let later = BenchClock.start.adding(milliseconds: 2 * 3_600_000)
        let ticker = try project.engine(clock: { later })
        let (timerSeconds, _) = try Measure.once { () throws in while try ticker.tick(batch: 64).timersFired > 0 {} }
        let li = ActorIdentity(person: "li.ming", account: "bench", host: "bench")
        let (stepSeconds, _) = try Measure.once { () throws in
            for id in tasks { _ = try ticker.act(instance: id, action: "ok", state: nil, fields: [:], comment: nil, actor: li) }
        }
        return (Double(count) / timerSeconds, Double(count) / stepSeconds)
    }

    /// Runs `body` on `threads` threads at once, thread t getting the indexes t, t+threads, …
    /// below `count`; the results in index order of threads, or the first error.
    static func parallel<T>(_ threads: Int, count: Int, _ body: @escaping @Sendable (Int, [Int]) throws -> [T]) throws -> [T] {
        let results = Results<T>(threads)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let indexes = Array(stride(from: thread, to: count, by: threads))
            do { results.set(thread, try body(thread, indexes)) } catch { results.fail(error) }
        }
        if let failure = results.failure { throw failure }
        return results.all
    }
}

/// Where one configuration's threads connect: each opens its own store and engine.
private final class Target: @unchecked Sendable {
    let project: BenchProject
    let address: PostgresAddress
    let options: PostgresStore.Options

    init(project: BenchProject, address: PostgresAddress, options: PostgresStore.Options) {
        self.project = project
        self.address = address
        self.options = options
    }

    @Sendable func store() throws -> PostgresStore { try PostgresStore(address: address, options: options) }

    @Sendable func engine(_ at: Instant) throws -> Engine {
        Engine(project: project.project, store: try store(), version: "bench", clock: { at },
               identity: ActorIdentity.engine(account: "bench", host: "bench"))
    }
}

/// What the threads of `parallel` hand back.
private final class Results<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [[T]]
    private(set) var failure: (any Error)?

    init(_ count: Int) { values = Array(repeating: [], count: count) }
    func set(_ index: Int, _ value: [T]) { lock.lock(); values[index] = value; lock.unlock() }
    func fail(_ error: any Error) { lock.lock(); failure = failure ?? error; lock.unlock() }
    var all: [T] { lock.lock(); defer { lock.unlock() }; return values.flatMap { $0 } }
}
