import Testing
@testable import StewardStore

@Suite("tasks and steps")
struct TaskTests {
    private func task(_ id: String, instance: String = "i-1", people: [String] = [], roles: [String] = [],
                      openedAt: Int64 = 1, dueAt: Int64? = nil) -> TaskRow {
        TaskRow(id: id, instanceID: instance, state: "review", title: "Review \(id)", assignees: people, roles: roles,
                openedAt: openedAt, dueAt: dueAt)
    }

    @Test func openTasksOfAPersonOrTheirRoles() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder, instances: ["i-1", "i-2"])
        try store.write { tx throws in
            try tx.upsertTask(task("k-1", people: ["ana"], openedAt: 3))
            try tx.upsertTask(task("k-2", roles: ["hr", "boss"], openedAt: 2))
            try tx.upsertTask(task("k-3", instance: "i-2", people: ["ana", "bo"], roles: ["hr"], openedAt: 1))
            try tx.upsertTask(task("k-4", people: ["bo"], openedAt: 4))
        }
        try store.read { tx throws in
            #expect(try tx.openTasks(person: "ana", limit: 10).map(\.id) == ["k-3", "k-1"])
            #expect(try tx.openTasks(person: "ana", roles: ["hr"], limit: 10).map(\.id) == ["k-3", "k-2", "k-1"])
            #expect(try tx.openTasks(person: nil, roles: ["boss"], limit: 10).map(\.id) == ["k-2"])
            #expect(try tx.openTasks(person: "zed", roles: [], limit: 10).isEmpty)
            #expect(try tx.loadTask(id: "k-3") == task("k-3", instance: "i-2", people: ["ana", "bo"], roles: ["hr"], openedAt: 1))
        }
        #expect(try store.write { try $0.closeTask(id: "k-3") })
        #expect(try store.write { try $0.closeTask(id: "k-3") } == false)
        #expect(try store.read { try $0.openTasks(person: "ana", roles: ["hr"], limit: 10).map(\.id) } == ["k-2", "k-1"])
        #expect(try store.read { try $0.loadTask(id: "k-3")?.status } == .closed)
        let plan = try store.plan(Queries.openTasks(.sqlite))
        #expect(plan.contains("task_assignees_name"))
        #expect(!plan.contains("SCAN t"))
    }

    @Test func replaceTasksClosesTheOthersOfTheInstance() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder, instances: ["i-1", "i-2"])
        try store.write { tx throws in
            try tx.upsertTask(task("k-1", people: ["ana"]))
            try tx.upsertTask(task("k-2", people: ["ana"]))
            try tx.upsertTask(task("k-9", instance: "i-2", people: ["ana"]))
        }
        try store.write { tx throws in
            try tx.replaceTasks(forInstance: "i-1", with: [task("k-2", people: ["bo"]), task("k-3", people: ["ana"])])
        }
        try store.read { tx throws in
            #expect(try tx.tasks(forInstance: "i-1").map { "\($0.id):\($0.status)" } == ["k-1:closed", "k-2:open", "k-3:open"])
            #expect(try tx.openTasks(person: "ana", limit: 10).map(\.id) == ["k-3", "k-9"])
            #expect(try tx.openTasks(person: "bo", limit: 10).map(\.id) == ["k-2"])
            #expect(try tx.openTaskCount() == 3)
        }
        let stray = storeError { try store.write { try $0.replaceTasks(forInstance: "i-1", with: [task("k-5", instance: "i-2")]) } }
        #expect(stray?.kind == .misuse)
    }

    @Test func overdueTasksByDeadline() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        try store.write { tx throws in
            try tx.upsertTask(task("k-1", dueAt: 500))
            try tx.upsertTask(task("k-2", dueAt: 100))
            try tx.upsertTask(task("k-3"))
            try tx.upsertTask(task("k-4", dueAt: 50))
            try tx.closeTask(id: "k-4")
        }
        #expect(try store.read { try $0.overdueTasks(at: 500, limit: 10).map(\.id) } == ["k-2", "k-1"])
    }

    @Test func intentBeforeResultAfter() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        let key = StepRow.key(instance: "i-1", state: "notify", attempt: 1)
        #expect(key == "i-1/notify/1")
        let intent = StepRow(key: key, instanceID: "i-1", state: "notify", handler: "email", attempt: 1, startedAt: 10)
        #expect(try store.write { try $0.recordIntent(intent) })
        #expect(try store.write { try $0.recordIntent(intent) } == false)
        #expect(try store.read { try $0.pendingIntents(limit: 10) } == [intent])
        #expect(try store.write { try $0.finishStep(key: key, status: .done, at: 20, result: #"{"ok":true}"#) })
        #expect(try store.write { try $0.finishStep(key: key, status: .failed, at: 30, result: nil) } == false)
        #expect(try store.read { try $0.pendingIntents(limit: 10) }.isEmpty)
        let done = try store.read { try $0.loadStep(key: key) }
        #expect(done?.status == .done)
        #expect(done?.finishedAt == 20)
        #expect(done?.result == #"{"ok":true}"#)
        #expect(try store.read { try $0.steps(forInstance: "i-1").count } == 1)
        #expect(storeError { _ = try store.write { try $0.finishStep(key: key, status: .intent, at: 1, result: nil) } }?.kind == .misuse)
    }
}
