import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// Foreach states: one scope per item, the item visible inside, results in item order.
@Suite struct ForeachTests {
    static func fanOut(join: String = "all") -> String {
        """
        steward: 1
        id: fan-out
        inputs:
          items:
            type: list
            items:
              type: object
              fields:
                name:     { type: string }
                owner:    { type: person }
                deadline: { type: date }
        start: assign
        states:
          assign:
            type: foreach
            items: ${{ inputs.items }}
            as: plan
            join: \(join)
            do:
              start: report
              states:
                report:
                  type: task
                  title: "落实：${{ plan.name }}"
                  assignee: { person: "${{ plan.owner }}" }
                  due: ${{ plan.deadline }}
                  form:
                    summary: { type: text, required: true }
                  actions:
                    done: { to: finished }
                finished: { type: final }
            next: assess
          assess:
            type: task
            title: "评估 ${{ len(states.assign.results) }} 项"
            assignee: { role: branch-secretary }
            actions: { ok: done }
          done: { type: final }
        """
    }

    static let items: ExpressionValue = [
        ["name": "组织生活会", "owner": "zhou.min", "deadline": .date(CivilDate(iso: "2025-03-31")!)],
        ["name": "主题党日", "owner": "wang.fang", "deadline": .null],
        ["name": "学习教育", "owner": "li.ming", "deadline": .date(CivilDate(iso: "2025-02-28")!)],
    ]

    static let endOfMarch31 = at("2025-03-31T23:59:59.999+08:00")
    static let endOfFebruary28 = at("2025-02-28T23:59:59.999+08:00")

    @Test func eachItemGetsItsOwnScopeAndSeesItsItem() throws {
        let driver = try drive(Self.fanOut(), inputs: ["items": Self.items])
        let t1 = opened(1, scope: 1, "report", title: "落实：组织生活会", people: ["zhou.min"], at: friday, due: Self.endOfMarch31)
        let t3 = opened(3, scope: 2, "report", title: "落实：主题党日", people: ["wang.fang"], at: friday)
        let t4 = opened(4, scope: 3, "report", title: "落实：学习教育", people: ["li.ming"], at: friday, due: Self.endOfFebruary28)
        #expect(driver.lastEffects == [
            .openTask(t1), newTaskNotice(t1),
            .setTimer(timer(2, .due, at: Self.endOfMarch31, scope: 1, state: "report", task: "i1.task1")),
            .openTask(t3), newTaskNotice(t3),
            .openTask(t4), newTaskNotice(t4),
            .setTimer(timer(5, .due, at: Self.endOfFebruary28, scope: 3, state: "report", task: "i1.task4")),
        ])
        #expect(driver.state.scopes.map(\.itemIndex) == [nil, 0, 1, 2])
        #expect(driver.state.scopes.dropFirst().map(\.item) == Self.items.listItems.map { $0.map(Optional.some) })
    }

    @Test func resultsAreCollectedInItemOrderWhateverOrderTheyFinish() throws {
        var driver = try drive(Self.fanOut(), inputs: ["items": Self.items])
        let later = driver.clock.advance(days: 3)
        let refusal = #expect(throws: Refusal.self) {
            try driver.apply(.acted(task: "i1.task4", person: "li.ming", action: "done", form: [:], comment: nil, onBehalfBy: nil))
        }
        #expect(refusal?.kind == .missingRequired)
        for (task, person) in [("i1.task4", "li.ming"), ("i1.task3", "wang.fang")] {
            try driver.apply(.acted(task: task, person: person, action: "done", form: ["summary": .string("\(person) 已完成")],
                                    comment: nil, onBehalfBy: nil))
        }
        #expect(driver.state.currentStates == ["assign", "report"])
        let effects = try driver.apply(.acted(task: "i1.task1", person: "zhou.min", action: "done",
                                              form: ["summary": "zhou.min 已完成"], comment: nil, onBehalfBy: nil))
        let assess = opened(6, "assess", title: "评估 3 项", people: ["sun.hong"], roles: ["branch-secretary"], at: later)
        #expect(effects == [.closeTask("i1.task1"), .clearTimer("i1.timer2"), .openTask(assess), newTaskNotice(assess)])
        let results = try #require(driver.state.scopes[0].records["assign"]?.results)
        #expect(results.map { field($0, "item") } == Self.items.listItems.map { $0.map(Optional.some) })
        #expect(results.map { field(field(field(field($0, "states"), "report"), "form"), "summary") }
                == ["zhou.min 已完成", "wang.fang 已完成", "li.ming 已完成"])
        #expect(results.map { field($0, "outcome") } == ["completed", "completed", "completed"])
    }

    @Test func anEmptyListGoesStraightOn() throws {
        let driver = try drive(Self.fanOut(), inputs: ["items": []])
        let assess = opened(1, "assess", title: "评估 0 项", people: ["sun.hong"], roles: ["branch-secretary"], at: friday)
        #expect(driver.lastEffects == [.openTask(assess), newTaskNotice(assess)])
        #expect(driver.state.scopes.count == 1)
        #expect(driver.state.scopes[0].records["assign"]?.results == [])
    }

    @Test func joinAnyCancelsTheOtherItems() throws {
        var driver = try drive(Self.fanOut(join: "any"), inputs: ["items": Self.items])
        let effects = try driver.apply(.acted(task: "i1.task3", person: "wang.fang", action: "done",
                                              form: ["summary": "已完成"], comment: nil, onBehalfBy: nil))
        let assess = opened(6, "assess", title: "评估 3 项", people: ["sun.hong"], roles: ["branch-secretary"], at: friday)
        #expect(effects == [
            .closeTask("i1.task3"),
            .closeTask("i1.task1"), .clearTimer("i1.timer2"),
            .closeTask("i1.task4"), .clearTimer("i1.timer5"),
            .openTask(assess), newTaskNotice(assess),
        ])
        #expect(driver.state.tasks == [assess])
        #expect(driver.state.timers.isEmpty)
        let results = try #require(driver.state.scopes[0].records["assign"]?.results)
        #expect(results.map { field($0, "outcome") } == ["cancelled", "completed", "cancelled"])
    }
}

extension ExpressionValue {
    var listItems: [ExpressionValue]? {
        if case .list(let items) = self { return items }
        return nil
    }
}
