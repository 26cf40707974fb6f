import Foundation
import StewardAudit
import StewardCore
import StewardEngine
import StewardModel
import StewardStore
import StewardTime

/// `steward-bench engine-tick`: automatic transitions per second when one tick advances many
/// instances, and what idle instances add to a tick (guarantee 7: nothing, or about nothing).
enum EngineTickBenchmark: Benchmark {
    static let name = "engine-tick"
    static let summary = "one tick over 20,000 due timers (moves/s); tick time with 1,000 vs N idle instances"
    static var defaults: BenchOptions { BenchOptions(sizeMB: 0, repetitions: 3, count: 1_000_000) }
    static var defaultsText: String { "(default --count 1000000 idle instances --repeat 3)" }
    /// Core moves (state entries) per second in one tick.
    static let movesGoal = 100_000.0
    /// Tick time over the large idle store over the small one.
    static let idleGoal = 1.5
    /// Instances with a due timer in the throughput part; `set` actions after each wait.
    static let dueInstances = 20_000
    static let links = 5
    /// Due timers per tick in the idle comparison, and the small store's idle instances.
    static let dueInIdle = 100
    static let smallIdle = 1_000
    /// When the ticks run: two hours after the instances started (their 1 h waits are due).
    static let tickTime = BenchClock.start.adding(milliseconds: 2 * 3_600_000)

    static func run(_ options: BenchOptions) -> Int32 {
        #if DEBUG
        printError("steward-bench: warning: debug build; measure with swift run -c release steward-bench \(name)")
        #endif
        do {
            let project = try BenchProject("tick", workflows: ["timer-chain": Fixtures.timerChain(links: links),
                                                               "idle-review": Fixtures.idleReview])
            let environment = CoreEnvironment(roster: project.project.roster, zone: project.project.zone)
            let chain = WorkflowMachine(workflow: try Fixtures.compile(Fixtures.timerChain(links: links),
                                                                       roster: project.project.roster),
                                        environment: environment)
            let idle = WorkflowMachine(workflow: try Fixtures.compile(Fixtures.idleReview, roster: project.project.roster),
                                       environment: environment)
            try throughput(project, chain: chain, repetitions: options.repetitions)
            print("")
            try idleComparison(project, chain: chain, idle: idle, large: options.count ?? defaults.count!,
                               repetitions: options.repetitions)
        } catch {
            printError("steward-bench: \(error)")
            return 1
        }
        return 0
    }

    // MARK: throughput

    static func throughput(_ project: BenchProject, chain: WorkflowMachine, repetitions: Int) throws {
        let movesPerInstance = links + 1
        print("One tick over \(dueInstances.grouped) instances whose 1 h wait is due, each then entering "
            + "\(links) inline `set` actions and a final state (\(movesPerInstance) moves), store on disk, "
            + "synchronous=FULL, best of \(repetitions)")
        print("")
        let template = project.folder.path("chain-template.db")
        let building = try Measure.once { () throws in
            let store = try SQLiteStore(path: template, options: SQLiteStore.Options(synchronous: .normal))
            try store.write { tx in try insertDefinition(chain, tx: tx) }
            try addDue(chain, count: dueInstances, prefix: "chain", store: store, batch: 5_000)
            try store.walCheckpoint(truncate: true)
        }
        print("(setup: \(dueInstances.grouped) instances written in \(building.seconds.fixed(1)) s, not timed)")
        var table = Table(["tick", "time (s)", "timers fired", "moves", "moves/s"], rightAligned: [1, 2, 3, 4])
        var bestDefault = Double.infinity
        for batch in [256, 1_024] {
            var best = Double.infinity
            for repetition in 0..<repetitions {
                let path = project.folder.path("chain-\(batch)-\(repetition).db")
                try FileManager.default.copyItem(atPath: template, toPath: path)
                defer { removeStore(path) }
                let engine = try project.engine(storePath: path, clock: { tickTime })
                let (seconds, report) = try Measure.once { () throws in try engine.tick(batch: batch) }
                let completed = try engine.store.read { tx in try tx.instanceCounts()[.completed] ?? 0 }
                guard report.timersFired == dueInstances, completed == dueInstances else {
                    throw BenchFailure("the tick fired \(report.timersFired) timers and completed \(completed) instances, "
                        + "expected \(dueInstances)")
                }
                best = min(best, seconds)
            }
            if batch == 256 { bestDefault = best }
            let moves = dueInstances * movesPerInstance
            table.add(["tick(batch: \(batch))\(batch == 256 ? " (the CLI's)" : "")", best.fixed(2), dueInstances.grouped,
                       moves.grouped, (Double(moves) / best).groupedWhole])
        }
        print(table.text)
        print("")
        let rate = Double(dueInstances * movesPerInstance) / bestDefault
        print("moves/s in one tick (batch 256): \(rate.groupedWhole) (goal ≥ \(movesGoal.groupedWhole): "
            + "\(rate >= movesGoal ? "met" : "NOT met")); events applied/s: \((Double(dueInstances) / bestDefault).groupedWhole)")
    }

    // MARK: idle instances

    static func idleComparison(_ project: BenchProject, chain: WorkflowMachine, idle: WorkflowMachine, large: Int,
                               repetitions: Int) throws {
        print("Tick time with \(smallIdle.grouped) vs \(large.grouped) idle instances (running, waiting in a task whose "
            + "deadline timer is 30 days away), the same \(dueInIdle) due timers each tick (→ \(links) `set` actions → "
            + "final), synchronous=FULL, best of \(repetitions)")
        print("")
        var stores: [(idle: Int, engine: Engine, path: String)] = []
        for count in [smallIdle, large] {
            let path = project.folder.path("idle-\(count).db")
            let seconds = try Measure.once { () throws in try buildIdleStore(path: path, idle: idle, chain: chain, count: count) }.seconds
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            print("(setup: \(count.grouped) idle instances loaded in \(seconds.fixed(1)) s, store \((Double(size) / 1e6).fixed(0)) MB, not timed)")
            stores.append((count, try project.engine(storePath: path, clock: { tickTime }), path))
        }
        print("")
        var best = [Double](repeating: .infinity, count: stores.count)
        for repetition in 0..<repetitions {
            for (index, store) in stores.enumerated() {
                try addDue(chain, count: dueInIdle, prefix: "due-r\(repetition)", store: store.engine.store, batch: dueInIdle)
                let (seconds, report) = try Measure.once { () throws in try store.engine.tick() }
                guard report.timersFired == dueInIdle else {
                    throw BenchFailure("the tick over \(store.idle) idle instances fired \(report.timersFired) timers, "
                        + "expected \(dueInIdle)")
                }
                best[index] = min(best[index], seconds)
            }
        }
        let running = try stores.map { try $0.engine.store.read { tx in try tx.instanceCounts()[.running] ?? 0 } }
        var table = Table(["store", "idle (running) instances", "tick time (ms)", "per due timer (ms)"], rightAligned: [1, 2, 3])
        for (index, store) in stores.enumerated() {
            table.add(["\(store.idle.grouped) idle", running[index].grouped, (best[index] * 1000).fixed(1),
                       (best[index] * 1000 / Double(dueInIdle)).fixed(2)])
        }
        print(table.text)
        print("")
        let ratio = best[1] / best[0]
        print("tick time \(large.grouped) idle / \(smallIdle.grouped) idle: \(ratio.fixed(2))× "
            + "(goal ≤ \(idleGoal.fixed(1))×: \(ratio <= idleGoal ? "met" : "NOT met"))")
        stores.removeAll()
        for count in [smallIdle, large] { removeStore(project.folder.path("idle-\(count).db")) }
    }

    // MARK: building stores

    static func insertDefinition(_ machine: WorkflowMachine, tx: WriteTransaction) throws {
        _ = try tx.insertDefinition(DefinitionRow(hash: machine.workflow.sourceHash, workflowID: machine.workflow.workflow.id.value,
                                                  source: machine.workflow.source,
                                                  createdAt: BenchClock.start.millisecondsSinceEpoch))
    }

    /// Starts `count` timer-chain instances through the core and writes them as the engine would.
    static func addDue(_ machine: WorkflowMachine, count: Int, prefix: String, store: any Store, batch: Int) throws {
        var index = 0
        while index < count {
            let end = min(count, index + batch)
            try store.write { tx in
                try insertDefinition(machine, tx: tx)
                for i in index..<end {
                    let step = try machine.start(id: "\(prefix)-\(i)", inputs: [:], now: BenchClock.start)
                    try InstanceWriter.write(step.state, machine: machine, notes: step.notes, tx: tx)
                }
            }
            index = end
        }
    }

    /// A store with `count` idle instances, loaded with raw SQL in one transaction: the instance
    /// row (the core's state, ids substituted), its open task and assignees, its deadline timer
    /// 30 days out, and its sealed `started` trail entry.
    static func buildIdleStore(path: String, idle: WorkflowMachine, chain: WorkflowMachine, count: Int) throws {
        do {
            let store = try SQLiteStore(path: path, options: SQLiteStore.Options(synchronous: .normal))
            try store.write { tx in
                try insertDefinition(idle, tx: tx)
                try insertDefinition(chain, tx: tx)
            }
            try store.walCheckpoint(truncate: true)
        }
        let templateID = identifier(0)
        let step = try idle.start(id: templateID, inputs: [:], now: BenchClock.start)
        let state = step.state
        guard state.tasks.count == 1, state.timers.count == 1, let task = state.tasks.first, let timer = state.timers.first else {
            throw BenchFailure("the idle workflow should wait with one task and one timer")
        }
        let stateBytes = state.binaryEncoded()
        let offsets = occurrences(of: Array(templateID.utf8), in: stateBytes)
        let details = try EntryDetails.engine(.started(inputs: state.inputs, by: nil), notes: step.notes)
        let taskSuffix = String(task.id.dropFirst(templateID.count))
        let timerSuffix = String(timer.id.dropFirst(templateID.count))
        let ms = BenchClock.start.millisecondsSinceEpoch
        let toState = state.currentStates.joined(separator: ",")
        let assigneesJSON = String(decoding: try JSONEncoder().encode(task.assignees), as: UTF8.self)
        let rolesJSON = String(decoding: try JSONEncoder().encode(task.roles), as: UTF8.self)

        let db = try RawSQLite(path: path)
        try db.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144")
        let last = try db.prepare("SELECT seq, hash FROM trail ORDER BY seq DESC LIMIT 1")
        var previous: TrailEntry?
        if try last.step() {
            previous = TrailEntry(seq: Int64(last.text(0)) ?? 0, at: 0, instance: "", definition: "", event: "",
                                  account: "", host: "", engineVersion: "", previousHash: "", hash: last.text(1))
        }
        let insertInstance = try db.prepare("INSERT INTO instances(id, workflow_id, definition_hash, parent_id, status, state, "
            + "version, created_at, updated_at) VALUES (?, ?, ?, NULL, 'running', ?, 1, ?, ?)")
        let insertTask = try db.prepare("INSERT INTO tasks(id, instance_id, state, title, assignees, roles, opened_at, due_at, "
            + "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open')")
        let insertAssignee = try db.prepare("INSERT INTO task_assignees(task_id, kind, name) VALUES (?, ?, ?)")
        let insertTimer = try db.prepare("INSERT INTO timers(id, instance_id, kind, due_at, payload) VALUES (?, ?, ?, ?, '{}')")
        let insertTrail = try db.prepare("INSERT INTO trail(seq, at, instance, definition, event, from_state, to_state, person, "
            + "account, host, engine_version, details, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        try db.exec("BEGIN")
        var row = stateBytes
        for index in 0..<count {
            let id = identifier(index)
            let idBytes = Array(id.utf8)
            for offset in offsets { row.replaceSubrange(offset..<offset + idBytes.count, with: idBytes) }
            insertInstance.bind(1, id)
            insertInstance.bind(2, state.workflowID)
            insertInstance.bind(3, state.definitionHash)
            insertInstance.bind(4, row)
            insertInstance.bind(5, ms)
            insertInstance.bind(6, ms)
            try insertInstance.run()
            let taskID = id + taskSuffix
            insertTask.bind(1, taskID)
            insertTask.bind(2, id)
            insertTask.bind(3, task.state)
            insertTask.bind(4, task.title)
            insertTask.bind(5, assigneesJSON)
            insertTask.bind(6, rolesJSON)
            insertTask.bind(7, ms)
            insertTask.bind(8, task.dueAt?.millisecondsSinceEpoch ?? ms)
            try insertTask.run()
            for (kind, names) in [("person", task.assignees), ("role", task.roles)] {
                for name in names {
                    insertAssignee.bind(1, taskID)
                    insertAssignee.bind(2, kind)
                    insertAssignee.bind(3, name)
                    try insertAssignee.run()
                }
            }
            insertTimer.bind(1, id + timerSuffix)
            insertTimer.bind(2, id)
            insertTimer.bind(3, timer.kind.rawValue)
            insertTimer.bind(4, timer.at.millisecondsSinceEpoch)
            try insertTimer.run()
            let entry = TrailEntry(seq: 0, at: ms, instance: id, definition: state.definitionHash, event: "started",
                                   toState: toState, account: "bench", host: "bench", engineVersion: "bench",
                                   details: details, previousHash: "").sealed(after: previous)
            insertTrail.bind(1, entry.seq)
            insertTrail.bind(2, entry.at)
            for (offset, text) in [entry.instance, entry.definition, entry.event, entry.fromState, entry.toState, entry.person,
                                   entry.account, entry.host, entry.engineVersion, entry.details, entry.previousHash,
                                   entry.hash].enumerated() {
                insertTrail.bind(Int32(offset + 3), text)
            }
            try insertTrail.run()
            previous = entry
        }
        try db.exec("COMMIT; PRAGMA journal_mode=WAL")
    }

    /// `idle-0000042`: fixed width, so the template's id bytes are overwritten in place.
    static func identifier(_ index: Int) -> String {
        let digits = String(index)
        return "idle-" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard needle.count <= haystack.count else { return [] }
        var found: [Int] = []
        var index = 0
        while index + needle.count <= haystack.count {
            if haystack[index..<index + needle.count].elementsEqual(needle) {
                found.append(index)
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }

    static func removeStore(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
