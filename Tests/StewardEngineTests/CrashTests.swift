import StewardTestSupport
import Foundation
import StewardCore
import StewardEngine
import StewardStore
import StewardTime
import Testing

extension StewardProcesses {
    /// Guarantees 2 and 4 under SIGKILL: `steward act` and `steward tick` killed at random
    /// moments leave a sound file, a trail that verifies and replays, and no acknowledged
    /// action lost or applied twice. `scripts/crash-loop N` is the long version.
    @Suite("crash")
    struct CrashTests {
        /// Five voters must all approve; a deadline and a wait give the ticks work.
        static let workflow = """
            steward: 1
            id: crash-vote
            title: crash vote
            start: vote
            states:
              vote:
                type: task
                assignee: { role: voters }
                quorum: all
                due: 30m
                form:
                  note: { type: string }
                actions:
                  approve: cool
              cool:
                type: wait
                for: 20m
                next: done
              done: { type: final }

            """

        static let voters = ["ann", "bob", "cat", "dan", "eve"]
        static let t0 = Instant.at("2026-11-02T09:00:00+08:00")
        static let loops = 120
        static let instances = 24

        /// What the runs acknowledged (exit 0) and what they may have done before being killed.
        struct Key: Hashable, CustomStringConvertible {
            let instance: String
            let person: String
            var description: String { "\(person) on \(instance)" }
        }

        @Test("act and tick killed at random moments", .timeLimit(.minutes(5)))
        func killedAtRandom() throws {
            let seed = UInt64(ProcessInfo.processInfo.environment["STEWARD_CRASH_SEED"] ?? "") ?? 20_261_102
            var random = SeededGenerator(seed: seed)
            let project = try TestProject(workflows: ["crash-vote": Self.workflow])
            defer { project.remove() }
            let engine = try project.engine(at: Self.t0, synchronous: .normal)
            var ids: [String] = []
            for _ in 0..<Self.instances {
                ids.append(try engine.start(workflow: "crash-vote", inputs: [:], actor: .engine(account: "test", host: "test")).id)
            }
            var acknowledged = Set<Key>()
            var killed = 0
            var finishedAlone = 0

            for loop in 0..<Self.loops {
                let now = Self.t0.plus(minutes: Int64(loop))
                // One or two processes at once: an act, a tick, or both overlapping.
                let kind = Int.random(in: 0..<4, using: &random)
                var acts: [(Key, StewardProcess.Running)] = []
                var ticks: [StewardProcess.Running] = []
                if kind != 1 {
                    let key = Key(instance: ids.randomElement(using: &random)!, person: Self.voters.randomElement(using: &random)!)
                    acts.append((key, try project.spawn(["act", key.instance, "approve", "--as", key.person,
                                                          "--field", "note=loop \(loop)"], now: now)))
                }
                if kind != 0 {
                    ticks.append(try project.spawn(["tick"] + (Bool.random(using: &random) ? ["--no-lock"] : []), now: now))
                }
                let all = acts.map(\.1) + ticks
                // Mostly within 30 ms (mid-transaction); one loop in four waits longer, so that some
                // processes end by themselves even on a loaded machine.
                let delay = Int.random(in: 0..<4, using: &random) == 0 ? UInt32.random(in: 100_000..<250_000, using: &random)
                    : UInt32.random(in: 0..<30_000, using: &random)
                usleep(delay)  // the random moment of the crash, not a synchronisation
                for process in all where process.process.isRunning { process.kill() }

                for (key, process) in acts {
                    let result = process.wait()
                    if result.crashed {
                        #expect(result.status == SIGKILL, "loop \(loop): died of signal \(result.status), not the kill")
                        killed += 1
                        continue
                    }
                    finishedAlone += 1
                    // 0 done; 4 already done (this person voted, the task is closed, the instance ended).
                    #expect(result.status == 0 || result.status == 4, "loop \(loop) act \(key): \(result)")
                    if result.status == 0 { acknowledged.insert(key) }
                }
                for process in ticks {
                    let result = process.wait()
                    if result.crashed {
                        #expect(result.status == SIGKILL, "loop \(loop): died of signal \(result.status), not the kill")
                        killed += 1
                        continue
                    }
                    finishedAlone += 1
                    #expect(result.status == 0, "loop \(loop) tick: \(result)")
                }
                let problems = try Self.problems(in: project, acknowledged: acknowledged, replay: loop % 10 == 9)
                #expect(problems.isEmpty, "seed \(seed), loop \(loop): \(problems.prefix(10))")
                if !problems.isEmpty { break }  // the first broken loop says it all
            }
            // Both kinds of ending happened, so the run tested something.
            #expect(killed > Self.loops / 4, "only \(killed) processes were killed")
            #expect(finishedAlone > 10, "only \(finishedAlone) processes finished before the kill")
            let verify = try project.steward(["audit", "verify", "--replay"])
            #expect(verify.status == 0, "\(verify)")
        }

        /// Everything a crash must not break, read from the store the processes left; empty when all holds.
        static func problems(in project: TestProject, acknowledged: Set<Key>, replay: Bool) throws -> [String] {
            var problems: [String] = []
            let store = try project.readStore()
            problems += try store.integrityCheck().map { "integrity_check: \($0)" }
            let chain = try Engine.verifyChain(store: store, checkpoints: [], trustedKey: nil)
            if let failure = chain.failure { problems.append("audit verify: \(failure.message)") }

            let entries = try store.entries()
            // One acted/voted entry per person and task, at most; exactly one when acknowledged.
            var votes: [Key: Int] = [:]
            var perTask: [String: Int] = [:]
            for entry in entries where entry.entry.event == "acted" || entry.entry.event == "voted" {
                votes[Key(instance: entry.entry.instance, person: entry.entry.person), default: 0] += 1
                perTask["\(entry.task ?? "?")/\(entry.entry.person)", default: 0] += 1
            }
            for (key, count) in votes where count > 1 { problems.append("\(key) applied \(count) times") }
            for (key, count) in perTask where count > 1 { problems.append("vote \(key) applied \(count) times") }
            for key in acknowledged where votes[key] != 1 {
                problems.append("acknowledged \(key) has \(votes[key] ?? 0) entries")
            }
            // Each row is the projection of its entries: its version counts them, its votes are unique.
            let counted = Dictionary(grouping: entries.filter { $0.entry.event != "refused" && $0.entry.event != "step-flagged" },
                                     by: \.entry.instance).mapValues(\.count)
            let rows = try store.allInstances()
            if rows.count != instances { problems.append("\(rows.count) instances, not \(instances)") }
            for row in rows {
                if row.version != Int64(counted[row.id] ?? 0) {
                    problems.append("\(row.id) has version \(row.version) but \(counted[row.id] ?? 0) entries")
                }
                let state = try row.decoded
                for task in state.tasks {
                    if Set(task.votes.map(\.person)).count != task.votes.count { problems.append("\(task.id) holds a vote twice") }
                    for vote in task.votes where votes[Key(instance: row.id, person: vote.person)] != 1 {
                        problems.append("\(row.id) holds \(vote.person)'s vote without its entry")
                    }
                }
                if let actors = state.scopes.first?.records["vote"]?.actors, actors.sorted() != voters {
                    problems.append("\(row.id) was decided by \(actors)")
                }
            }
            if replay {
                let project = try Project.load(configFile: project.configFile)
                let engine = Engine(project: project, store: store, version: "test", clock: { Self.t0 },
                                    identity: .engine(account: "test", host: "test"))
                let (checked, mismatches) = try engine.replayAll()
                problems += mismatches.map { "replay: \($0.instance): \($0.message)" }
                if checked != instances { problems.append("replay checked \(checked) instances") }
            }
            return problems
        }
    }
}
