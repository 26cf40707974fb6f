import Foundation
import StewardCore
import StewardEngine
import StewardStore
import StewardTime
import Testing

/// Replay decides each event with the roster and calendars recorded with it: editing
/// roster.yaml later (people join and leave) must not make an honest trail look altered.
@Suite("replay with the environment of the time")
struct ReplayEnvironmentTests {
    static let workflow = """
        steward: 1
        id: roster-change
        title: 名单变动
        start: draft
        states:
          draft:
            type: task
            assignee: { role: office }
            actions:
              submit: review
          review:
            type: task
            assignee: { role: committee }
            quorum: majority
            actions:
              approve: done
              reject: draft
          done: { type: final }

        """

    static let now = Instant.at("2026-11-02T09:00:00+08:00")

    /// An instance started and submitted by ann (of the office, as the roster first says).
    static func submitted(in project: TestProject) throws -> (engine: Engine, started: InstanceState) {
        let engine = try project.engine(at: now)
        let ann = ActorIdentity(person: "ann", account: "a", host: "h")
        let started = try engine.start(workflow: "roster-change", inputs: [:], actor: ann)
        #expect(started.tasks.first?.assignees == ["ann", "bob"])
        _ = try engine.act(instance: started.id, action: "submit", state: nil, fields: [:], comment: nil, actor: ann)
        return (engine, started)
    }

    @Test("after the roster changes, replay still matches; each distinct environment is stored once")
    func rosterEditedLater() throws {
        let project = try TestProject(workflows: ["roster-change": Self.workflow])
        defer { project.remove() }
        let now = Self.now
        let (before, started) = try Self.submitted(in: project)

        // The office and the committee change.
        try project.setRoles([
            ("office:    { title: Office, members: [ann, bob] }", "office:    { title: Office, members: [dan] }"),
            ("committee: { title: Committee, members: [ann, bob, cat] }",
             "committee: { title: Committee, members: [cat, dan, eve, boss] }"),
        ])

        let after = try project.engine(at: now.plus(minutes: 30))
        #expect(after.project.environmentHash != before.project.environmentHash)
        // The open review still belongs to the committee as it was; one of them rejects.
        _ = try after.act(instance: started.id, action: "reject", state: nil, fields: [:], comment: nil,
                          actor: ActorIdentity(person: "bob", account: "b", host: "h"))
        _ = try after.act(instance: started.id, action: "reject", state: nil, fields: [:], comment: nil,
                          actor: ActorIdentity(person: "cat", account: "c", host: "h"))
        // Back in draft, now opened for today's office.
        #expect(try after.instance(started.id).tasks.first?.assignees == ["dan"])

        let replay = try after.replayAll()
        #expect(replay.checked == 1)
        #expect(replay.mismatches.isEmpty, "\(replay.mismatches)")
        let environments = try after.store.read { tx in
            try [before.project.environmentHash, after.project.environmentHash].compactMap { hash in
                try tx.loadEnvironment(hash: hash)
            }
        }
        #expect(environments.count == 2)
        let recorded = try project.readStore().entries(instance: started.id).compactMap { $0.details["environment"] as? String }
        #expect(Set(recorded) == [before.project.environmentHash, after.project.environmentHash])

        // The command auditors run agrees.
        let verify = try project.steward(["audit", "verify", "--replay"])
        #expect(verify.status == 0, "\(verify)")
    }

    @Test("a trail that names a roster snapshot the store no longer holds fails replay, saying so, instead of using today's files")
    func snapshotMissing() throws {
        let project = try TestProject(workflows: ["roster-change": Self.workflow])
        defer { project.remove() }
        let (_, started) = try Self.submitted(in: project)
        // Today's roster differs from the one recorded, so replay must read the recorded one.
        try project.setRoles([("office:    { title: Office, members: [ann, bob] }", "office:    { title: Office, members: [dan] }")])
        #expect(try project.steward(["audit", "verify", "--replay"]).status == 0)

        #expect(try project.tamper("DELETE FROM environments;") == 0)
        let verify = try project.steward(["audit", "verify", "--replay"])
        #expect(verify.status == 1, "\(verify)")
        #expect(verify.stdout.contains("are missing from the store"), "\(verify)")
        #expect(verify.stdout.contains(started.id), "\(verify)")
    }
}
