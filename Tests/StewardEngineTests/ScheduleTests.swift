import Foundation
import StewardCore
import StewardEngine
import StewardTime
import Testing

/// Cron `schedule:` entries start instances from ticks; after downtime the `catch_up`
/// policy says how many missed starts are made up.
@Suite("scheduled starts")
struct ScheduleTests {
    /// Every day at 09:00 in Shanghai, with the day's theme as an input.
    static let daily = """
        steward: 1
        id: daily-report
        inputs:
          theme: { type: string, default: 日报 }
        schedule:
          - cron: 0 9 * * *
            inputs: { theme: 每日汇报 }
        start: report
        states:
          report:
            type: task
            title: "${{ inputs.theme }}"
            assignee: { role: office }
            actions: { done: finished }
          finished: { type: final }

        """

    func project(catchUp: String? = nil) throws -> TestProject {
        let project = try TestProject(workflows: ["daily-report": Self.daily])
        if let catchUp {
            let text = try String(contentsOf: project.configFile, encoding: .utf8)
            try (text + "catch_up: \(catchUp)\n").write(to: project.configFile, atomically: true, encoding: .utf8)
        }
        return project
    }

    func tick(_ project: TestProject, at time: String) throws -> TickReport {
        try project.engine(at: .at(time)).tick()
    }

    @Test("the first tick remembers the schedule and starts nothing for the past; the next fire starts one, with its inputs")
    func firstSightThenFire() throws {
        let project = try project()
        defer { project.remove() }
        #expect(try tick(project, at: "2026-11-02T10:00:00+08:00").started == 0)
        #expect(try tick(project, at: "2026-11-03T08:59:00+08:00").started == 0)
        #expect(try tick(project, at: "2026-11-03T09:00:30+08:00").started == 1)
        #expect(try tick(project, at: "2026-11-03T09:01:00+08:00").started == 0)
        let instances = try project.readStore().allInstances()
        #expect(instances.count == 1)
        let state = try project.engine(at: .at("2026-11-03T09:02:00+08:00")).instance(instances[0].id)
        #expect(state.inputs["theme"] == .string("每日汇报"))
        #expect(state.tasks.first?.title == "每日汇报")
    }

    @Test("after three missed days: once starts one, skip none, all three", arguments: [("once", 1), ("skip", 0), ("all", 3)])
    func catchUp(_ policy: String, _ expected: Int) throws {
        let project = try project(catchUp: policy)
        defer { project.remove() }
        _ = try tick(project, at: "2026-11-02T10:00:00+08:00")
        #expect(try tick(project, at: "2026-11-05T10:00:00+08:00").started == expected)
        #expect(try project.readStore().allInstances().count == expected)
        // Caught up: the next tick starts nothing more.
        #expect(try tick(project, at: "2026-11-05T10:01:00+08:00").started == 0)
    }

    @Test("a workflow file an edit broke is reported by every tick; the other schedules go on")
    func brokenFile() throws {
        let project = try project()
        defer { project.remove() }
        try "steward: 1\nid: broken\nstates: [\n".write(to: project.root.appendingPathComponent("workflows/broken.yaml"),
                                                         atomically: true, encoding: .utf8)
        #expect(try tick(project, at: "2026-11-02T10:00:00+08:00").brokenWorkflows == ["broken.yaml"])
        let next = try tick(project, at: "2026-11-03T09:00:30+08:00")
        #expect(next.brokenWorkflows == ["broken.yaml"])
        #expect(next.started == 1)
        let command = try project.steward(["tick"], now: .at("2026-11-03T09:05:00+08:00"))
        #expect(command.status == 0)
        #expect(command.stderr.contains("workflows/broken.yaml cannot be used (it has errors)"), "\(command)")
    }
}
