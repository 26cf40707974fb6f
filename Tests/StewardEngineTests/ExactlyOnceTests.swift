import StewardTestSupport
import Foundation
import StewardCore
import StewardEngine
import StewardStore
import StewardTime
import Testing

extension StewardProcesses {
    /// Guarantee 4: many `steward tick` processes overlapping over the same store apply each
    /// timer exactly once, lose none, and leave a trail that verifies and replays.
    @Suite("exactly once under cron")
    struct ExactlyOnceTests {
        /// A wait, then a task with a deadline, an escalation that notifies, and one that decides.
        static let workflow = """
            steward: 1
            id: cron-check
            title: cron check
            start: hold
            states:
              hold:
                type: wait
                for: 1h
                next: review
              review:
                type: task
                assignee: { role: committee }
                due: 1h
                escalate:
                  - after: 30m
                    notify: [{ role: office }]
                  - after: 2h
                    action: expire
                actions:
                  approve: done
                  expire: lapsed
              done: { type: final }
              lapsed: { type: final, outcome: rejected }

            """

        /// 1,000 by default; STEWARD_EXACTLY_ONCE_INSTANCES makes a longer run.
        static let instanceCount = Int(ProcessInfo.processInfo.environment["STEWARD_EXACTLY_ONCE_INSTANCES"] ?? "") ?? 1_000
        static let processCount = 8
        static let t0 = Instant.at("2026-11-02T09:00:00+08:00")

        @Test("1,000 instances, 8 overlapping ticks without the lock", .timeLimit(.minutes(5)))
        func overlappingTicksWithoutLock() throws {
            try runStages(lock: false)
        }

        @Test("1,000 instances, 8 overlapping ticks with the lock", .timeLimit(.minutes(5)))
        func overlappingTicksWithLock() throws {
            try runStages(lock: true)
        }

        private func runStages(lock: Bool) throws {
            let project = try TestProject(workflows: ["cron-check": Self.workflow])
            defer { project.remove() }
            let ids = try seed(project)

            // 1. The waits end: every instance opens its review task.
            let t1 = Self.t0.plus(minutes: 90)
            try tickRound(project, at: t1, lock: lock, expectFired: Self.instanceCount) { state in
                #expect(state.currentStates == ["review"], "\(state.id) is in \(state.currentStates)")
                #expect(state.tasks.count == 1 && state.tasks.first?.overdue == false)
            }
            // 2. The notifying escalation (30 min) and the deadline (1 h) both come due at once.
            try tickRound(project, at: t1.plus(minutes: 75), lock: lock, expectFired: 2 * Self.instanceCount) { state in
                #expect(state.currentStates == ["review"])
                #expect(state.tasks.first?.overdue == true, "\(state.id): the deadline did not mark the task overdue")
            }
            // 3. The deciding escalation (2 h) takes 'expire': every instance ends.
            try tickRound(project, at: t1.plus(minutes: 150), lock: lock, expectFired: Self.instanceCount) { state in
                #expect(state.status == .rejected, "\(state.id) is \(state.status)")
                #expect(state.timers.isEmpty && state.tasks.isEmpty)
            }

            let store = try project.readStore()
            #expect(try store.allTimers().isEmpty)
            let entries = try store.entries()
            // Per instance: started, 4 timers, nothing else.
            let byInstance = Dictionary(grouping: entries, by: \.entry.instance)
            #expect(Set(byInstance.keys) == Set(ids))
            for (id, list) in byInstance {
                #expect(list.map(\.entry.event).sorted() == ["started"] + Array(repeating: "timer-fired", count: 4),
                        "\(id): \(list.map(\.entry.event))")
            }
            // Every instance row is the projection of its entries: one version per entry.
            for row in try store.allInstances() {
                #expect(row.version == Int64(byInstance[row.id]?.count ?? -1), "\(row.id) has version \(row.version)")
            }
            #expect(try store.integrityCheck() == [])
            let verify = try project.steward(["audit", "verify", "--replay"])
            #expect(verify.status == 0, "\(verify)")
            #expect(verify.stdout.contains("replay: \(Self.instanceCount) instances match their trail"), "\(verify)")
        }

        /// Starts the instances in-process (a loop of `steward start` processes would be slow).
        private func seed(_ project: TestProject) throws -> [String] {
            let engine = try project.engine(at: Self.t0, synchronous: .normal)
            var ids: [String] = []
            while ids.count < Self.instanceCount {
                // A collision of the random tail of a new id is a conflict: start another.
                let started: InstanceState? = try Self.retryingConflict { () throws(EngineError) in
                    try engine.start(workflow: "cron-check", inputs: [:], actor: .engine(account: "test", host: "test"))
                }
                if let started { ids.append(started.id) }
            }
            return ids
        }

        static func retryingConflict<T>(_ body: () throws(EngineError) -> T) throws(EngineError) -> T? {
            do {
                return try body()
            } catch {
                if error.kind == .conflict { return nil }
                throw error
            }
        }

        /// Runs 8 `steward tick` processes at once at `now` and checks that exactly the timers
        /// that were due fired, each once, and that every instance passes `check`.
        private func tickRound(_ project: TestProject, at now: Instant, lock: Bool, expectFired: Int,
                               check: (InstanceState) throws -> Void) throws {
            let before = try project.readStore()
            let due = try before.allTimers().filter { $0.dueAt <= now.millisecondsSinceEpoch }
            let seqBefore = try before.read { tx in try tx.lastTrailEntry()?.seq ?? 0 }
            #expect(due.count == expectFired, "expected \(expectFired) due timers before the round, found \(due.count)")

            let arguments = ["tick", "--json"] + (lock ? [] : ["--no-lock"])
            let running = try (0..<Self.processCount).map { _ in try project.spawn(arguments, now: now) }
            let results = running.map { $0.wait() }
            var reported = 0
            for result in results {
                #expect(result.status == 0 && !result.crashed, "\(result)")
                let stderr = result.stderr.lowercased()
                #expect(!stderr.contains("busy") && !stderr.contains("locked"), "\(result)")
                if let data = result.stdout.data(using: .utf8), !result.stdout.isEmpty,
                   let json = try JSONSerialization.jsonObject(with: data) as? [String: Int] {
                    reported += json["timersFired"] ?? 0
                }
            }
        #expect(reported == due.count, "the ticks report \(reported) timers fired, \(due.count) were due")

            let store = try project.readStore()
            // Exactly the due timers fired in this round, each once.
            let fired = try store.entries().filter { $0.entry.seq > seqBefore && $0.entry.event == "timer-fired" }
            let counts = Dictionary(grouping: fired.compactMap(\.timer), by: { $0 }).mapValues(\.count)
            let twice = counts.filter { $0.value != 1 }
            #expect(twice.isEmpty, "timers fired more than once: \(twice.prefix(5))")
            #expect(Set(counts.keys) == Set(due.map(\.id)), "fired \(counts.count) distinct timers of \(due.count) due")
            for entry in fired {
                #expect(due.contains { $0.id == entry.timer && $0.instanceID == entry.entry.instance })
            }
            // None remains due, and every instance moved on.
            #expect(try store.read { tx in try tx.dueTimers(at: now.millisecondsSinceEpoch, limit: 10) }.isEmpty)
            for row in try store.allInstances() { try check(try row.decoded) }
        }
    }
}
