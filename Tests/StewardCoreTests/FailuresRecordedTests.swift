import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// An expression of the workflow that fails is a recorded error, never a silent null.
@Suite struct FailuresRecordedTests {
    static let budget = """
    steward: 1
    id: budget
    start: draft
    outputs:
      total: ${{ states.draft.form.amount * 2 }}
    states:
      draft:
        type: task
        assignee: { role: union-office }
        form:
          amount: { type: number }
        actions:
          submit: { to: done, set: { doubled: "${{ states.draft.form.amount * 2 }}" } }
          skip: { to: done }
        due: 1 days
        escalate:
          - after: due
            action: submit
      done: { type: final }
    """

    @Test("a set: that fails refuses the act, and nothing changes")
    func setRefuses() throws {
        var driver = try drive(Self.budget)
        let before = driver.state
        let refusal = #expect(throws: Refusal.self) { try driver.act("li.ming", "submit", on: "draft") }
        #expect(refusal?.kind == .workflowError)
        #expect(refusal?.message.hasPrefix("action 'submit' of task 'draft' could not set 'doubled': ") == true,
                "\(String(describing: refusal))")
        #expect(driver.state == before)
        // With the amount given, the same action works.
        try driver.act("li.ming", "submit", on: "draft", form: ["amount": .number(10)])
        #expect(driver.state.vars["doubled"] == .number(20))
        #expect(driver.state.outputs["total"] == .number(20))
        #expect(driver.state.status == .completed)
    }

    @Test("an output that fails fails the instance with the message, instead of completing with null")
    func outputFails() throws {
        var driver = try drive(Self.budget)
        try driver.act("li.ming", "skip", on: "draft")
        #expect(driver.state.status == .failed)
        #expect(driver.state.reason?.hasPrefix("output 'total' could not be computed: ") == true, "\(String(describing: driver.state.reason))")
        #expect(try driver.replayed() == driver.state)
    }

    @Test("an escalation whose action cannot set its variable fails the instance, saying why")
    func escalationFails() throws {
        var driver = try drive(Self.budget)
        try driver.advance(milliseconds: 86_400_000)
        #expect(driver.state.status == .failed)
        #expect(driver.state.reason?.contains("could not set 'doubled'") == true, "\(String(describing: driver.state.reason))")
    }

    @Test("the oldest instances keep taking null, as they did when they ran")
    func oldRulesTakeNull() throws {
        var driver = try drive(Self.budget, rules: nil)
        try driver.act("li.ming", "submit", on: "draft")
        #expect(driver.state.vars["doubled"] == .null)
        #expect(driver.state.status == .completed)
        #expect(driver.state.outputs["total"] == .null)
    }

    static let notifyNobody = """
    steward: 1
    id: chase
    start: work
    states:
      work:
        type: task
        title: "办理：${{ inputs.n * 2 }}"
        assignee: { role: union-office }
        due: 1 days
        escalate:
          - after: due
            notify: [{ person: "${{ states.work.form.boss.id }}" }]
        form:
          boss: { type: object, fields: { id: { type: string } } }
        actions:
          done: { to: end }
      end: { type: final }
    inputs:
      n: { type: integer }
    """

    @Test("a title or an escalation's people that cannot be computed are named in the trail and told to the admins")
    func escalationPeopleAndTitle() throws {
        var driver = try drive(Self.notifyNobody)
        #expect(driver.state.tasks.first?.title == "work")
        #expect(driver.lastNotes.contains { $0.what.contains("the title of task 'work' could not be computed") }, "\(driver.lastNotes)")
        let effects = try driver.advance(milliseconds: 86_400_000)
        #expect(driver.lastNotes.contains { $0.what.contains("escalation could not resolve whom to notify") }, "\(driver.lastNotes)")
        #expect(effects.contains { effect in
            if case .notify(let notice) = effect { notice.reason == "escalation-failed" && notice.people == ["sun.hong"] } else { false }
        })
    }
}
