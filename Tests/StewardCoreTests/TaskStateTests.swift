import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// Task states: assignment from the roster, eligibility, forms, `require`, `if`, `set`.
@Suite struct TaskStateTests {
    static let plan = """
    steward: 1
    id: plan
    start: draft
    states:
      draft:
        type: task
        title: 起草规划
        assignee: { role: union-office }
        form:
          goals:  { type: text, required: true }
          budget: { type: number }
        actions:
          submit:
            to: review
            set:
              author: ${{ actor }}
              budget: ${{ states.draft.form.budget }}
      review:
        type: task
        title: "审批（预算 ${{ vars.budget }} 元）"
        assignee: { role: branch-secretary }
        actions:
          approve:
            to: done
            if: ${{ vars.budget <= 10000 }}
          reject: { to: rejected, require: [comment] }
      done: { type: final }
      rejected: { type: final, outcome: rejected }
    """

    @Test func theTaskIsAssignedToTheRoleMembersWhenEntered() throws {
        let driver = try drive(Self.plan)
        let draft = opened(1, "draft", title: "起草规划", people: ["li.ming", "wang.fang"], roles: ["union-office"], at: friday)
        #expect(driver.lastEffects == [.openTask(draft), newTaskNotice(draft)])
        #expect(driver.state.tasks == [draft])
        #expect(driver.state.currentStates == ["draft"])
        #expect(driver.state.status == .running)
    }

    struct RefusedAct: Sendable, CustomTestStringConvertible {
        let label: String
        let person: String
        let action: String
        let form: ExpressionObject
        let kind: Refusal.Kind
        var testDescription: String { label }
    }

    static let refusedActs: [RefusedAct] = [
        RefusedAct(label: "not an assignee", person: "zhang.wei", action: "submit", form: ["goals": "计划"], kind: .notEligible),
        RefusedAct(label: "unknown person", person: "nobody", action: "submit", form: ["goals": "计划"], kind: .notEligible),
        RefusedAct(label: "no such action", person: "li.ming", action: "publish", form: ["goals": "计划"], kind: .actionNotAllowed),
        RefusedAct(label: "required field missing", person: "li.ming", action: "submit", form: [:], kind: .missingRequired),
        RefusedAct(label: "required field blank", person: "li.ming", action: "submit", form: ["goals": "   "], kind: .missingRequired),
        RefusedAct(label: "required field null", person: "li.ming", action: "submit", form: ["goals": .null], kind: .missingRequired),
        RefusedAct(label: "field the form lacks", person: "li.ming", action: "submit", form: ["goals": "计划", "extra": 1],
                   kind: .invalidForm),
    ]

    @Test(arguments: refusedActs)
    func aRefusedActLeavesTheInstanceAsItWas(_ act: RefusedAct) throws {
        var driver = try drive(Self.plan)
        let before = driver.state
        driver.clock.advance(hours: 1)
        let refusal = #expect(throws: Refusal.self) {
            try driver.act(act.person, act.action, on: "draft", form: act.form)
        }
        #expect(refusal?.kind == act.kind)
        #expect(driver.state == before)
        #expect(driver.events.isEmpty)
        #expect(driver.refusals.count == 1)
    }

    @Test func refusalsSayWhatIsWrong() throws {
        var driver = try drive(Self.plan)
        #expect(throws: Refusal(.notEligible, "zhang.wei is not among the people of task 'draft' (li.ming, wang.fang)")) {
            try driver.act("zhang.wei", "submit", on: "draft", form: ["goals": "计划"])
        }
        #expect(throws: Refusal(.missingRequired, "'submit' needs 'goals' filled in")) {
            try driver.act("li.ming", "submit", on: "draft")
        }
        #expect(throws: Refusal(.conflict, "task i1.task9 is not open (it was done or closed meanwhile)")) {
            try driver.apply(.acted(task: "i1.task9", person: "li.ming", action: "submit", form: [:], comment: nil,
                                    onBehalfBy: nil))
        }
    }

    @Test func submittingRecordsTheFormSetsVariablesAndOpensTheNextTask() throws {
        var driver = try drive(Self.plan)
        let t1 = driver.clock.advance(hours: 2)
        let effects = try driver.act("wang.fang", "submit", on: "draft", form: ["goals": "加强基层组织建设", "budget": 5000.0])
        let review = opened(2, "review", title: "审批（预算 5000 元）", people: ["sun.hong"], roles: ["branch-secretary"], at: t1)
        #expect(effects == [.closeTask("i1.task1"), .openTask(review), newTaskNotice(review)])
        #expect(driver.state.vars == ["author": "wang.fang", "budget": 5000.0])
        var record = StateRecord()
        record.form = ["goals": "加强基层组织建设", "budget": 5000.0]
        record.action = "submit"
        record.actor = "wang.fang"
        record.at = t1
        record.actors = ["wang.fang"]
        record.votes = [Vote(person: "wang.fang", action: "submit", form: record.form, comment: nil, at: t1)]
        #expect(driver.state.scopes[0].records["draft"] == record)
        #expect(driver.state.currentStates == ["review"])
    }

    @Test func aTaskForAnEmptyRoleOpensAndTheAdminsAreTold() throws {
        let yaml = """
        steward: 1
        id: vacant
        start: sign
        states:
          sign:
            type: task
            title: 签批
            assignee: { role: vacant }
            actions: { ok: done }
          done: { type: final }
        """
        let driver = try drive(yaml)
        let task = try #require(driver.state.tasks.first)
        #expect(task.assignees.isEmpty)
        #expect(driver.lastNotes.map(\.what).contains("task 'sign' has nobody who may act on it (role vacant has no members)"))
        #expect(driver.lastEffects.contains(.notify(Notice(
            people: ["sun.hong"], subject: "无人办理：签批",
            body: "task \(task.id) has nobody who may act on it (role vacant has no members)", reason: "no-assignee", task: task.id))))
    }

    @Test func aMisspeltActionIsRefusedWithTheOneMeant() throws {
        var driver = try drive(Self.plan)
        let refusal = #expect(throws: Refusal.self) {
            try driver.act("li.ming", "sbumit", on: "draft", form: ["goals": "计划", "budget": 2000.0])
        }
        #expect(refusal?.kind == .actionNotAllowed)
        #expect(refusal?.message.hasPrefix("'sbumit' is not an action of task 'draft' (did you mean 'submit'?); its actions: ") == true,
                "\(refusal?.message ?? "")")
    }

    @Test func anActionWhoseConditionFailsIsRefusedAndTheOtherStillWorks() throws {
        var driver = try drive(Self.plan)
        try driver.act("li.ming", "submit", on: "draft", form: ["goals": "计划", "budget": 20000.0])
        let before = driver.state
        let refusal = #expect(throws: Refusal.self) { try driver.act("sun.hong", "approve", on: "review") }
        #expect(refusal?.kind == .actionNotAllowed)
        #expect(refusal?.message == "'approve' is not allowed now: its condition '${{ vars.budget <= 10000 }}' does not hold")
        #expect(driver.state == before)

        // `require: [comment]`: a blank comment is no comment.
        for comment in [nil, "", "  "] as [String?] {
            let missing = #expect(throws: Refusal.self) {
                try driver.act("sun.hong", "reject", on: "review", comment: comment)
            }
            #expect(missing == Refusal(.missingRequired, "'reject' needs 'comment' filled in"))
            #expect(driver.state == before)
        }

        let effects = try driver.act("sun.hong", "reject", on: "review", comment: "预算超标")
        #expect(effects == [.closeTask("i1.task2"), .finish(.rejected)])
        #expect(driver.state.status == .rejected)
        #expect(driver.state.scopes[0].records["review"]?.comment == "预算超标")
        #expect(driver.state.tasks.isEmpty)
    }

    @Test func anActionWhoseConditionHoldsDecides() throws {
        var driver = try drive(Self.plan)
        try driver.act("li.ming", "submit", on: "draft", form: ["goals": "计划", "budget": 8000.0])
        let effects = try driver.act("sun.hong", "approve", on: "review")
        #expect(effects == [.closeTask("i1.task2"), .finish(.completed)])
        #expect(driver.state.status == .completed)
        #expect(driver.state.scopes[0].records["review"]?.action == "approve")
    }

    @Test func anEndedInstanceRefusesEveryEvent() throws {
        var driver = try drive(Self.plan)
        try driver.act("li.ming", "submit", on: "draft", form: ["goals": "计划", "budget": 8000.0])
        try driver.act("sun.hong", "approve", on: "review")
        let ended = driver.state
        for event: CoreEvent in [.cancelled(reason: "late", by: "sun.hong"), .timerFired(timer: "i1.timer1"),
                                 .signalled(name: "x", payload: 1)] {
            let refusal = #expect(throws: Refusal.self) { try driver.apply(event) }
            #expect(refusal?.kind == .finished)
        }
        #expect(driver.state == ended)
    }

    @Test func aTaskForAComputedPersonGoesToThatPerson() throws {
        let yaml = """
        steward: 1
        id: handover
        inputs:
          owner: { type: person, required: true }
        start: report
        states:
          report:
            type: task
            assignee: { person: "${{ inputs.owner }}" }
            actions: { done: finished }
          finished: { type: final }
        """
        var driver = try drive(yaml, inputs: ["owner": "zhou.min"])
        #expect(driver.state.tasks.map(\.assignees) == [["zhou.min"]])
        #expect(driver.state.tasks.map(\.roles) == [[]])
        try driver.act("zhou.min", "done", on: "report")
        #expect(driver.state.status == .completed)
    }

    @Test func startRefusesInputsThatDoNotFit() throws {
        let yaml = """
        steward: 1
        id: inputs
        inputs:
          year: { type: integer, required: true }
          branch: { type: string, default: 机关工会 }
        start: done
        states:
          done: { type: final }
        """
        let m = try machine(yaml)
        #expect(throws: Refusal(.invalidInput, "the input 'year' is required")) {
            try m.start(id: "i1", inputs: [:], now: friday)
        }
        #expect(throws: Refusal(.invalidInput, "the workflow has no input 'yeer'; its inputs: year, branch")) {
            try m.start(id: "i1", inputs: ["yeer": 2025], now: friday)
        }
        let step = try m.start(id: "i1", inputs: ["year": 2025], now: friday)
        #expect(step.state.inputs == ["year": 2025, "branch": "机关工会"])
        #expect(step.effects == [.finish(.completed)])
    }
}
