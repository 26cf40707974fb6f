import Foundation
import StewardEngine
import StewardStore
import StewardTime
import Testing

/// `steward reassign` through the engine and the command: admins only, recorded, replayable.
@Suite("reassigning through the engine")
struct ReassignEngineTests {
    let boss = ActorIdentity(person: "boss", account: "root", host: "h")
    let ann = ActorIdentity(person: "ann", account: "a", host: "h")

    @Test("an admin hands the task to a role's current members; a non-admin is refused and recorded; replay agrees")
    func reassign() throws {
        let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
        defer { project.remove() }
        let engine = try project.engine(at: .at("2026-11-02T09:00:00+08:00"))
        let started = try engine.start(workflow: "sign-off", inputs: [:], actor: ann)
        #expect(started.tasks.first?.assignees == ["ann", "bob"])

        do {
            _ = try engine.reassign(instance: started.id, state: nil, people: ["dan"], role: nil, reason: "r", actor: ann)
            Issue.record("a non-admin reassigned a task")
        } catch {
            #expect(error.kind == .refused)
            #expect(error.reason == "not-admin")
        }
        let refused = try project.readStore().entries(instance: started.id).last
        #expect(refused?.entry.event == "refused")
        #expect(refused?.refusal == "not-admin")

        let moved = try engine.reassign(instance: started.id, state: "sign", people: ["eve"], role: "committee",
                                        reason: "办公室人手不足", actor: boss)
        #expect(moved.tasks.first?.assignees == ["eve", "ann", "bob", "cat"])
        #expect(moved.tasks.first?.roles == ["committee"])
        #expect(try engine.inbox(TaskFilter(person: "eve"), limit: 10).items.map(\.task) == moved.tasks.map(\.id))
        let entry = try #require(try project.readStore().entries(instance: started.id).last)
        #expect(entry.entry.event == "reassigned")
        #expect(entry.entry.person == "boss")

        _ = try engine.act(instance: started.id, action: "ok", state: nil, fields: [:], comment: nil,
                           actor: ActorIdentity(person: "eve", account: "e", host: "h"))
        #expect(try engine.instance(started.id).status == .completed)
        let replay = try engine.replayAll()
        #expect(replay.mismatches.isEmpty, "\(replay.mismatches)")
    }

    @Test("the command: usage (64), an unknown role (3), refusals (2), and success")
    func command() throws {
        let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
        defer { project.remove() }
        let now = Instant.at("2026-11-02T09:00:00+08:00")
        let started = try project.engine(at: now).start(workflow: "sign-off", inputs: [:], actor: ann)
        let id = started.id
        #expect(try project.steward(["reassign", id, "--reason", "r", "--as", "boss"], now: now).status == 64)
        #expect(try project.steward(["reassign", id, "--to", "dan", "--reason", " ", "--as", "boss"], now: now).status == 64)
        let role = try project.steward(["reassign", id, "--role", "comittee", "--reason", "r", "--as", "boss"], now: now)
        #expect(role.status == 3)
        #expect(role.stderr.contains("did you mean 'committee'?"), "\(role)")
        #expect(try project.steward(["reassign", id, "--to", "nobody", "--reason", "r", "--as", "boss"], now: now).status == 2)
        #expect(try project.steward(["reassign", id, "--to", "dan", "--reason", "r", "--as", "ann"], now: now).status == 2)
        let done = try project.steward(["reassign", id, "--to", "dan", "--reason", "调整", "--as", "boss"], now: now)
        #expect(done.status == 0, "\(done)")
        #expect(done.stdout.contains(") handed from ") && done.stdout.hasSuffix("to Dan (dan); reason: 调整\n"), "\(done)")
    }
}
