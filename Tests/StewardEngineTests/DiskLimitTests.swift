import StewardTestSupport
import Foundation
import StewardCore
import StewardEngine
import StewardStore
import StewardTime
import Testing

extension StewardProcesses {
    /// A write that the disk refuses (here: the file-size limit, `ulimit -f`, which needs no
    /// root and no special file system) fails with exit 5, changes nothing, and the store works
    /// again once there is room. SQLITE_FULL itself is covered by StewardStoreTests.
    @Suite("disk limit")
    struct DiskLimitTests {
        static let now = Instant.at("2026-11-02T09:00:00+08:00")

        @Test("act and tick under a file-size limit fail with 5 and leave the store as it was")
        func writesRefusedByTheDisk() throws {
            let project = try TestProject(workflows: ["refusals": RefusalTests.workflow])
            defer { project.remove() }
            // This engine's connection stays open, so the WAL stays and each process appends to it.
            let engine = try project.engine(at: Self.now)
            let id = try engine.start(workflow: "refusals", inputs: [:], actor: .engine(account: "test", host: "test")).id
            let wal = project.storePath + "-wal"
            let size = try #require(try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int)
            let before = try Snapshot(project, id)
            let later = Self.now.plus(minutes: 120)  // the draft's 1 h deadline is due

            for (arguments, now) in [(["act", id, "submit", "--as", "ann", "--field", "count=1"], Self.now), (["tick"], later)] {
                let result = try Self.limited(project, arguments, now: now, kilobytes: size / 1024)
                #expect(result.status == 5, "\(arguments): \(result)")
                #expect(result.stderr.hasPrefix("steward: error: the store could not be read or written"), "\(result)")
                #expect(!result.crashed)
                let after = try Snapshot(project, id)
                after.expectSameInstance(as: before)
                #expect(after.entries.count == before.entries.count)
                #expect(try #require(engine.store as? SQLiteStore).integrityCheck() == [])
            }

            // Room again: the same commands work, the timer fires once, the chain goes on.
            #expect(try project.steward(["act", id, "submit", "--as", "ann", "--field", "count=1"], now: Self.now).status == 0)
            #expect(try project.steward(["tick"], now: later).status == 0)
            let entries = try project.readStore().entries()
            #expect(entries.map(\.entry.event) == ["started", "acted"])
            #expect(entries.map(\.entry.seq) == [1, 2])
            let verify = try project.steward(["audit", "verify", "--replay"])
            #expect(verify.status == 0, "\(verify)")
        }

        @Test("a tick under the limit leaves its due timers for the next tick")
        func tickKeepsDueTimers() throws {
            let project = try TestProject(workflows: ["cron-check": ExactlyOnceTests.workflow])
            defer { project.remove() }
            let engine = try project.engine(at: Self.now)
            var ids: [String] = []
            for _ in 0..<20 {
                ids.append(try engine.start(workflow: "cron-check", inputs: [:], actor: .engine(account: "test", host: "test")).id)
            }
            let size = try #require(try FileManager.default.attributesOfItem(atPath: project.storePath + "-wal")[.size] as? Int)
            let later = Self.now.plus(minutes: 90)
            let timers = try engine.store.allTimers()
            let limited = try Self.limited(project, ["tick"], now: later, kilobytes: size / 1024)
            #expect(limited.status == 5, "\(limited)")
            #expect(try engine.store.allTimers() == timers)
            #expect(try engine.store.entries().count == ids.count)

            let result = try project.steward(["tick", "--json"], now: later)
            #expect(result.status == 0 && result.stdout.contains("\"timersFired\" : 20"), "\(result)")
            let fired = try engine.store.entries().filter { $0.entry.event == "timer-fired" }
            #expect(Set(fired.map(\.entry.instance)) == Set(ids) && fired.count == ids.count)
        }

        /// Runs steward with `ulimit -f` (and SIGXFSZ ignored, so the write fails instead of killing it).
        static func limited(_ project: TestProject, _ arguments: [String], now: Instant, kilobytes: Int) throws -> StewardProcess.Result {
            let command = "trap '' XFSZ; ulimit -f \(kilobytes); exec \"$0\" \"$@\""
            return try StewardProcess.Running(["-c", command, StewardProcess.binary.path] + arguments, in: project.root,
                                              environment: ["STEWARD_NOW": now.iso8601],
                                              executable: URL(fileURLWithPath: "/bin/bash")).wait()
        }
    }
}
