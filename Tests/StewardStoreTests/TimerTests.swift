import Foundation
import Testing
@testable import StewardStore

@Suite("timers, ready list and schedules")
struct TimerTests {
    @Test func dueTimersComeInOrderUpToTheLimit() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder, instances: ["i-1", "i-2"])
        try store.write { tx throws in
            try tx.setTimer(TimerRow(id: "t-c", instanceID: "i-1", kind: "deadline", dueAt: 300))
            try tx.setTimer(TimerRow(id: "t-b", instanceID: "i-2", kind: "reminder", dueAt: 100))
            try tx.setTimer(TimerRow(id: "t-a", instanceID: "i-1", kind: "reminder", dueAt: 100))
            try tx.setTimer(TimerRow(id: "t-d", instanceID: "i-2", kind: "escalation", dueAt: 900, payload: #"{"to":"boss"}"#))
        }
        try store.read { tx throws in
            #expect(try tx.dueTimers(at: 300, limit: 10).map(\.id) == ["t-a", "t-b", "t-c"])
            #expect(try tx.dueTimers(at: 300, limit: 2).map(\.id) == ["t-a", "t-b"])
            #expect(try tx.dueTimers(at: 99, limit: 10).isEmpty)
            #expect(try tx.nextTimerDue() == 100)
            #expect(try tx.timers(forInstance: "i-2").map(\.id) == ["t-b", "t-d"])
        }
        try store.write { tx throws in
            try tx.replaceTimers(forInstance: "i-2", with: [TimerRow(id: "t-e", instanceID: "i-2", kind: "retry", dueAt: 50)])
        }
        #expect(try store.read { try $0.dueTimers(at: 1_000, limit: 10).map(\.id) } == ["t-e", "t-a", "t-c"])
    }

    @Test func dueTimersUsesTheDueIndexWithoutSorting() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        let plan = try store.plan(Queries.dueTimers)
        #expect(plan.contains("SEARCH timers USING INDEX timers_due (due_at<?)"))
        #expect(!plan.contains("TEMP B-TREE"))
        #expect(!plan.contains("SCAN"))
    }

    @Test(arguments: [Queries.readyInstances, Queries.pendingIntents, Queries.overdueTasks])
    func tickQueriesNeverSortOrScanTables(sql: String) throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        let plan = try store.plan(sql)
        #expect(plan.contains("USING INDEX") || plan.contains("USING COVERING INDEX"))
        #expect(!plan.contains("TEMP B-TREE"))
    }

    @Test func deleteTimerClaimsExactlyOnceAcrossTwoConnections() throws {
        let folder = try TemporaryFolder()
        let first = try Fixture.store(in: folder)
        let second = try SQLiteStore(path: folder.path("steward.db"))
        try first.write { try $0.setTimer(TimerRow(id: "t-1", instanceID: "i-1", kind: "deadline", dueAt: 1)) }
        let claims = try [first, second].map { store in try store.write { try $0.deleteTimer(id: "t-1") } }
        #expect(claims.sorted { !$0 && $1 } == [false, true])
    }

    @Test func concurrentTicksClaimEveryTimerOnce() throws {
        let folder = try TemporaryFolder()
        let setup = try Fixture.store(in: folder)
        let ids = (0..<200).map { "t-\($0)" }
        try setup.write { tx throws in
            for id in ids { try tx.setTimer(TimerRow(id: id, instanceID: "i-1", kind: "deadline", dueAt: 1)) }
        }
        let stores = try (0..<2).map { _ in try SQLiteStore(path: folder.path("steward.db")) }
        let claimed = Claims()
        DispatchQueue.concurrentPerform(iterations: stores.count) { index in
            for id in ids {
                if (try? stores[index].write({ try $0.deleteTimer(id: id) })) == true { claimed.add(id) }
            }
        }
        #expect(claimed.sorted == ids.sorted())
        #expect(try setup.read { try $0.dueTimers(at: 10, limit: 10) }.isEmpty)
    }

    @Test func readyListKeepsTheEarliestSince() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder, instances: ["i-1", "i-2"])
        try store.write { tx throws in
            try tx.markReady(instance: "i-2", since: 50)
            try tx.markReady(instance: "i-1", since: 70)
            try tx.markReady(instance: "i-1", since: 90)
        }
        #expect(try store.read { try $0.readyInstances(limit: 10) }
                == [ReadyRow(instanceID: "i-2", since: 50), ReadyRow(instanceID: "i-1", since: 70)])
        #expect(try store.write { try $0.clearReady(instance: "i-2") })
        #expect(try store.write { try $0.clearReady(instance: "i-2") } == false)
        #expect(try store.read { try $0.readyInstances(limit: 10).map(\.instanceID) } == ["i-1"])
    }

    @Test func schedulesRememberTheLastFire() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        try store.write { tx throws in
            try tx.setLastFire(workflow: "weekly", entry: 1, at: 10)
            try tx.setLastFire(workflow: "weekly", entry: 0, at: 20)
            try tx.setLastFire(workflow: "weekly", entry: 1, at: 30)
        }
        try store.read { tx throws in
            #expect(try tx.lastFire(workflow: "weekly", entry: 1) == 30)
            #expect(try tx.lastFire(workflow: "daily", entry: 0) == nil)
            #expect(try tx.schedules(workflow: "weekly").map(\.lastFire) == [20, 30])
            #expect(try tx.schedules().count == 2)
        }
    }
}

/// Ids claimed by concurrent workers.
final class Claims: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []

    func add(_ id: String) { lock.withLock { ids.append(id) } }
    var sorted: [String] { lock.withLock { ids.sorted() } }
}
