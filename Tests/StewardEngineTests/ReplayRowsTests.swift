import StewardTestSupport
import Foundation
import StewardEngine
import StewardStore
import StewardTime
import Testing

extension StewardProcesses {
    /// `audit verify --replay` compares with the trail not only each instance row but the rows
    /// that decide who sees a task and when a deadline fires: a task handed to someone else,
    /// an inbox entry added, a deleted timer or a deleted instance row are found.
    @Suite("replay compares tasks, inboxes and timers")
    struct ReplayRowsTests {
        static let now = Instant.at("2026-11-02T09:00:00+08:00")

        /// The office signs off within an hour.
        static let workflow = """
            steward: 1
            id: timed
            start: sign
            states:
              sign:
                type: task
                assignee: { role: office }
                due: 1h
                actions: { ok: done }
              done: { type: final }

            """

        /// A project with `count` instances each waiting on its task (and its deadline timer).
        func project(_ count: Int = 3) throws -> (TestProject, [String]) {
            let project = try TestProject(workflows: ["timed": Self.workflow])
            let engine = try project.engine(at: Self.now)
            var ids: [String] = []
            for _ in 0..<count {
                ids.append(try engine.start(workflow: "timed", inputs: [:], actor: .engine(account: "test", host: "test")).id)
            }
            return (project, ids)
        }

        /// `verify --replay` after the insider's `sql` (triggers put back): exit 1, naming `instance` and `says`.
        func expectFound(_ project: TestProject, _ sql: String, instance: String, says: String) throws {
            #expect(try project.steward(["audit", "verify", "--replay"]).status == 0)
            #expect(try project.tamper(sql, restoringTriggers: true) == 0)
            let result = try project.steward(["audit", "verify", "--replay"])
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.contains("FAILED: instance \(instance): \(says)"), "\(result.stdout)")
            #expect(result.stdout.contains("replay: 1 of 3 instances differ from their trail"), "\(result.stdout)")
        }

        @Test("a task row handed to someone else")
        func reassignedTaskRow() throws {
            let (project, ids) = try project()
            defer { project.remove() }
            try expectFound(project, "UPDATE tasks SET assignees = '[\"eve\"]', roles = '[]' WHERE instance_id = '\(ids[1])';"
                            + "DELETE FROM task_assignees WHERE task_id IN (SELECT id FROM tasks WHERE instance_id = '\(ids[1])');"
                            + "INSERT INTO task_assignees SELECT id, 'person', 'eve' FROM tasks WHERE instance_id = '\(ids[1])';",
                            instance: ids[1], says: "task \(ids[1])")
            let result = try project.steward(["audit", "verify", "--replay"])
            #expect(result.stdout.contains("the store gives it to eve, the trail to ann, bob, role office"), "\(result.stdout)")
        }

        @Test("an inbox entry added for someone the trail never gave the task to")
        func addedInboxEntry() throws {
            let (project, ids) = try project()
            defer { project.remove() }
            try expectFound(project, "INSERT INTO task_assignees SELECT id, 'person', 'eve' FROM tasks WHERE instance_id = '\(ids[0])';",
                            instance: ids[0], says: "task ")
            let result = try project.steward(["audit", "verify", "--replay"])
            #expect(result.stdout.contains("it is in the inboxes of ann, bob, eve, role office, but the trail gives it to ann, bob, role office"),
                    "\(result.stdout)")
        }

        @Test("a deleted deadline timer, and a deadline moved")
        func timers() throws {
            let (project, ids) = try project()
            defer { project.remove() }
            try expectFound(project, "DELETE FROM timers WHERE instance_id = '\(ids[2])';", instance: ids[2],
                            says: "its due timer ")
            let result = try project.steward(["audit", "verify", "--replay"])
            #expect(result.stdout.contains("is missing from the store: it was deleted, so it would never fire"), "\(result.stdout)")
            let (moved, movedIDs) = try self.project()
            defer { moved.remove() }
            try expectFound(moved, "UPDATE timers SET due_at = due_at + 86400000 WHERE instance_id = '\(movedIDs[0])';",
                            instance: movedIDs[0], says: "its timer ")
        }

        @Test("a deleted instance row")
        func deletedInstance() throws {
            let (project, ids) = try project()
            defer { project.remove() }
            try expectFound(project, "DELETE FROM instances WHERE id = '\(ids[1])';", instance: ids[1],
                            says: "the trail started it (entry 2), but the store has no row for it")
        }

        @Test("instances are replayed a page at a time: all of a store larger than a page are checked")
        func pages() throws {
            let (project, _) = try project(450)
            defer { project.remove() }
            let replay = try project.engine(at: Self.now).replayAll()
            #expect(replay.checked == 450)
            #expect(replay.mismatches.isEmpty, "\(replay.mismatches.prefix(3))")
        }
    }
}
