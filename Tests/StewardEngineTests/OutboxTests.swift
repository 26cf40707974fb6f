import StewardTestSupport
import Foundation
import StewardCore
import StewardEngine
import StewardTime
import Testing

/// Notices go to `outbox/notice-SEQ-N.json`, one whole file each, once their transaction
/// commits; a notice committed but not written is written by the next tick from the trail.
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

    static let ann = ActorIdentity(person: "ann", account: "a", host: "h")
    static let now = Instant.at("2026-11-02T09:00:00+08:00")

    /// The outbox's files by name, each read as JSON; temporary files are listed as nil.
    static func files(_ project: TestProject) throws -> [String: [String: Any]?] {
        let folder = project.root.appendingPathComponent("outbox")
        var files: [String: [String: Any]?] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            files[name] = name.hasPrefix(".") ? nil : try JSONSerialization.jsonObject(with: data) as? [String: Any]
        }
        return files
    }

    /// What the outbox must hold: a file name for each notice in the trail.
    static func expected(_ project: TestProject) throws -> Set<String> {
        var names: Set<String> = []
        for entry in try project.readStore().entries() {
            let count = (entry.details["notices"] as? [[String: Any]])?.count ?? 0
            for index in stride(from: 1, through: count, by: 1) {
                names.insert(String(format: "notice-%012lld-%d.json", entry.entry.seq, index))
            }
        }
        return names
    }

    @Test("each notice is one whole file named by its trail entry and place; engines share the folder")
    func filePerNotice() throws {
        let project = try TestProject(workflows: ["notes": Self.workflow])
        defer { project.remove() }
        let first = try project.engine(at: Self.now)
        let started = try first.start(workflow: "notes", inputs: [:], actor: Self.ann)
        let second = try project.engine(at: Self.now)
        _ = try second.start(workflow: "notes", inputs: [:], actor: ActorIdentity(person: "bob", account: "b", host: "h"))
        _ = try first.act(instance: started.id, action: "submit", state: nil, fields: [:], comment: nil, actor: Self.ann)

        let files = try Self.files(project)
        #expect(Set(files.keys) == ["notice-000000000001-1.json", "notice-000000000002-1.json", "notice-000000000003-1.json"])
        #expect(Set(files.keys) == (try Self.expected(project)))
        let opened = try #require(files["notice-000000000003-1.json"] ?? nil)
        #expect(opened["seq"] as? Int == 3)
        #expect(opened["to"] as? [String] == ["cat"])
        #expect(opened["reason"] as? String == "task-opened")
        #expect((opened["subject"] as? String)?.contains("审核") == true)
        #expect(files["notice-000000000001-1.json"]??["to"] as? [String] == ["ann", "bob"])
    }

    @Test("an outbox that cannot be written: the act stands and says so; the next tick writes exactly the missing files")
    func rewrittenByTheNextTick() throws {
        let project = try TestProject(workflows: ["notes": Self.workflow])
        defer { project.remove() }
        var warnings: [String] = []
        let engine = try project.engine(at: Self.now, warn: { warnings.append($0) })
        let started = try engine.start(workflow: "notes", inputs: [:], actor: Self.ann)
        // A delivery took the first notice away: it must not come back.
        let outbox = project.root.appendingPathComponent("outbox")
        try FileManager.default.removeItem(at: outbox)
        // A file where the folder should be: the outbox cannot be written, as on a failing disk.
        try Data().write(to: outbox)
        let acted = try engine.act(instance: started.id, action: "submit", state: nil, fields: [:], comment: nil, actor: Self.ann)
        #expect(acted.currentStates == ["review"])
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("the notices of trail entries 2-2 could not be written to the outbox") == true)

        try FileManager.default.removeItem(at: outbox)
        let report = try engine.tick()
        #expect(report.noticesRewritten == 1)
        #expect(try Self.files(project).keys.sorted() == ["notice-000000000002-1.json"])
        #expect(try Self.files(project)["notice-000000000002-1.json"]??["to"] as? [String] == ["cat"])
        // Once written, never again, whatever a delivery does with the file.
        try FileManager.default.removeItem(at: outbox.appendingPathComponent("notice-000000000002-1.json"))
        #expect(try engine.tick().noticesRewritten == 0)
        #expect(try Self.files(project).isEmpty)
    }

    @Test("a start whose outbox cannot be written says so and exits 0; a tick that cannot write it exits 5")
    func tickWithABrokenOutbox() throws {
        let project = try TestProject(workflows: ["notes": Self.workflow])
        defer { project.remove() }
        let outbox = project.root.appendingPathComponent("outbox")
        try Data().write(to: outbox)
        let started = try project.steward(["start", "notes", "--as", "ann"], now: Self.now)
        #expect(started.status == 0, "\(started)")
        #expect(started.stderr.hasPrefix("steward: warning: the notices of trail entries 1-1 could not be written"), "\(started)")
        let result = try project.steward(["tick"], now: Self.now)
        #expect(result.status == 5, "\(result)")
        #expect(result.stderr.contains("the outbox cannot be written"), "\(result)")
        #expect(result.stderr.contains("the notices of trail entries 1-1 wait for the next tick"), "\(result)")
        try FileManager.default.removeItem(at: outbox)
        let next = try project.steward(["tick"], now: Self.now)
        #expect(next.status == 0, "\(next)")
        #expect(next.stdout.contains("1 notices written to the outbox again"), "\(next)")
        #expect(Set(try Self.files(project).keys) == (try Self.expected(project)))
    }

    @Test("killed between its commit and the outbox: the next tick writes the notice and removes the half-written file",
          .enabled(if: Strace.available, "needs strace and ptrace; the reason is printed"))
    func killedAfterCommit() throws {
        let project = try TestProject(workflows: ["notes": Self.workflow])
        defer { project.remove() }
        let started = try project.engine(at: Self.now).start(workflow: "notes", inputs: [:], actor: Self.ann)
        // The act's first rename is its notice's: the file is written and synced, not yet named.
        let options = ["-f", "-qq", "-o", "/dev/null", "-e", "trace=rename", "-e", "inject=rename:signal=SIGKILL:when=1",
                       "--", StewardProcess.binary.path, "act", started.id, "submit", "--as", "ann"]
        let killed = try StewardProcess.Running(options, in: project.root, environment: ["STEWARD_NOW": Self.now.iso8601],
                                                executable: URL(fileURLWithPath: "/usr/bin/strace")).wait()
        #expect(killed.crashed, "\(killed)")
        let left = try Self.files(project)
        #expect(left.keys.filter { $0.hasSuffix(".tmp") }.count == 1, "\(left.keys)")
        #expect(left["notice-000000000002-1.json"] == nil)

        let tick = try project.steward(["tick"], now: Self.now)
        #expect(tick.status == 0, "\(tick)")
        #expect(Set(try Self.files(project).keys) == ["notice-000000000001-1.json", "notice-000000000002-1.json"])
        #expect(Set(try Self.files(project).keys) == (try Self.expected(project)))
        #expect(try project.steward(["tick"], now: Self.now).stdout == "tick: 0 timers, 0 steps, 0 started\n")
    }
}
