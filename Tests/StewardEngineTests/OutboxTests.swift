import Foundation
import StewardCore
import StewardEngine
import StewardTime
import Testing

/// Notices go to `outbox/notices-YYYY-MM-DD.jsonl` (UTC day) once their transaction commits.
@Suite("outbox")
struct OutboxTests {
    static let workflow = """
        steward: 1
        id: notes
        title: 通知
        start: draft
        states:
          draft:
            type: task
            title: 起草
            assignee: { role: office }
            actions:
              submit: review
          review:
            type: task
            title: 审核
            assignee: { person: cat }
            actions:
              approve: done
          done: { type: final }

        """

    static func lines(_ project: TestProject, day: String) throws -> [[String: Any]] {
        let file = project.root.appendingPathComponent("outbox/notices-\(day).jsonl")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("each opened task is one line with the trail's seq; a new UTC day starts a new file; engines share a file")
    func linesPerDay() throws {
        let project = try TestProject(workflows: ["notes": Self.workflow])
        defer { project.remove() }
        // 07:59 in Shanghai is still the previous day in UTC.
        let first = try project.engine(at: .at("2026-11-02T07:59:00+08:00"))
        let started = try first.start(workflow: "notes", inputs: [:], actor: ActorIdentity(person: "ann", account: "a", host: "h"))
        let second = try project.engine(at: .at("2026-11-02T07:59:30+08:00"))
        let other = try second.start(workflow: "notes", inputs: [:], actor: ActorIdentity(person: "bob", account: "b", host: "h"))
        let later = try project.engine(at: .at("2026-11-02T09:00:00+08:00"))
        _ = try later.act(instance: started.id, action: "submit", state: nil, fields: [:], comment: nil,
                          actor: ActorIdentity(person: "ann", account: "a", host: "h"))

        let previousDay = try Self.lines(project, day: "2026-11-01")
        #expect(previousDay.count == 2)
        #expect(previousDay.map { $0["to"] as? [String] } == [["ann", "bob"], ["ann", "bob"]])
        #expect(previousDay.allSatisfy { $0["reason"] as? String == "task-opened" })
        let today = try Self.lines(project, day: "2026-11-02")
        #expect(today.count == 1)
        #expect(today.first?["to"] as? [String] == ["cat"])
        #expect((today.first?["subject"] as? String)?.contains("审核") == true)

        // Each line names the trail entry that decided it.
        let entries = try project.readStore().entries()
        let seqs = (previousDay + today).compactMap { $0["seq"] as? Int }
        #expect(seqs.count == 3)
        for (seq, instance) in zip(seqs, [started.id, other.id, started.id]) {
            let entry = try #require(entries.first { $0.entry.seq == Int64(seq) })
            #expect(entry.entry.instance == instance)
            #expect((entry.details["notices"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test("a file that a delivery moved away is not written to again: the next line starts a new file")
    func movedFileIsReopened() throws {
        let project = try TestProject(workflows: ["notes": Self.workflow])
        defer { project.remove() }
        let engine = try project.engine(at: .at("2026-11-02T09:00:00+08:00"))
        let ann = ActorIdentity(person: "ann", account: "a", host: "h")
        let started = try engine.start(workflow: "notes", inputs: [:], actor: ann)
        let file = project.root.appendingPathComponent("outbox/notices-2026-11-02.jsonl")
        let delivered = project.root.appendingPathComponent("outbox/delivered.jsonl")
        try FileManager.default.moveItem(at: file, to: delivered)
        _ = try engine.act(instance: started.id, action: "submit", state: nil, fields: [:], comment: nil, actor: ann)
        let old = try String(contentsOf: delivered, encoding: .utf8).split(separator: "\n")
        let new = try Self.lines(project, day: "2026-11-02")
        #expect(old.count == 1 && old.first?.contains("task-opened") == true)
        #expect(new.count == 1)
        #expect(new.first?["to"] as? [String] == ["cat"])
    }
}
