import StewardTestSupport
import Foundation
import Testing

/// What organizers read: names beside ids, deadlines to the minute in the office's time zone;
/// the JSON for scripts keeps ids and ISO 8601.
@Suite("status and tasks as text")
struct TextViewTests {
    @Test("tasks and status show names and local deadlines; --json keeps ids and ISO 8601")
    func views() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            let now = ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"]
            let started = try StewardProcess.run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"], in: dir, environment: now)
            #expect(started.status == 0, "\(started)")
            let id = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })

            let tasks = try StewardProcess.run(["tasks", "--all", "--brief"], in: dir, environment: now)
            #expect(tasks.stdout == "\(id)  draft 「起草规划」 李明 (li.ming)  due 2026-11-16 09:00\n", "\(tasks)")
            let late = try StewardProcess.run(["tasks", "--as", "li.ming", "--brief"], in: dir,
                                              environment: ["STEWARD_NOW": "2026-11-17T09:00:00+08:00"])
            #expect(late.stdout.hasSuffix("due 2026-11-16 09:00 (overdue)\n"), "\(late)")

            let status = try StewardProcess.run(["status", id], in: dir, environment: now)
            #expect(status.stdout.contains("  started: 2026-11-02 09:00\n"), "\(status)")
            #expect(status.stdout.contains("  task draft 「起草规划」 for 李明 (li.ming)  due 2026-11-16 09:00\n"), "\(status)")

            // 李明 leaves the roster: the task he holds is marked, as nobody can act on it now.
            let roster = dir.appendingPathComponent("roster.yaml")
            let text = try String(contentsOf: roster, encoding: .utf8)
            let without = text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("  li.ming:") }.joined(separator: "\n")
                .replacingOccurrences(of: "[li.ming]", with: "[]")
                .replacingOccurrences(of: "[li.ming, ", with: "[")
                .replacingOccurrences(of: ", li.ming]", with: "]")
            try without.write(to: roster, atomically: true, encoding: .utf8)
            let left = try StewardProcess.run(["tasks", "--all"], in: dir, environment: now)
            #expect(left.status == 0 && left.stderr.isEmpty, "\(left)")
            #expect(left.stdout.contains("li.ming (not in the roster)  due 2026-11-16 09:00"), "\(left)")
            try text.write(to: roster, atomically: true, encoding: .utf8)

            let json = try StewardProcess.run(["tasks", "--all", "--json"], in: dir, environment: now)
            #expect(json.stdout.contains("\"li.ming\""), "\(json)")
            #expect(json.stdout.contains("2026-11-16T09:00:00.000+08:00"), "\(json)")
            #expect(!json.stdout.contains("李明"))
        }
    }

    @Test("one person with two items of a foreach: tasks shows a handle for each, and act --state takes it")
    func twoItemsForOnePerson() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            func run(_ arguments: [String]) throws -> StewardProcess.Result {
                try StewardProcess.run(arguments, in: dir, environment: ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"])
            }
            let started = try run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"])
            let id = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
            let items = "items=[{name: 理论学习, owner: zhang.wei}, {name: 组织建设, owner: zhang.wei}]"
            for arguments in [["act", id, "submit", "--as", "li.ming", "--field", "goals=计划", "--field", items],
                              ["act", id, "approve", "--as", "zhang.wei"], ["act", id, "approve", "--as", "chen.jing"],
                              ["act", id, "approve", "--as", "sun.hong", "--state", "approval"], ["tick"]] {
                let result = try run(arguments)
                #expect(result.status == 0, "\(arguments): \(result)")
            }
            let inbox = try run(["tasks", "--as", "zhang.wei", "--brief"]).stdout.split(separator: "\n").map(String.init)
            // After the tasks: the plan's publication, which reached zhang.wei as one of the members.
            #expect(inbox.count == 4 && inbox[2] == "messages of the last 7 days (all notices: steward notices):", "\(inbox)")
            #expect(inbox.last?.hasSuffix("2026年党建工作规划已发布  \(id)") == true, "\(inbox)")
            let handles = inbox.compactMap { line in line.range(of: "\\[task[0-9]+\\]", options: .regularExpression).map { String(line[$0].dropFirst().dropLast()) } }
            #expect(handles.count == 2 && Set(handles).count == 2, "\(inbox)")

            let ambiguous = try run(["act", id, "done", "--as", "zhang.wei", "--field", "summary=完成"])
            #expect(ambiguous.status == 64)
            #expect(ambiguous.stderr.contains("say which with --state, e.g. --state task"), "\(ambiguous)")
            #expect(handles.allSatisfy { ambiguous.stderr.contains($0) }, "\(ambiguous)")
            let first = try run(["act", id, "done", "--as", "zhang.wei", "--state", handles[0], "--field", "summary=完成"])
            #expect(first.status == 0, "\(first)")
            // One left: no handle needed any more, and no --state either.
            #expect(!(try run(["tasks", "--as", "zhang.wei"]).stdout.contains("[task")))
            #expect(try run(["act", id, "done", "--as", "zhang.wei", "--field", "summary=完成"]).status == 0)
        }
    }
}
