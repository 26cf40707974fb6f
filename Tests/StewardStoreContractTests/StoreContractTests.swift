import Foundation
import StewardAudit
@testable import StewardStore
import Testing

/// What the engine relies on from any store, run against the embedded store and PostgreSQL.
@Suite("store contract")
struct StoreContractTests {
    @Test(arguments: StoreKind.allCases)
    func aStaleVersionIsAConflictAndChangesNothing(kind: StoreKind) throws {
        guard let made = try ContractStore.make(kind) else { return }
        let store = try made.open()
        try Rows.seed(store, instances: ["i-1"])
        var next = Rows.instance("i-1", version: 2)
        try store.write { try $0.updateInstance(next, expectedVersion: 1) }
        next.version = 3
        let error = #expect(throws: StoreError.self) { try store.write { try $0.updateInstance(next, expectedVersion: 1) } }
        #expect(error?.kind == .conflict)
        #expect(try store.read { try $0.loadInstance(id: "i-1")?.version } == 2)
        let missing = #expect(throws: StoreError.self) {
            try store.write { try $0.updateInstance(Rows.instance("i-9", version: 2), expectedVersion: 1) }
        }
        #expect(missing?.kind == .notFound)
        let duplicate = #expect(throws: StoreError.self) { try store.write { try $0.insertInstance(Rows.instance("i-1")) } }
        #expect(duplicate?.kind == .conflict)
    }

    @Test(arguments: StoreKind.allCases)
    func aFailedTransactionLeavesNothing(kind: StoreKind) throws {
        guard let made = try ContractStore.make(kind) else { return }
        let store = try made.open()
        try Rows.seed(store, instances: ["i-1"])
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try store.write { tx in
                try tx.insertInstance(Rows.instance("i-2"))
                _ = try tx.appendTrail(Rows.entry("started", instance: "i-2"))
                throw Stop()
            }
        }
        try store.read { tx throws in
            #expect(try tx.loadInstance(id: "i-2") == nil)
            #expect(try tx.trailCount() == 0)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aTimerIsClaimedOnceAcrossConnections(kind: StoreKind) throws {
        guard let made = try ContractStore.make(kind) else { return }
        let first = try made.open()
        let second = try made.open()
        try Rows.seed(first, instances: ["i-1"])
        try first.write { try $0.setTimer(TimerRow(id: "t-1", instanceID: "i-1", kind: "deadline", dueAt: 10)) }
        #expect(try second.read { try $0.dueTimers(at: 10, limit: 5).map(\.id) } == ["t-1"])
        let claims = try [first, second].map { store in try store.write { try $0.deleteTimer(id: "t-1") } }
        #expect(claims.filter { $0 }.count == 1)
        #expect(try second.read { try $0.dueTimers(at: 10, limit: 5) }.isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func anIntentIsRecordedOnceAndFinishedOnce(kind: StoreKind) throws {
        guard let made = try ContractStore.make(kind) else { return }
        let store = try made.open()
        try Rows.seed(store, instances: ["i-1"])
        let step = StepRow(key: "i-1/publish/1", instanceID: "i-1", state: "publish", handler: "webhook", attempt: 1,
                           status: .intent, startedAt: 5)
        #expect(try store.write { try $0.recordIntent(step) })
        #expect(try !store.write { try $0.recordIntent(step) })
        #expect(try store.read { try $0.pendingIntents(limit: 5).map(\.key) } == ["i-1/publish/1"])
        #expect(try store.write { try $0.finishStep(key: step.key, status: .done, at: 9, result: "{}") })
        #expect(try !store.write { try $0.finishStep(key: step.key, status: .failed, at: 9, result: nil) })
        #expect(try store.read { try $0.loadStep(key: step.key)?.status } == .done)
    }

    @Test(arguments: StoreKind.allCases)
    func theInboxFindsTasksByPersonAndRoleInOrder(kind: StoreKind) throws {
        guard let made = try ContractStore.make(kind) else { return }
        let store = try made.open()
        try Rows.seed(store, instances: ["i-1"])
        try store.write { tx in
            try tx.upsertTask(TaskRow(id: "k-b", instanceID: "i-1", state: "review", title: "审议计划",
                                      assignees: [], roles: ["委员会"], openedAt: 20, dueAt: 90, status: .open))
            try tx.upsertTask(TaskRow(id: "k-a", instanceID: "i-1", state: "draft", title: "起草计划",
                                      assignees: ["li.ming"], roles: [], openedAt: 10, dueAt: nil, status: .open))
        }
        try store.read { tx throws in
            #expect(try tx.openTasks(person: "li.ming", roles: ["委员会"], limit: 10).map(\.id) == ["k-a", "k-b"])
            #expect(try tx.openTasks(person: nil, roles: ["委员会"], limit: 10).map(\.id) == ["k-b"])
            #expect(try tx.openTasks(person: "wang.fang", roles: [], limit: 10).isEmpty)
        }
        #expect(try store.write { try $0.closeTask(id: "k-a") })
        #expect(try store.read { try $0.openTasks(person: "li.ming", roles: [], limit: 10) }.isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func theTrailIsChainedAndReadBackAsWritten(kind: StoreKind) throws {
        guard let made = try ContractStore.make(kind) else { return }
        let store = try made.open()
        try Rows.seed(store, instances: ["i-1", "i-2"])
        let written = try store.write { tx in
            try ["started", "acted", "completed"].map { try tx.appendTrail(Rows.entry($0, instance: "i-1")) }
        }
        #expect(written.map(\.seq) == [1, 2, 3])
        #expect(written[0].previousHash == TrailEntry.genesisHash)
        #expect(written[1].previousHash == written[0].hash)
        for entry in written { #expect(entry.hash == entry.computeHash()) }
        let read = try store.read { try $0.trailEntries(from: 1, batch: 10) }
        #expect(read == written)
        #expect(try store.read { try $0.lastTrailEntry() } == written.last)
    }
}
