import StewardTestSupport
import Foundation
import Testing

/// Issue 12, what organizers see: the inbox says why a task is theirs, what they can do and
/// what to fill in (by its Chinese label); refusals name fields by label; `reassign` says
/// what it did; `status --json` keeps inputs typed.
@Suite("what organizers see")
struct OrganizerViewTests {
    /// `steward init` in a fresh folder, a plan started by li.ming, then `body` with a runner at 2026-11-02 09:00 (+08:00).
    func withPlan(_ body: (_ id: String, _ run: ([String]) throws -> StewardProcess.Result) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            let run = { (arguments: [String]) in
                try StewardProcess.run(arguments, in: dir, environment: ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"])
            }
            let started = try run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"])
            #expect(started.status == 0, "\(started)")
            let id = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
            try body(id, run)
        }
    }

    @Test("tasks shows why the person has the task, its actions with where they lead, and the form by label")
    func inboxDetail() throws {
        try withPlan { id, run in
            let inbox = try run(["tasks", "--as", "li.ming"])
            #expect(inbox.stdout == """
                \(id)  draft 「起草规划」 李明 (li.ming)  due 2026-11-16 09:00
                    原因：角色 工会办公室 (union-office)
                    操作：submit → 工会委员会审议 (review)
                    填写：工作目标 (goals) text 必填；重点任务 (items) list

                """, "\(inbox)")
            let brief = try run(["tasks", "--as", "li.ming", "--brief"])
            #expect(brief.stdout == "\(id)  draft 「起草规划」 李明 (li.ming)  due 2026-11-16 09:00\n", "\(brief)")

            let json = try run(["tasks", "--as", "li.ming", "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let item = try #require((object["items"] as? [[String: Any]])?.first)
            let detail = try #require(item["detail"] as? [String: Any])
            #expect((detail["why"] as? [String: Any])?["kind"] as? String == "role")
            #expect((detail["why"] as? [String: Any])?["roles"] as? [String] == ["union-office"])
            let actions = try #require(detail["actions"] as? [[String: Any]])
            #expect(actions.map { $0["name"] as? String } == ["submit"] && actions.first?["to"] as? String == "review")
            let form = try #require(detail["form"] as? [[String: Any]])
            #expect(form.first?["name"] as? String == "goals" && form.first?["label"] as? String == "工作目标")
            #expect(form.first?["required"] as? Bool == true && form.first?["type"] as? String == "text")
        }
    }

    @Test("act refusals name a field by its label and its id; a label typed for the id is helped")
    func refusalsByLabel() throws {
        try withPlan { id, run in
            let missing = try run(["act", id, "submit", "--as", "li.ming"])
            #expect(missing.status == 2)
            #expect(missing.stderr == "steward: error: 'submit' needs 工作目标 (goals) filled in [missing-required]\n", "\(missing)")
            let byLabel = try run(["act", id, "submit", "--as", "li.ming", "--field", "工作目标=加强学习"])
            #expect(byLabel.status == 2)
            #expect(byLabel.stderr.contains("has no field '工作目标'; --field takes the id: --field goals=…; "
                                            + "its fields: goals (工作目标), items (重点任务)"), "\(byLabel)")
        }
    }

    @Test("reassign says which task went from whom to whom, and why; the new holder's inbox says an admin handed it over")
    func reassignSays() throws {
        try withPlan { id, run in
            let done = try run(["reassign", id, "--to", "zhang.wei", "--reason", "李明出差", "--as", "sun.hong"])
            #expect(done.status == 0, "\(done)")
            #expect(done.stdout == "\(id): 「起草规划」 (draft) handed from 李明 (li.ming) to 张伟 (zhang.wei); reason: 李明出差\n")
            let inbox = try run(["tasks", "--as", "zhang.wei"])
            #expect(inbox.stdout.contains("    原因：由管理员 孙红 (sun.hong) 转交\n"), "\(inbox)")
            let json = try run(["tasks", "--as", "zhang.wei", "--json"])
            #expect(json.stdout.contains("\"kind\" : \"reassigned\""), "\(json)")
            let role = try run(["reassign", id, "--role", "union-committee", "--reason", "改由委员会办理", "--as", "sun.hong"])
            #expect(role.stdout.hasPrefix("\(id): 「起草规划」 (draft) handed from 张伟 (zhang.wei) to 工会委员会 (union-committee): "),
                    "\(role)")
        }
    }

    @Test("a task an escalation handed over says so in the new holder's inbox")
    func escalatedSays() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            try Data("""
                steward: 1
                id: late
                start: handle
                states:
                  handle:
                    type: task
                    title: 处理诉求
                    assignee: { role: union-office }
                    due: 2 days
                    escalate:
                      - { after: 1 day after due, to: { role: branch-secretary } }
                    form:
                      result: { type: text, label: 处理结果, required: true }
                    actions: { done: end }
                  end: { type: final }

                """.utf8).write(to: dir.appendingPathComponent("workflows/late.yaml"))
            let start = ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"]
            let later = ["STEWARD_NOW": "2026-11-05T10:00:00+08:00"]
            #expect(try StewardProcess.run(["start", "late", "--as", "li.ming"], in: dir, environment: start).status == 0)
            #expect(try StewardProcess.run(["tick"], in: dir, environment: later).status == 0)
            let inbox = try StewardProcess.run(["tasks", "--as", "sun.hong"], in: dir, environment: later)
            #expect(inbox.stdout.contains("\n    原因：逾期督办转交：角色 支部书记 (branch-secretary)\n"), "\(inbox)")
            #expect(inbox.stdout.contains("\n    填写：处理结果 (result) text 必填\n"), "\(inbox)")
            let json = try StewardProcess.run(["tasks", "--as", "sun.hong", "--json"], in: dir, environment: later)
            #expect(json.stdout.contains("\"kind\" : \"escalated\""), "\(json)")
        }
    }

    @Test("status --json keeps typed inputs typed: a whole number is a number, text stays text")
    func typedInputs() throws {
        try withPlan { id, run in
            let status = try run(["status", id, "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            let inputs = try #require(object["inputs"] as? [String: Any])
            #expect(inputs["year"] as? Int == 2026, "\(status.stdout)")
            #expect(status.stdout.contains("\"year\" : 2026"), "\(status.stdout)")
            #expect(inputs["branch"] as? String == "机关工会")
        }
    }

    @Test("status --json: a list input is an array, a date its ISO day, a boolean true or false, a decimal a number")
    func typedKinds() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            try Data("""
                steward: 1
                id: typed
                inputs:
                  names: { type: list, items: string }
                  closes: date
                  open: boolean
                  hours: number
                start: sign
                states:
                  sign: { type: task, assignee: { role: union-office }, actions: { done: end } }
                  end: { type: final }

                """.utf8).write(to: dir.appendingPathComponent("workflows/typed.yaml"))
            let now = ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"]
            let started = try StewardProcess.run(["start", "typed", "--as", "li.ming", "--input", "names=[张伟, 陈静]",
                                                  "--input", "closes=2026-11-20", "--input", "open=true", "--input", "hours=1.5"],
                                                 in: dir, environment: now)
            #expect(started.status == 0, "\(started)")
            let id = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
            let status = try StewardProcess.run(["status", id, "--json"], in: dir, environment: now)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            let inputs = try #require(object["inputs"] as? [String: Any])
            #expect(inputs["names"] as? [String] == ["张伟", "陈静"], "\(status.stdout)")
            #expect(inputs["closes"] as? String == "2026-11-20")
            #expect(status.stdout.contains("\"open\" : true"), "\(status.stdout)")
            #expect(inputs["hours"] as? Double == 1.5)
        }
    }
}
