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
            let setAside = try engine.store.entries().filter { $0.entry.event == "timer-set-aside" }.map(\.entry.instance)
            #expect(setAside == [poisoned])
        }
    }
}
