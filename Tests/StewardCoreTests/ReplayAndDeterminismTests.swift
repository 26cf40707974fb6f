import Foundation
import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// Replaying a recorded event list rebuilds the instance exactly; the same events at the
/// same times always give the same states and effects.
@Suite struct ReplayAndDeterminismTests {
    /// The whole example of the language's design page, nearly verbatim.
    static let partyBuildingPlan = """
    steward: 1
    id: party-building-plan
    title: 年度党建工作规划
    calendar: cn-workdays
    inputs:
      year:   { type: integer, required: true, min: 2000 }
      branch: { type: string, default: 机关工会 }
    outputs:
      archived: ${{ states.archive.output }}
      reports: ${{ len(states.assign.results) }}
    start: draft
    states:
      draft:
        type: task
        title: 起草规划
        assignee: { role: union-office }
        due: 10 workdays
        remind: [2 workdays before due]
        form:
          goals:  { type: text, required: true, label: 工作目标 }
          items:
            type: list
            label: 重点任务
            items:
              type: object
              fields:
                name:     { type: string, required: true }
                owner:    { type: person, required: true }
                deadline: { type: date }
        actions:
          submit: { to: review }
      review:
        type: task
        title: 工会委员会审议
        assignee: { role: union-committee }
        quorum: majority
        separate_from: [draft]
        due: 5 workdays
        escalate:
          - after: due
            to: { role: branch-secretary }
        actions:
          approve: { to: approval }
          reject:  { to: draft, require: [comment] }
      approval:
        type: task
        assignee: { role: branch-secretary }
        separate_from: [draft]
        actions:
          approve: { to: publish }
          return:  { to: draft, require: [comment] }
      publish:
        type: action
        uses: notify
        with:
          to: { role: members }
          subject: "${{ inputs.year }}年党建工作规划已发布"
        next: assign
      assign:
        type: foreach
        items: ${{ states.draft.form.items }}
        as: item
        do:
          start: report
          states:
            report:
              type: task
              title: "落实：${{ item.name }}"
              assignee: { person: "${{ item.owner }}" }
              due: ${{ item.deadline }}
              form:
                summary: { type: text, required: true }
              actions:
                done: { to: finished }
            finished: { type: final }
        next: assess
      assess:
        type: choice
        choices:
          - if: ${{ len(states.assign.results) == len(states.draft.form.items) }}
            to: archive
        default: draft
      archive:
        type: action
        uses: archive
        with:
          ledger: "党建台账/${{ inputs.year }}"
        retry: { max: 3, backoff: 30s }
        catch:
          - error: any
            to: archive-failed
        next: done
      archive-failed: { type: final, outcome: failed }
      done:           { type: final, outcome: completed }
    """

    static let items: ExpressionValue = [
        ["name": "组织生活会", "owner": "zhou.min", "deadline": .date(CivilDate(iso: "2025-03-31")!)],
        ["name": "主题党日", "owner": "chen.jing", "deadline": .null],
    ]

    /// A year of the plan: a rejection, a reminder, an escalation, two reports, a failed and a retried archive.
    static func runPlan() throws -> WorkflowDriver {
        var d = try WorkflowDriver(machine: machine(partyBuildingPlan, calendar: chinaCalendar), clock: ManualClock(friday),
                                   inputs: ["year": 2025], by: "li.ming")
        let clock = d.clock
        clock.advance(days: 1)
        try d.act("li.ming", "submit", on: "draft", form: ["goals": "初稿", "items": items])
        try d.act("zhang.wei", "reject", on: "review", comment: "目标不具体")
        clock.advance(hours: 2)
        try d.act("chen.jing", "reject", on: "review", comment: "请细化")
        // The second draft waits until its reminder (two working days before its deadline) has fired.
        let reminder = try #require(d.timers("draft", kind: .reminder).first)
        try d.advance(to: reminder.at)
        try d.act("wang.fang", "submit", on: "draft", form: ["goals": "二稿：加强基层组织建设", "items": items])
        // Nobody on the committee acts: at the deadline the review goes to the branch secretary.
        let due = try #require(d.task("review")?.dueAt)
        try d.advance(to: due)
        clock.advance(hours: 1)
        try d.act("sun.hong", "approve", on: "review")
        try d.apply(.signalled(name: "printed", payload: ["copies": 40]))
        try d.act("sun.hong", "approve", on: "approval")
        try d.succeed("publish", output: ["sent": 3])
        clock.advance(days: 7)
        for (person, summary) in [("chen.jing", "已开展主题党日"), ("zhou.min", "已召开组织生活会")] {
            guard let task = d.state.tasks.first(where: { $0.assignees == [person] }) else {
                throw Refusal(.notFound, "no task for \(person)")
            }
            try d.apply(.acted(task: task.id, person: person, action: "done", form: ["summary": .string(summary)],
                               comment: nil, onBehalfBy: nil))
            clock.advance(hours: 3)
        }
        try d.fail("archive", kind: "io", message: "ledger locked")
        try d.advance(milliseconds: 30_000)
        try d.succeed("archive", output: ["package": "党建台账/2025/0001"])
        return d
    }

    @Test func theLongScenarioEndsAsExpected() throws {
        let d = try Self.runPlan()
        #expect(d.state.status == .completed)
        #expect(d.state.outputs == ["archived": ["package": "党建台账/2025/0001"], "reports": 2])
        #expect(d.state.vars == ["signals": ["printed": ["copies": 40]]])
        #expect(d.state.tasks.isEmpty && d.state.timers.isEmpty && d.state.steps.isEmpty)
        #expect(d.refusals.isEmpty)
        #expect(d.events.count >= 15)
        // The escalation handed the review to the secretary, who decided it alone.
        #expect(d.state.scopes[0].records["review"]?.actor == "sun.hong")
        #expect(d.effects.contains { if case .notify(let n) = $0 { n.reason == "reminder" } else { false } })
    }

    @Test func replayingTheRecordedEventsRebuildsTheExactState() throws {
        let d = try Self.runPlan()
        #expect(try d.replayed() == d.state)
        // Every intermediate state too: replaying each prefix gives the state recorded after it.
        for n in 0..<d.events.count {
            let state = try d.machine.replay(id: "i1", start: d.start, events: Array(d.events.prefix(n)))
            #expect(state == d.history[n].state, "after \(n) events")
        }
    }

    /// What the trail stores is JSON; events and states read back from it replay to the same state.
    @Test func replayingEventsReadBackFromJSONRebuildsTheExactState() throws {
        let d = try Self.runPlan()
        struct Entry: Codable {
            let event: CoreEvent
            let at: Instant
        }
        let data = try JSONEncoder().encode(d.events.map { Entry(event: $0.event, at: $0.at) })
        let read = try JSONDecoder().decode([Entry].self, from: data)
        let rebuilt = try d.machine.replay(id: "i1", start: d.start, events: read.map { ($0.event, $0.at) })
        #expect(rebuilt == d.state)
        let stored = try JSONDecoder().decode(InstanceState.self, from: JSONEncoder().encode(d.state))
        #expect(stored == d.state)
    }

    @Test func theSameEventsAtTheSameTimesGiveTheSameStatesAndEffects() throws {
        let first = try Self.runPlan()
        let second = try Self.runPlan()
        #expect(first.history.count == second.history.count)
        for (a, b) in zip(first.history, second.history) {
            #expect(a.event == b.event)
            #expect(a.at == b.at)
            #expect(a.state == b.state)
            #expect(a.effects == b.effects)
            #expect(a.notes == b.notes)
        }
    }

    @Test func applyingAnEventToTheSameStateTwiceGivesTheSameStep() throws {
        let d = try Self.runPlan()
        for (n, (event, time)) in d.events.enumerated() {
            let before = d.history[n].state
            let one = try d.machine.apply(event, to: before, now: time)
            let two = try d.machine.apply(event, to: before, now: time)
            #expect(one.state == two.state)
            #expect(one.effects == two.effects)
            #expect(one.notes == two.notes)
            #expect(one.state == d.history[n + 1].state)
        }
    }
}
