import StewardTestSupport
import Foundation
import StewardCore
import StewardEngine
import StewardStore
import StewardTime
import Testing

extension StewardProcesses {
    /// One instance the engine cannot load (its pinned definition no longer compiles under
    /// this Steward's validator, or its row is damaged) must not stop the timers of all others.
    @Suite("a timer the engine cannot apply")
    struct PoisonTimerTests {
        static let now = Instant.at("2026-11-02T09:00:00+08:00")

        @Test("other instances' timers still fire")
        func otherTimersStillFire() throws {
            let project = try TestProject(workflows: ["cron-check": ExactlyOnceTests.workflow])
            defer { project.remove() }
            let engine = try project.engine(at: Self.now)
            var ids: [String] = []
            for _ in 0..<5 {
                ids.append(try engine.start(workflow: "cron-check", inputs: [:], actor: .engine(account: "test", host: "test")).id)
            }
            // The earliest timer belongs to an instance whose stored definition no longer compiles
            // (as after an upgrade that made the validator stricter).
            let poisoned = try #require(try engine.store.allTimers().first?.instanceID)
            try engine.store.write { tx in
                _ = try tx.insertDefinition(DefinitionRow(hash: String(repeating: "ab", count: 32), workflowID: "cron-check",
                                                          source: Array("steward: 1\nid: cron-check\n".utf8), createdAt: 0))
                let row = try #require(try tx.loadInstance(id: poisoned))
                var changed = row
                changed.definitionHash = String(repeating: "ab", count: 32)
                try tx.updateInstance(changed, expectedVersion: row.version)
            }
            let result = try project.steward(["tick"], now: Self.now.plus(minutes: 90))
            let fired = Set(try engine.store.entries().filter { $0.entry.event == "timer-fired" }.map(\.entry.instance))
            #expect(result.status == 0, "\(result)")
            #expect(fired == Set(ids).subtracting([poisoned]))
            #expect(result.stdout.contains("1 timers failed (tried again next tick)"), "\(result)")
            // Each failure is recorded; the timer stays until the budget is spent.
            for tick in 2...Engine.timerFailureBudget {
                let again = try project.steward(["tick"], now: Self.now.plus(minutes: 90 + Int64(tick)))
                #expect(again.status == 0, "\(again)")
            }
            let entries = try engine.store.entries(instance: poisoned)
            #expect(entries.filter { $0.entry.event == "timer-failed" }.count == Engine.timerFailureBudget - 1)
            let setAside = try engine.store.entries().filter { $0.entry.event == "timer-set-aside" }
            #expect(setAside.map(\.entry.instance) == [poisoned])
            #expect((setAside.first?.details["notices"] as? [[String: Any]])?.first?["people"] as? [String] == ["boss"],
                    "the admins are told")
            #expect(try engine.store.allTimers().filter { $0.instanceID == poisoned }.count < 3)

            // Put back by an admin: the set-aside timer is in the table again; others may not.
            let refused = try project.steward(["retry", poisoned, "--as", "ann"])
            #expect(refused.status == 2, "\(refused)")
            let before = try engine.store.allTimers().filter { $0.instanceID == poisoned }.count
            let retried = try project.steward(["retry", poisoned, "--as", "boss"])
            #expect(retried.status == 0, "\(retried)")
            #expect(retried.stdout.contains("put back"), "\(retried)")
            #expect(try engine.store.allTimers().filter { $0.instanceID == poisoned }.count == before + 1)
            #expect(try engine.store.entries(instance: poisoned).contains { $0.entry.event == "timer-restored" })
            let nothing = try project.steward(["retry", poisoned, "--as", "boss"])
            #expect(nothing.status == 3, "\(nothing)")
        }

        @Test("a store locked past the busy timeout stops the tick (5) and the timer stays for the next one")
        func lockedStoreKeepsTheTimer() throws {
            let project = try TestProject(workflows: ["cron-check": ExactlyOnceTests.workflow])
            defer { project.remove() }
            let started = try project.engine(at: Self.now).start(workflow: "cron-check", inputs: [:],
                                                                  actor: .engine(account: "test", host: "test"))
            let later = Self.now.plus(minutes: 90)
            let store = try SQLiteStore(path: project.storePath, options: SQLiteStore.Options(busyTimeout: .milliseconds(200)))
            let engine = Engine(project: try Project.load(configFile: project.configFile), store: store, version: "test",
                                clock: { later }, identity: .engine(account: "test", host: "test"))
            // Another process holds the write lock for half a second: longer than one busy
            // timeout, shorter than two (the old tick gave the timer up once the lock was gone).
            let holder = try SQLiteStore(path: project.storePath, options: SQLiteStore.Options())
            let locked = DispatchSemaphore(value: 0)
            let done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                try? holder.write { _ in
                    locked.signal()
                    Thread.sleep(forTimeInterval: 0.5)
                }
                done.signal()
            }
            locked.wait()
            let failure = #expect(throws: EngineError.self) { try engine.tick() }
            #expect(failure?.exitCode == 5)
            #expect(failure?.isStoreUnavailable == true, "\(String(describing: failure))")
            done.wait()
            #expect(try engine.store.entries().allSatisfy { $0.entry.event != "timer-set-aside" && $0.entry.event != "timer-failed" })
            #expect(try engine.tick().timersFired >= 1, "the timer is still there for the next tick")
            #expect(try engine.instance(started.id).currentStates == ["review"])
        }
    }
}
