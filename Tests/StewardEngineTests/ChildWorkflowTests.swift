import Foundation
import StewardCore
import StewardEngine
import StewardStore
import StewardTime
import Testing

/// A `workflow` state starts a child instance in the same transaction; the child's end
/// resumes the parent, and a parent that ends cancels the children still running.
@Suite("child workflows")
struct ChildWorkflowTests {
    static let now = Instant.at("2026-11-02T09:00:00+08:00")

    static let parent = """
        steward: 1
        id: yearly-plan
        title: 年度计划
        start: collect
        states:
          collect:
            type: workflow
            uses: branch-report
            with: { branch: 第一支部 }
            next: decide
          decide:
            type: choice
            choices:
              - if: ${{ states.collect.output.outcome == 'completed' }}
                to: done
            default: failed
          done: { type: final }
          failed: { type: final, outcome: failed }

        """

    static let child = """
        steward: 1
        id: branch-report
        title: 支部报告
        inputs:
          branch: { type: string, required: true }
        start: write
        states:
          write:
            type: task
            title: "${{ inputs.branch }}报告"
            assignee: { role: office }
            actions:
              submit: finished
          finished: { type: final }

        """

    /// A race: the office's own answer or the branch's report, whichever comes first.
    static let race = """
        steward: 1
        id: first-answer
        title: 先到先用
        start: ask
        states:
          ask:
            type: parallel
            join: any
            branches:
              office:
                start: answer
                states:
                  answer:
                    type: task
                    assignee: { person: bob }
                    actions:
                      done: answered
                  answered: { type: final }
              branch:
                start: report
                states:
                  report:
                    type: workflow
                    uses: branch-report
                    with: { branch: 第二支部 }
                    next: reported
                  reported: { type: final }
            next: wrap-up
          wrap-up:
            type: task
            assignee: { person: bob }
            actions:
              close: done
          done: { type: final }

        """

    func project() throws -> (TestProject, Engine) {
        let project = try TestProject(workflows: ["yearly-plan": Self.parent, "branch-report": Self.child])
        return (project, try project.engine(at: Self.now))
    }

    func child(of parent: String, _ engine: Engine) throws -> InstanceState {
        let rows = try engine.store.read { tx in try tx.childInstances(of: parent) }
        let row = try #require(rows.first)
        return try engine.instance(row.id)
    }

    @Test("the child's end resumes the parent with its outcome")
    func childResumesParent() throws {
        let (project, engine) = try project()
        defer { project.remove() }
        let parent = try engine.start(workflow: "yearly-plan", inputs: [:], actor: .engine(account: "t", host: "t"))
        #expect(parent.currentStates == ["collect"])
        let child = try child(of: parent.id, engine)
        #expect(child.parent?.instance == parent.id)
        #expect(child.tasks.first?.title == "第一支部报告")
        let ann = ActorIdentity(person: "ann", account: "t", host: "t")
        _ = try engine.act(instance: child.id, action: "submit", state: nil, fields: [:], comment: nil, actor: ann)
        #expect(try engine.instance(child.id).status == .completed)
        #expect(try engine.instance(parent.id).status == .completed)
        #expect(try engine.replayAll().mismatches.isEmpty)
    }

    @Test("a join that cancels the branch waiting for a child cancels the child too")
    func joinCancelsChild() throws {
        let project = try TestProject(workflows: ["first-answer": Self.race, "branch-report": Self.child])
        defer { project.remove() }
        let engine = try project.engine(at: Self.now)
        let parent = try engine.start(workflow: "first-answer", inputs: [:], actor: .engine(account: "t", host: "t"))
        let child = try child(of: parent.id, engine)
        #expect(child.status == .running)
        let bob = ActorIdentity(person: "bob", account: "t", host: "t")
        _ = try engine.act(instance: parent.id, action: "done", state: nil, fields: [:], comment: nil, actor: bob)
        #expect(try engine.instance(parent.id).currentStates == ["wrap-up"])
        let cancelled = try engine.instance(child.id)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.reason?.contains("left 'report'") == true)
        #expect(try engine.inbox(TaskFilter(person: "ann"), limit: 10).items.isEmpty)
        #expect(try engine.replayAll().mismatches.isEmpty)
    }

    @Test("a child that ended is not cancelled again when its state is left")
    func finishedChildIsLeftAlone() throws {
        let (project, engine) = try project()
        defer { project.remove() }
        let parent = try engine.start(workflow: "yearly-plan", inputs: [:], actor: .engine(account: "t", host: "t"))
        let child = try child(of: parent.id, engine)
        let ann = ActorIdentity(person: "ann", account: "t", host: "t")
        _ = try engine.act(instance: child.id, action: "submit", state: nil, fields: [:], comment: nil, actor: ann)
        #expect(try engine.instance(child.id).status == .completed)
        let childEvents = try engine.store.entries(instance: child.id).map(\.entry.event)
        #expect(!childEvents.contains("cancelled"))
    }

    @Test("cancelling the parent cancels the child; the child cannot act afterwards")
    func cancelReachesChild() throws {
        let (project, engine) = try project()
        defer { project.remove() }
        let parent = try engine.start(workflow: "yearly-plan", inputs: [:], actor: .engine(account: "t", host: "t"))
        let child = try child(of: parent.id, engine)
        _ = try engine.cancel(instance: parent.id, reason: "计划取消", actor: .engine(account: "t", host: "t"))
        #expect(try engine.instance(child.id).status == .cancelled)
        let ann = ActorIdentity(person: "ann", account: "t", host: "t")
        #expect(throws: EngineError.self) {
            _ = try engine.act(instance: child.id, action: "submit", state: nil, fields: [:], comment: nil, actor: ann)
        }
        #expect(try engine.replayAll().mismatches.isEmpty)
    }
}
