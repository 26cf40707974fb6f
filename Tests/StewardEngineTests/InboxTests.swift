import Foundation
import StewardEngine
import StewardStore
import StewardTime
import Testing

/// The inbox offers a person exactly the tasks they may act on.
@Suite("the inbox")
struct InboxTests {
    static let workflow = """
        steward: 1
        id: review
        start: review
        states:
          review:
            type: task
            assignee: { role: committee }
            actions: { approve: done }
          done: { type: final }

        """

    @Test("a member who joined the role after the task opened is not offered it, as acting would be refused")
    func joinedLater() throws {
        let project = try TestProject(workflows: ["review": Self.workflow])
        defer { project.remove() }
        let now = Instant.at("2026-11-02T09:00:00+08:00")
        let before = try project.engine(at: now)
        let started = try before.start(workflow: "review", inputs: [:], actor: ActorIdentity(person: "ann", account: "a", host: "h"))
        #expect(try before.inbox(TaskFilter(person: "cat"), limit: 10).items.map(\.task) == started.tasks.map(\.id))

        try project.setRoles([("committee: { title: Committee, members: [ann, bob, cat] }",
                               "committee: { title: Committee, members: [ann, bob, cat, dan] }")])
        let after = try project.engine(at: now.plus(minutes: 5))
        #expect(try after.inbox(TaskFilter(person: "dan"), limit: 10).items.isEmpty)
        #expect(throws: EngineError.self) {
            try after.act(instance: started.id, action: "approve", state: nil, fields: [:], comment: nil,
                          actor: ActorIdentity(person: "dan", account: "d", host: "h"))
        }
        #expect(try after.inbox(TaskFilter(person: "cat"), limit: 10).items.count == 1)
        // Every open task, from the task table.
        #expect(try after.inbox(TaskFilter(), limit: 10).items.map(\.assignees) == [["ann", "bob", "cat"]])
        _ = try after.act(instance: started.id, action: "approve", state: nil, fields: [:], comment: nil,
                          actor: ActorIdentity(person: "cat", account: "c", host: "h"))
        #expect(try after.inbox(TaskFilter(), limit: 10).items.isEmpty)
    }
}
