import Foundation
import StewardCore
import StewardEngine
import StewardStore

/// `steward-bench engine-durable`: human actions through the Engine API, each its own
/// transaction on a synchronous=FULL store, next to SQLite's own one-row commit loop.
enum EngineDurableBenchmark: Benchmark {
    static let name = "engine-durable"
    static let summary = "durable acts/s through the Engine (FULL) vs a raw SQLite one-row commit loop"
    static var defaults: BenchOptions { BenchOptions(sizeMB: 0, repetitions: 5, count: 800) }
    static var defaultsText: String { "(default --count 800 acts --repeat 5)" }
    /// Engine acts per second over raw commits per second.
    static let goal = 0.8

    struct Figures {
        var rawSeconds = Double.infinity
        var actSeconds = Double.infinity
        var startSeconds = Double.infinity
        var rawNormalSeconds = Double.infinity
        var actNormalSeconds = Double.infinity
        var framesPerAct = 0.0
        var framesPerRawCommit = 0.0
        var wideTables = 1
        var rawWideSeconds = Double.infinity
    }

    /// WAL frames (pages) the work in `body` appends, per `count`: a reader holds the WAL
    /// open from its start, so no checkpoint can recycle it and its size counts every frame.
    static func walFrames(path: String, count: Int, _ body: () throws -> Void) throws -> Double {
        let setup = try RawSQLite(path: path)
        try setup.exec("PRAGMA wal_checkpoint(TRUNCATE)")
        let pageSize = Double(try setup.scalar("PRAGMA page_size").flatMap(Int.init) ?? 4096)
        try setup.exec("BEGIN")
        _ = try setup.scalar("SELECT count(*) FROM sqlite_master")
        let wal = path + "-wal"
        let before = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        try body()
        let after = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        try setup.exec("COMMIT")
        return Double(after - before) / (pageSize + 24) / Double(count)
    }

    static func run(_ options: BenchOptions) -> Int32 {
        #if DEBUG
        printError("steward-bench: warning: debug build; measure with swift run -c release steward-bench \(name)")
        #endif
        let instances = max(1, (options.count ?? defaults.count!) / Fixtures.loopActs.count)
        let acts = instances * Fixtures.loopActs.count
        var figures = Figures()
        let folder: String
        do {
            let project = try BenchProject("durable", workflows: ["review-loop": Fixtures.reviewLoop])
            folder = project.folder.url.path
            // First the pages each commit writes, to build a raw loop that writes as many.
            let framesStore = project.folder.path("frames/steward.db")
            let framesEngine = try project.engine(storePath: framesStore, synchronous: .normal)
            let framesIDs = try start(framesEngine, instances: instances)
            figures.framesPerAct = try walFrames(path: framesStore, count: acts) { try act(framesEngine, on: framesIDs) }
            let framesRaw = try RawLoop(path: project.folder.path("frames-raw.db"), synchronous: "NORMAL")
            figures.framesPerRawCommit = try walFrames(path: project.folder.path("frames-raw.db"), count: acts) {
                try framesRaw.commit(acts)
            }
            figures.wideTables = max(1, Int(figures.framesPerAct.rounded()))

            let full = try project.engine(synchronous: .full)
            let normal = try project.engine(storePath: project.folder.path("normal/steward.db"), synchronous: .normal)
            let raw = try RawLoop(path: project.folder.path("raw.db"), synchronous: "FULL")
            let rawNormal = try RawLoop(path: project.folder.path("raw-normal.db"), synchronous: "NORMAL")
            let rawWide = try RawLoop(path: project.folder.path("raw-wide.db"), synchronous: "FULL", tables: figures.wideTables)
            print("Durable commits on \(folder) (a disk-backed file system): \(acts.grouped) acts per run "
                + "(\(instances.grouped) review loops × 4 acts), each its own transaction, best of \(options.repetitions)")
            print("")
            for _ in 0..<options.repetitions {
                figures.rawSeconds = min(figures.rawSeconds, try Measure.once { try raw.commit(acts) }.seconds)
                let (starts, actsTime) = try loops(full, instances: instances)
                figures.startSeconds = min(figures.startSeconds, starts)
                figures.actSeconds = min(figures.actSeconds, actsTime)
                figures.rawWideSeconds = min(figures.rawWideSeconds, try Measure.once { try rawWide.commit(acts) }.seconds)
                figures.rawNormalSeconds = min(figures.rawNormalSeconds, try Measure.once { try rawNormal.commit(acts) }.seconds)
                figures.actNormalSeconds = min(figures.actNormalSeconds, try loops(normal, instances: instances).acts)
            }
        } catch {
            printError("steward-bench: \(error)")
            return 1
        }
        var table = Table(["measure", "per second", "ms each"], rightAligned: [1, 2])
        func row(_ label: String, _ count: Int, _ seconds: Double) {
            table.add([label, (Double(count) / seconds).groupedWhole, (seconds / Double(count) * 1000).fixed(3)])
        }
        row("raw SQLite: BEGIN IMMEDIATE, one INSERT, COMMIT (WAL, FULL)", acts, figures.rawSeconds)
        row("Engine.act, each its own transaction (WAL, FULL)", acts, figures.actSeconds)
        row("Engine.start, each its own transaction (WAL, FULL)", instances, figures.startSeconds)
        row("raw SQLite: one row in each of \(figures.wideTables) tables per commit (WAL, FULL)", acts, figures.rawWideSeconds)
        row("raw SQLite one-row commit, synchronous=NORMAL (no fsync)", acts, figures.rawNormalSeconds)
        row("Engine.act, synchronous=NORMAL (no fsync: CPU and writes)", acts, figures.actNormalSeconds)
        print(table.text)
        print("")
        let ratio = figures.rawSeconds / figures.actSeconds
        print("Engine acts / raw commits (FULL): \(ratio.fixed(2))× (goal ≥ \(goal.fixed(1))×: \(ratio >= goal ? "met" : "NOT met"))")
        let cpu = figures.actNormalSeconds / Double(acts) * 1000
        let fsync = figures.rawSeconds / Double(acts) * 1000 - figures.rawNormalSeconds / Double(acts) * 1000
        print("per act without fsync: \(cpu.fixed(3)) ms; one commit's fsync: about \(fsync.fixed(3)) ms")
        print("WAL pages written per commit: \(figures.framesPerAct.fixed(1)) per act, "
            + "\(figures.framesPerRawCommit.fixed(1)) per raw one-row commit")
        print("Engine acts / raw commits that write as many pages (\(figures.wideTables) tables): "
            + "\((figures.rawWideSeconds / figures.actSeconds).fixed(2))×")
        return 0
    }

    /// Starts `instances` review loops, then takes their 4 acts round by round; returns both times.
    static func loops(_ engine: Engine, instances: Int) throws -> (starts: Double, acts: Double) {
        let started = try Measure.once { () throws -> [String] in try start(engine, instances: instances) }
        let acted = try Measure.once { () throws in try act(engine, on: started.result) }
        return (started.seconds, acted.seconds)
    }

    static func start(_ engine: Engine, instances: Int) throws -> [String] {
        let writer = ActorIdentity(person: "li.ming", account: "bench", host: "bench")
        return try (0..<instances).map { _ in try engine.start(workflow: "review-loop", inputs: [:], actor: writer).id }
    }

    /// The 4 acts of each loop, round by round; every instance must end completed.
    static func act(_ engine: Engine, on ids: [String]) throws {
        for act in Fixtures.loopActs {
            let actor = ActorIdentity(person: act.person, account: "bench", host: "bench")
            var fields: [String: String] = [:]
            for (key, value) in act.form.entries { fields[key] = value.text }
            for id in ids {
                _ = try engine.act(instance: id, action: act.action, state: nil, fields: fields, comment: act.comment,
                                   actor: actor)
            }
        }
        for id in ids where try engine.instance(id).status != .completed {
            throw BenchFailure("instance \(id) did not complete: \(try engine.instance(id).status.rawValue)")
        }
    }

    /// One prepared INSERT per table, one transaction per round: with one table (the
    /// reference) each commit writes one row; with `tables` tables, one row in each, so each
    /// commit writes about as many pages as an act.
    final class RawLoop {
        let db: RawSQLite
        let begin: RawStatement
        let inserts: [RawStatement]
        let commit: RawStatement
        var next: Int64 = 0
        let payload = String(repeating: "审核通过，归档。", count: 12)

        init(path: String, synchronous: String, tables: Int = 1) throws {
            db = try RawSQLite(path: path)
            guard try db.scalar("PRAGMA journal_mode=WAL")?.lowercased() == "wal" else {
                throw BenchFailure("the raw store did not switch to WAL")
            }
            try db.exec("PRAGMA synchronous=\(synchronous)")
            var inserts: [RawStatement] = []
            for table in 0..<tables {
                let name = table == 0 ? "t" : "t\(table)"
                try db.exec("CREATE TABLE IF NOT EXISTS \(name)(id INTEGER PRIMARY KEY, at INTEGER NOT NULL, payload TEXT NOT NULL)")
                inserts.append(try db.prepare("INSERT INTO \(name)(id, at, payload) VALUES (?, ?, ?)"))
            }
            self.inserts = inserts
            begin = try db.prepare("BEGIN IMMEDIATE")
            commit = try db.prepare("COMMIT")
        }

        func commit(_ count: Int) throws {
            for _ in 0..<count {
                next += 1
                try begin.run()
                for insert in inserts {
                    insert.bind(1, next)
                    insert.bind(2, next * 1000)
                    insert.bind(3, payload)
                    try insert.run()
                }
                try commit.run()
            }
        }
    }
}
