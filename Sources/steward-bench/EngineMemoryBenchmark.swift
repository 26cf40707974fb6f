import Foundation
import StewardAudit
import StewardCore
import StewardEngine
import StewardExpressions
import StewardModel
import StewardTime

/// `steward-bench engine-memory`: the pure core running the review loop, each event's trail
/// entry sealed (canonical details, SHA-256 chain), next to Python `transitions` on the same loop.
enum EngineMemoryBenchmark: Benchmark {
    static let name = "engine-memory"
    static let summary = "in-memory core on the review loop (with trail hashes) vs Python transitions"
    static var defaults: BenchOptions { BenchOptions(sizeMB: 0, repetitions: 7, count: 20_000) }
    static var defaultsText: String { "(default --count 20000 instances --repeat 7)" }
    /// Instances per second, core with trail hashes over transitions' faster variant.
    static let goal = 2.0

    /// What each run does per event besides the core.
    enum Mode: CaseIterable {
        /// `start` / `apply` only.
        case core
        /// Plus a trail entry sealed after the previous one, its details (the event and the
        /// core's notes) written by `EntryDetails.json`, exactly as `Engine.persist` writes them.
        case sealed

        var label: String {
            switch self {
            case .core: "Steward core: start + 4 acts (roles, four-eyes, form checks)"
            case .sealed: "Steward core + sealed trail entry per event (the engine's details)"
            }
        }
    }

    struct Outcome {
        var events = 0
        var completed = 0
        var lastHash = ""
    }

    static func run(_ options: BenchOptions) -> Int32 {
        #if DEBUG
        printError("steward-bench: warning: debug build; measure with swift run -c release steward-bench \(name)")
        #endif
        let count = options.count ?? defaults.count!
        let machine: WorkflowMachine
        do {
            let roster = try Fixtures.loadRoster()
            let compiled = try Fixtures.compile(Fixtures.reviewLoop, roster: roster)
            machine = WorkflowMachine(workflow: compiled, environment: CoreEnvironment(roster: roster))
        } catch {
            printError("steward-bench: \(error)")
            return 1
        }
        // One loop, checked, before timing: every act accepted, 7 states entered, completed.
        do {
            let moves = try movesOfOneLoop(machine)
            guard moves == 7 else { throw BenchFailure("the review loop entered \(moves) states, expected 7") }
        } catch {
            printError("steward-bench: the review loop does not run: \(error)")
            return 1
        }
        let script = PackageFiles.find("scripts/bench-transitions.py")
        print("Review loop draft → review → reject → draft → review → approve → publish → archive → done: "
            + "\(count.grouped) instances per run, 5 events and 7 state entries each, best of \(options.repetitions)")
        print("")

        var best: [Mode: Double] = [:]
        var outcomes: [Mode: Outcome] = [:]
        var python: (perInstance: Double, shared: Double, version: String)?
        var pythonProblem: String?
        for _ in 0..<options.repetitions {
            for mode in Mode.allCases {
                do {
                    let (seconds, outcome) = try Measure.once { () throws -> Outcome in try loops(machine, count: count, mode: mode) }
                    guard outcome.completed == count, outcome.events == count * 5 else {
                        throw BenchFailure("\(outcome.completed) of \(count) instances completed")
                    }
                    best[mode] = min(best[mode] ?? .infinity, seconds)
                    outcomes[mode] = outcome
                } catch {
                    printError("steward-bench: \(error)")
                    return 1
                }
            }
            guard let script, pythonProblem == nil else {
                pythonProblem = pythonProblem ?? "scripts/bench-transitions.py not found"
                continue
            }
            switch runTransitions(script: script, count: count) {
            case .success(let figures):
                python = (min(python?.perInstance ?? .infinity, figures.perInstance),
                          min(python?.shared ?? .infinity, figures.shared), figures.version)
            case .failure(let problem):
                pythonProblem = problem.description
            }
        }

        var table = Table(["measure", "instances/s", "events/s", "µs/instance"], rightAligned: [1, 2, 3])
        for mode in Mode.allCases {
            let seconds = best[mode]!
            table.add([mode.label, (Double(count) / seconds).groupedWhole, (Double(count * 5) / seconds).groupedWhole,
                       (seconds / Double(count) * 1e6).fixed(1)])
        }
        if let python {
            table.add(["Python transitions \(python.version): one Machine per instance", (Double(count) / python.perInstance).groupedWhole,
                       (Double(count * 5) / python.perInstance).groupedWhole, (python.perInstance / Double(count) * 1e6).fixed(1)])
            table.add(["Python transitions \(python.version): shared Machine, add_model", (Double(count) / python.shared).groupedWhole,
                       (Double(count * 5) / python.shared).groupedWhole, (python.shared / Double(count) * 1e6).fixed(1)])
        }
        print(table.text)
        print("")
        if let python {
            let baseline = min(python.perInstance, python.shared)
            let ratio = baseline / best[.sealed]!
            print("core + sealed trail / transitions (its faster variant): \(ratio.fixed(2))× "
                + "(goal ≥ \(goal.fixed(1))×: \(ratio >= goal ? "met" : "NOT met"))")
            print("core alone / transitions: \((baseline / best[.core]!).fixed(2))×")
        } else {
            print("Python transitions not measured: \(pythonProblem ?? "unknown problem") "
                + "(pip install transitions==0.9.3)")
        }
        print("last trail hash: \(outcomes[.sealed]?.lastHash.prefix(16) ?? "")…")
        return 0
    }

    /// Runs `count` review loops; seals each event's entry unless `mode` is `.core`.
    static func loops(_ machine: WorkflowMachine, count: Int, mode: Mode) throws -> Outcome {
        var outcome = Outcome()
        var previous: TrailEntry?
        let definition = machine.workflow.sourceHash
        var clock = BenchClock.start.millisecondsSinceEpoch
        let loopActs = Fixtures.loopActs
        for index in 0..<count {
            let id = "review-loop-\(index)"
            clock += 1
            var step = try machine.start(id: id, inputs: [:], now: Instant(millisecondsSinceEpoch: clock))
            var event = CoreEvent.started(inputs: step.state.inputs, by: nil)
            var from = ""
            var person = ""
            outcome.events += 1
            for act in 0...loopActs.count {
                if mode != .core {
                    let details = try EntryDetails.engine(event, notes: step.notes)
                    let state = step.state
                    let to = state.status == .running ? state.currentStates.joined(separator: ",") : state.status.rawValue
                    var entry = TrailEntry(seq: 0, at: clock, instance: id, definition: definition, event: event.name,
                                           fromState: from, toState: to, person: person, account: "bench", host: "bench",
                                           engineVersion: "bench", details: details, previousHash: "")
                    entry.seal(after: previous)
                    previous = entry
                    from = to
                }
                guard act < loopActs.count else { break }
                let next = loopActs[act]
                guard let task = step.state.tasks.first?.id else { throw BenchFailure("no open task in \(id)") }
                clock += 1
                event = .acted(task: task, person: next.person, action: next.action, form: next.form,
                               comment: next.comment, onBehalfBy: nil)
                person = next.person
                step = try machine.apply(event, to: step.state, now: Instant(millisecondsSinceEpoch: clock))
                outcome.events += 1
            }
            if step.state.status == .completed { outcome.completed += 1 }
        }
        outcome.lastHash = previous?.hash ?? ""
        return outcome
    }

    /// States entered by one loop (from the core's notes), checking that it completes.
    static func movesOfOneLoop(_ machine: WorkflowMachine) throws -> Int {
        var step = try machine.start(id: "check", inputs: [:], now: BenchClock.start)
        var moves = step.notes.filter { $0.what.hasPrefix("entered") }.count
        for act in Fixtures.loopActs {
            guard let task = step.state.tasks.first else { throw BenchFailure("no open task before '\(act.action)'") }
            step = try machine.apply(.acted(task: task.id, person: act.person, action: act.action, form: act.form,
                                            comment: act.comment, onBehalfBy: nil), to: step.state, now: BenchClock.start)
            moves += step.notes.filter { $0.what.hasPrefix("entered") }.count
        }
        guard step.state.status == .completed else { throw BenchFailure("the loop ended \(step.state.status.rawValue)") }
        // The rules bite: a reject without a comment and an approve by the writer are refused.
        let fresh = try machine.start(id: "check2", inputs: [:], now: BenchClock.start)
        let submitted = try machine.apply(.acted(task: fresh.state.tasks[0].id, person: "li.ming", action: "submit",
                                                 form: ["summary": "x"], comment: nil, onBehalfBy: nil),
                                          to: fresh.state, now: BenchClock.start)
        let review = submitted.state.tasks[0].id
        for (person, action, comment) in [("zhang.wei", "reject", nil as String?), ("li.ming", "approve", nil)] {
            if (try? machine.apply(.acted(task: review, person: person, action: action, form: [:], comment: comment,
                                          onBehalfBy: nil), to: submitted.state, now: BenchClock.start)) != nil {
                throw BenchFailure("'\(action)' by \(person) was accepted; the benchmark expects a refusal")
            }
        }
        return moves
    }

    struct TransitionsFigures {
        var perInstance: Double
        var shared: Double
        var version: String
    }

    /// One timed run of scripts/bench-transitions.py (its own process; its timing is inside it).
    static func runTransitions(script: URL, count: Int) -> Result<TransitionsFigures, BenchFailure> {
        let result: (status: Int32, output: String)
        do {
            result = try runCaptured("/usr/bin/env", ["python3", script.path, "--instances", String(count), "--repeat", "1"])
        } catch {
            return .failure(BenchFailure("python3 could not be run: \(error)"))
        }
        guard let data = result.output.split(separator: "\n").last.map({ Data($0.utf8) }),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .failure(BenchFailure("the transitions script printed no result (exit \(result.status))"))
        }
        if let problem = object["error"] as? String { return .failure(BenchFailure(problem)) }
        guard let perInstance = object["per_instance"] as? Double, let shared = object["shared"] as? Double else {
            return .failure(BenchFailure("the transitions script's result has no timings"))
        }
        return .success(TransitionsFigures(perInstance: perInstance, shared: shared,
                                           version: object["version"] as? String ?? "?"))
    }
}
