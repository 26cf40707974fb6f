import Foundation
import StewardCore
import StewardEngine
import StewardExpressions
import StewardTime
import Testing

/// An organizer's `act` is killed or times out after it committed, and they run it again:
/// the answer is that it was already recorded (a conflict, 4), not a refusal from wherever
/// the instance has moved on to; a later round of a reject loop is still a new act.
@Suite("a repeated act")
struct RepeatedActTests {
    static let workflow = """
        steward: 1
        id: repeat
        inputs:
          owners: { type: list, items: person }
        start: draft
        states:
          draft:
            type: task
            assignee: { role: office }
            form:
              goals: { type: text, required: true, label: 工作目标 }
            actions: { submit: review }
          review:
            type: task
            assignee: { role: committee }
            separate_from: [draft]
            form:
              verdict: { type: text }
            actions:
              approve: vote
              reject: { to: draft, require: [comment] }
          vote:
            type: task
            assignee: { role: voters }
            quorum: all
            actions:
              yes: report
              no: report
          report:
            type: foreach
            items: ${{ inputs.owners }}
            do:
              start: write
              states:
                write:
                  type: task
                  assignee: { person: "${{ item }}" }
                  actions: { done: finished }
                finished: { type: final }
            next: done
          done: { type: final }

        """

    static let nine = Instant.at("2026-11-02T09:00:00+08:00")

    let project: TestProject

    init() throws {
        project = try TestProject(workflows: ["repeat": Self.workflow])
    }

    func act(_ id: String, _ action: String, as person: String, at minutes: Int64 = 0, state: String? = nil,
             fields: [String: String] = [:], comment: String? = nil) throws -> InstanceState {
        try project.engine(at: Self.nine.plus(minutes: minutes))
            .act(instance: id, action: action, state: state, fields: fields, comment: comment,
                 actor: ActorIdentity(person: person, account: person, host: "h"))
    }

    /// The error of an act that must be refused.
    func refusal(_ id: String, _ action: String, as person: String, at minutes: Int64 = 30, state: String? = nil,
                 fields: [String: String] = [:], comment: String? = nil) throws -> EngineError {
        do {
            let state = try act(id, action, as: person, at: minutes, state: state, fields: fields, comment: comment)
            Issue.record("\(person)'s '\(action)' was taken again; now \(state.currentStates)")
            return EngineError(.refused, "")
        } catch let error as EngineError {
            return error
        }
    }

    func start(owners: String = "[ann]") throws -> String {
        try project.engine(at: Self.nine)
            .start(workflow: "repeat", inputs: ["owners": owners], actor: ActorIdentity(person: "ann", account: "ann", host: "h")).id
    }

    @Test("the same act again: exit 4, when it was recorded in the office's time, nothing changed, the attempt in the trail")
    func sameAgain() throws {
        defer { project.remove() }
        let id = try start()
        _ = try act(id, "submit", as: "ann", fields: ["goals": "计划 #1"])
        let entries = try project.readStore().entries(instance: id).count
        let error = try refusal(id, "submit", as: "ann", fields: ["goals": "计划 #1"])
        #expect(error.kind == .conflict && error.exitCode == 4)
        #expect(error.reason == "already-recorded")
        #expect(error.message == "ann's 'submit' on 'draft' was already recorded at 2026-11-02 09:00 (+08:00); nothing changed")
        #expect(try project.engine(at: Self.nine).instance(id).currentStates == ["review"])
        let added = try project.readStore().entries(instance: id).dropFirst(entries)
        #expect(added.map(\.entry.event) == ["refused"])
        #expect(added.first?.refusal == "already-recorded")
        #expect(added.first?.entry.person == "ann")
        #expect(added.first?.event?.name == "acted")
    }

    @Test("other values given the second time are named: the recorded ones stand")
    func otherValues() throws {
        defer { project.remove() }
        let id = try start()
        _ = try act(id, "submit", as: "ann", fields: ["goals": "计划 #1"])
        let error = try refusal(id, "submit", as: "ann", fields: ["goals": "计划 #2"])
        #expect(error.message == "ann's 'submit' on 'draft' was already recorded at 2026-11-02 09:00 (+08:00), "
            + "with goals=计划 #1, not the values given now; nothing changed")
        _ = try act(id, "reject", as: "bob", at: 5, comment: "再想想")
        let comment = try refusal(id, "reject", as: "bob", comment: "不同意")
        #expect(comment.message == "bob's 'reject' on 'review' was already recorded at 2026-11-02 09:05 (+08:00), "
            + "with comment=再想想, not the values given now; nothing changed")
    }

    @Test("a reject loop: repeating a reject is told so; the same person rejecting again in the next round is a new act")
    func rejectLoop() throws {
        defer { project.remove() }
        let id = try start()
        _ = try act(id, "submit", as: "ann", fields: ["goals": "计划"])
        _ = try act(id, "reject", as: "bob", at: 10, comment: "不够具体")
        let first = try refusal(id, "reject", as: "bob", comment: "不够具体")
        #expect(first.message == "bob's 'reject' on 'review' was already recorded at 2026-11-02 09:10 (+08:00); nothing changed")
        // The next round: ann submits again, and bob may reject again.
        _ = try act(id, "submit", as: "ann", at: 20, fields: ["goals": "计划"])
        #expect(try act(id, "reject", as: "bob", at: 25, comment: "还是不够具体").currentStates == ["draft"])
        let second = try refusal(id, "reject", as: "bob", comment: "还是不够具体")
        #expect(second.message == "bob's 'reject' on 'review' was already recorded at 2026-11-02 09:25 (+08:00); nothing changed")
        // ann's submit of the first round is not what a repeat means while the draft is open again: it is taken.
        #expect(try act(id, "submit", as: "ann", at: 30, fields: ["goals": "计划"]).currentStates == ["review"])
    }

    @Test("with a clock that has not moved (a manual clock, an author test), the next round of a reject loop is still new")
    func frozenClockRound() throws {
        defer { project.remove() }
        let id = try start()
        _ = try act(id, "submit", as: "ann", fields: ["goals": "计划"])
        _ = try act(id, "reject", as: "bob", comment: "不够具体")
        _ = try act(id, "submit", as: "ann", fields: ["goals": "计划"])
        // The same minute: bob's reject without its required comment is about the open round.
        let missing = try refusal(id, "reject", as: "bob", at: 0)
        #expect(missing.reason != "already-recorded", "\(missing.message)")
        #expect(missing.message.contains("comment"), "\(missing.message)")
    }

    @Test("another action is not a repeat: it gets the usual answer")
    func otherAction() throws {
        defer { project.remove() }
        let id = try start()
        _ = try act(id, "submit", as: "ann", fields: ["goals": "计划"])
        _ = try act(id, "approve", as: "bob")
        let error = try refusal(id, "reject", as: "bob", comment: "改主意了")
        #expect(error.reason != "already-recorded")
        #expect(error.kind == .refused, "\(error)")
    }

    @Test("a vote on a task still open for others' votes is recorded; another choice is the usual conflict")
    func voteStillOpen() throws {
        defer { project.remove() }
        let id = try start()
        _ = try act(id, "submit", as: "ann", fields: ["goals": "计划"])
        _ = try act(id, "approve", as: "bob")
        _ = try act(id, "yes", as: "cat", at: 15)
        let again = try refusal(id, "yes", as: "cat")
        #expect(again.message == "cat's 'yes' on 'vote' was already recorded at 2026-11-02 09:15 (+08:00); nothing changed")
        let other = try refusal(id, "no", as: "cat")
        #expect(other.reason == "conflict")
        #expect(other.message == "cat has already acted on task 'vote'")
    }

    @Test("one of several tasks of a state, named by its handle, is found again by it")
    func handle() throws {
        defer { project.remove() }
        let id = try start(owners: "[ann, ann]")
        _ = try act(id, "submit", as: "ann", fields: ["goals": "计划"])
        _ = try act(id, "approve", as: "bob")
        var state = try project.engine(at: Self.nine).instance(id)
        for person in ["ann", "bob", "cat", "dan", "eve"] { state = try act(id, "yes", as: person) }
        let handles = state.tasks.map { Engine.handle(of: $0, in: id) }
        try #require(handles.count == 2)
        _ = try act(id, "done", as: "ann", at: 20, state: handles[0])
        let error = try refusal(id, "done", as: "ann", state: handles[0])
        #expect(error.message == "ann's 'done' on 'write' (\(handles[0])) was already recorded at 2026-11-02 09:20 (+08:00); nothing changed")
        #expect(try act(id, "done", as: "ann", at: 40).status == .completed)
    }
}
