import Testing
@testable import StewardStore

@Suite("instances, definitions and transactions")
struct InstanceTests {
    @Test func definitionsAreInsertedOnlyIfAbsent() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        var changed = Fixture.definition()
        changed.source = Array("something else".utf8)
        #expect(try store.write { try $0.insertDefinition(changed) } == false)
        #expect(try store.read { try $0.loadDefinition(hash: Fixture.definitionHash) } == Fixture.definition())
        #expect(try store.read { try $0.loadDefinition(hash: "none") } == nil)
    }

    @Test func versionCheckGivesConflictAndChangesNothing() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        var next = Fixture.instance("i-1", version: 2)
        next.state = Array(#"{"state":"review"}"#.utf8)
        try store.write { try $0.updateInstance(next, expectedVersion: 1) }
        #expect(try store.read { try $0.loadInstance(id: "i-1") } == next)

        var stale = Fixture.instance("i-1", version: 2, status: .cancelled)
        stale.updatedAt = 5_000
        let error = storeError {
            try store.write { tx throws in
                _ = try tx.appendTrail(Fixture.entry("cancelled"))
                try tx.updateInstance(stale, expectedVersion: 1)
            }
        }
        #expect(error?.kind == .conflict)
        #expect(error?.message.contains("changed meanwhile: re-read and retry") == true)
        #expect(try store.read { try $0.loadInstance(id: "i-1") } == next)
        #expect(try store.read { try $0.trailCount() } == 0)
    }

    /// The usual update sets only the state and version; a new status, definition or parent
    /// takes the full update. Either way the row and the indexes say the same afterwards.
    @Test func updatesWithAndWithoutANewStatusOrDefinition() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder, instances: ["i-1", "i-2"])
        try store.write { tx throws in
            try tx.insertDefinition(Fixture.definition(hash: String(repeating: "cd", count: 32)))
        }
        var same = Fixture.instance("i-1", version: 2, state: Array("second".utf8))
        same.updatedAt = 2_000
        try store.write { try $0.updateInstance(same, expectedVersion: 1) }
        var ended = Fixture.instance("i-2", version: 2, status: .completed, state: Array("done".utf8))
        ended.definitionHash = String(repeating: "cd", count: 32)
        ended.parentID = "i-1"
        try store.write { try $0.updateInstance(ended, expectedVersion: 1) }
        #expect(try store.read { try $0.loadInstance(id: "i-1") } == same)
        #expect(try store.read { try $0.loadInstance(id: "i-2") } == ended)
        #expect(try store.read { try $0.instances(status: .running, limit: 10).map(\.id) } == ["i-1"])
        #expect(try store.read { try $0.instances(status: .completed, limit: 10).map(\.id) } == ["i-2"])
        #expect(try store.read { try $0.childInstances(of: "i-1").map(\.id) } == ["i-2"])
        #expect(try store.integrityCheck().isEmpty)
        // A stale version is a conflict on either path.
        #expect(storeError { try store.write { try $0.updateInstance(same, expectedVersion: 1) } }?.kind == .conflict)
        #expect(storeError { try store.write { try $0.updateInstance(ended, expectedVersion: 1) } }?.kind == .conflict)
    }

    @Test func updatingAMissingInstanceIsNotFound() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        let error = storeError { try store.write { try $0.updateInstance(Fixture.instance("nope"), expectedVersion: 1) } }
        #expect(error?.kind == .notFound)
    }

    @Test func duplicateInstanceIsConflictAndUnknownDefinitionIsConstraint() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        #expect(storeError { try store.write { try $0.insertInstance(Fixture.instance("i-1")) } }?.kind == .conflict)
        var orphan = Fixture.instance("i-2")
        orphan.definitionHash = "unknown"
        #expect(storeError { try store.write { try $0.insertInstance(orphan) } }?.kind == .constraint)
    }

    @Test func anyThrownErrorRollsBackEveryRow() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteStore(path: folder.path("steward.db"))
        #expect(throws: Abort.self) {
            try store.write { tx throws in
                try tx.insertDefinition(Fixture.definition())
                try tx.insertInstance(Fixture.instance("i-1"))
                _ = try tx.appendTrail(Fixture.entry("started"))
                try tx.setMeta("k", "v")
                throw Abort()
            }
        }
        // A store error half-way (a duplicate) rolls back the rows written before it too.
        let error = storeError {
            try store.write { tx throws in
                try tx.insertDefinition(Fixture.definition())
                try tx.insertInstance(Fixture.instance("i-1"))
                try tx.insertInstance(Fixture.instance("i-1"))
            }
        }
        #expect(error?.kind == .conflict)
        try store.read { tx throws in
            #expect(try tx.loadDefinition(hash: Fixture.definitionHash) == nil)
            #expect(try tx.loadInstance(id: "i-1") == nil)
            #expect(try tx.trailCount() == 0)
            #expect(try tx.meta("k") == nil)
        }
        #expect(try store.rawInt("SELECT count(*) FROM instances") == 0)
    }

    @Test func listsAndCountsByStatusWorkflowAndParent() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder, instances: ["a", "b", "c"])
        var child = Fixture.instance("d", status: .completed)
        child.parentID = "a"
        try store.write { try $0.insertInstance(child) }
        try store.read { tx throws in
            #expect(try tx.instances(status: .running, limit: 10).map(\.id) == ["a", "b", "c"])
            #expect(try tx.instances(status: .running, after: "a", limit: 1).map(\.id) == ["b"])
            #expect(try tx.instances(workflow: "leave-request", limit: 10).count == 4)
            #expect(try tx.childInstances(of: "a") == [child])
            #expect(try tx.instanceCounts() == [.running: 3, .completed: 1])
        }
        #expect(try store.plan("SELECT id FROM instances WHERE status = ? AND id > ? ORDER BY id").contains("instances_status"))
    }

    @Test("a whole id is one primary-key lookup; a part of one is compared with every id")
    func wholeIDIsOneLookup() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder, instances: ["a-1", "b-1", "c-2", "d-3"])
        let before = store.fullScanSteps
        #expect(try store.read { try $0.hasInstance(id: "c-2") })
        #expect(try store.read { try !$0.hasInstance(id: "c") })
        #expect(store.fullScanSteps == before)
        #expect(try store.read { try $0.instanceIDs(matching: "-1", limit: 6) } == ["a-1", "b-1"])
        #expect(store.fullScanSteps > before)
    }
}
