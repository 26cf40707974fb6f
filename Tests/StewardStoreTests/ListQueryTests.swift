import Testing
@testable import StewardStore

/// The lists of `steward status` and `steward tasks`: a page is a range of an index, a
/// count is a count, and a position stays where it was.
@Suite("list queries")
struct ListQueryTests {
    /// Instances a, b, c started at 1000, d and e at 2000 (the fixture's workflow), f at 3000
    /// of another workflow; b completed.
    private func store(in folder: TemporaryFolder) throws -> SQLiteStore {
        let store = try Fixture.store(in: folder, instances: [])
        try store.write { tx throws in
            for (id, time) in [("a", 1_000), ("b", 1_000), ("c", 1_000), ("d", 2_000), ("e", 2_000)] as [(String, Int64)] {
                var row = Fixture.instance(id, status: id == "b" ? .completed : .running)
                row.createdAt = time
                try tx.insertInstance(row)
            }
            var other = Fixture.instance("f")
            other.workflowID = "expenses"
            other.createdAt = 3_000
            try tx.insertInstance(other)
        }
        return store
    }

    @Test("newest first, then by id; a page goes on after a position; counts up to it")
    func pagesAndCounts() throws {
        let folder = try TemporaryFolder()
        let store = try store(in: folder)
        try store.read { tx throws in
            #expect(try tx.instances(InstanceFilter(), limit: 10).map(\.id) == ["f", "e", "d", "c", "b", "a"])
            let d = try #require(try tx.listPosition(ofInstance: "d"))
            #expect(d == ListPosition(time: 2_000, id: "d"))
            #expect(try tx.instances(InstanceFilter(), after: d, limit: 2).map(\.id) == ["c", "b"])
            #expect(try tx.instanceCount(InstanceFilter(), through: d) == 3)
            #expect(try tx.instanceCount(InstanceFilter()) == 6)
            // b no longer matches `running`, yet a page after it goes on from where it stands.
            let b = try #require(try tx.listPosition(ofInstance: "b"))
            let running = InstanceFilter(status: .running)
            #expect(try tx.instances(running, after: b, limit: 10).map(\.id) == ["a"])
            #expect(try tx.instanceCount(running, through: b) == 4)
            #expect(try tx.instances(InstanceFilter(workflow: "leave-request", since: 2_000), limit: 10).map(\.id) == ["e", "d"])
            #expect(try tx.instanceCount(InstanceFilter(workflow: "expenses")) == 1)
            #expect(try tx.listPosition(ofInstance: "nope") == nil)
            #expect(try tx.hasInstance(id: "a"))
            #expect(try !tx.hasInstance(id: "nope"))
        }
    }

    @Test("a person takes part through an open task or an entry of theirs that is not a refusal")
    func person() throws {
        let folder = try TemporaryFolder()
        let store = try store(in: folder)
        try store.write { tx throws in
            try tx.upsertTask(TaskRow(id: "a.task1", instanceID: "a", state: "review", title: "Review", assignees: ["ana"],
                                      openedAt: 1_000))
            try tx.upsertTask(TaskRow(id: "c.task1", instanceID: "c", state: "review", title: "Review", assignees: ["ana"],
                                      openedAt: 1_000))
            try tx.closeTask(id: "c.task1")
            _ = try tx.appendTrail(Fixture.entry("acted", instance: "d", person: "ana"))
            _ = try tx.appendTrail(Fixture.entry("refused", instance: "e", person: "ana"))
        }
        try store.read { tx throws in
            #expect(try tx.instances(InstanceFilter(person: "ana"), limit: 10).map(\.id) == ["d", "a"])
            #expect(try tx.instanceCount(InstanceFilter(person: "ana")) == 2)
            #expect(try tx.instances(InstanceFilter(status: .running, person: "ana"), limit: 1).map(\.id) == ["d"])
            #expect(try tx.instanceCount(InstanceFilter(person: "bo")) == 0)
        }
    }

    @Test("open tasks by person, workflow and opening time, oldest first, a page after a position")
    func tasks() throws {
        let folder = try TemporaryFolder()
        let store = try store(in: folder)
        try store.write { tx throws in
            for (id, instance, people, time) in [("a.task1", "a", ["ana"], 10), ("d.task1", "d", ["ana", "bo"], 20),
                                                 ("d.task2", "d", ["bo"], 20), ("f.task1", "f", ["ana"], 30)]
                as [(String, String, [String], Int64)] {
                try tx.upsertTask(TaskRow(id: id, instanceID: instance, state: "s", title: "T", assignees: people, openedAt: time))
            }
            try tx.upsertTask(TaskRow(id: "e.task1", instanceID: "e", state: "s", title: "T", assignees: ["ana"], openedAt: 5,
                                      status: .closed))
        }
        try store.read { tx throws in
            #expect(try tx.openTasks(TaskFilter(), limit: 10).map(\.id) == ["a.task1", "d.task1", "d.task2", "f.task1"])
            #expect(try tx.openTasks(TaskFilter(person: "ana"), limit: 10).map(\.id) == ["a.task1", "d.task1", "f.task1"])
            #expect(try tx.openTasks(TaskFilter(person: "ana", workflow: "leave-request"), limit: 10).map(\.id)
                    == ["a.task1", "d.task1"])
            #expect(try tx.openTasks(TaskFilter(since: 20), limit: 10).map(\.id) == ["d.task1", "d.task2", "f.task1"])
            let first = try #require(try tx.listPosition(ofTask: "d.task1"))
            #expect(try tx.openTasks(TaskFilter(), after: first, limit: 1).map(\.id) == ["d.task2"])
            #expect(try tx.openTaskCount(TaskFilter(), through: first) == 2)
            #expect(try tx.openTaskCount(TaskFilter(person: "bo")) == 2)
            // A closed task still has its place: a page after it goes on.
            let closed = try #require(try tx.listPosition(ofTask: "e.task1"))
            #expect(try tx.openTasks(TaskFilter(person: "ana"), after: closed, limit: 1).map(\.id) == ["a.task1"])
        }
    }

    /// Each page and each count is found through an index: a range of it, in the list's
    /// order, never a sort of every row (a person's few rows may be sorted).
    @Test("the plans of pages and counts")
    func plans() throws {
        let folder = try TemporaryFolder()
        let store = try store(in: folder)
        let position = ListPosition(time: 1, id: "x")
        let all = try store.plan(InstanceFilter().pageQuery(columns: "id", after: position).sql)
        #expect(all.contains("instances_started"), "\(all)")
        #expect(!all.contains("TEMP B-TREE"), "\(all)")
        let byStatus = try store.plan(InstanceFilter(status: .running, since: 5).pageQuery(columns: "id, state", after: position).sql)
        #expect(byStatus.contains("SEARCH instances USING INDEX instances_status_started"), "\(byStatus)")
        #expect(!byStatus.contains("TEMP B-TREE"), "\(byStatus)")
        let byWorkflow = try store.plan(InstanceFilter(workflow: "w").pageQuery(columns: "id, state", after: position).sql)
        #expect(byWorkflow.contains("SEARCH instances USING INDEX instances_workflow_started"), "\(byWorkflow)")
        #expect(!byWorkflow.contains("TEMP B-TREE"), "\(byWorkflow)")
        let counted = try store.plan(InstanceFilter(status: .running).countQuery(through: position).sql)
        #expect(counted.contains("SEARCH instances USING COVERING INDEX instances_status_started"), "\(counted)")
        for query in [InstanceFilter(status: .running, person: "ana").pageQuery(columns: "id, state", after: position),
                      InstanceFilter(workflow: "w", person: "ana").countQuery(through: position)] {
            let plan = try store.plan(query.sql)
            #expect(plan.contains("SEARCH instances USING INDEX sqlite_autoindex_instances_1 (id=?)"), "\(plan)")
            #expect(plan.contains("task_assignees_name") && plan.contains("trail_person"), "\(plan)")
            #expect(!plan.contains("SCAN"), "\(plan)")
        }
        let inbox = try store.plan(TaskFilter(person: "ana", workflow: "w", since: 5).pageQuery(columns: "t.id", after: position).sql)
        #expect(inbox.contains("SEARCH t USING INDEX sqlite_autoindex_tasks_1 (id=?)"), "\(inbox)")
        #expect(inbox.contains("task_assignees_name"), "\(inbox)")
        #expect(!inbox.contains("SCAN"), "\(inbox)")
        let open = try store.plan(TaskFilter().countQuery(through: position).sql)
        #expect(open.contains("SEARCH t USING") && open.contains("tasks_status (status=?)") && !open.contains("SCAN"), "\(open)")
    }

    @Test("an older store gets the list indexes when a writer opens it; read as it is, it still lists")
    func upgrade() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("steward.db")
        try SQLiteStoreOpenTests.version1Store(at: path)
        let readOnly = try SQLiteStore(path: path, options: .readOnly)
        #expect(try readOnly.read { try $0.instances(InstanceFilter(status: .running), limit: 10).map(\.id) } == ["i-1"])
        #expect(try readOnly.read { try $0.openTasks(TaskFilter(person: "bo"), limit: 10).map(\.id) } == ["i-1.task1"])
        let indexes = "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema "
            + "WHERE tbl_name = 'instances' AND name LIKE 'instances_%' ORDER BY name)"
        #expect(try readOnly.rawText(indexes) == "instances_definition instances_parent instances_status instances_workflow")
        let writer = try SQLiteStore(path: path)
        #expect(try writer.rawText(indexes) == "instances_definition instances_parent instances_started instances_status "
                + "instances_status_started instances_workflow_started")
        #expect(try writer.read { try $0.instanceCount(InstanceFilter(status: .running)) } == 1)
    }
}
