import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// A field of an object value.
func field(_ value: ExpressionValue?, _ key: String) -> ExpressionValue? {
    guard case .object(let object)? = value else { return nil }
    return object[key]
}

/// Parallel states: one scope per branch, joins all/any/N, the rest cancelled when the join is met.
@Suite struct ParallelTests {
    static func consultation(join: String) -> String {
        """
        steward: 1
        id: consultation
        start: consult
        states:
          consult:
            type: parallel
            join: \(join)
            branches:
              committee:
                start: committee-review
                states:
                  committee-review:
                    type: task
                    assignee: { role: union-committee }
                    due: 2h
                    actions:
                      agree: { to: committee-done }
                      refuse: { to: committee-refused }
                  committee-done: { type: final }
                  committee-refused: { type: final, outcome: rejected }
              secretary:
                start: secretary-read
                states:
                  secretary-read:
                    type: task
                    assignee: { role: branch-secretary }
                    due: 2h
                    actions:
                      agree: { to: secretary-done }
                  secretary-done: { type: final }
              office:
                start: office-wait
                states:
                  office-wait:
                    type: wait
                    for: 1h
                    next: office-done
                  office-done: { type: final }
            next: sign
          sign:
            type: task
            assignee: { role: union-office }
            actions: { ok: done }
          done: { type: final }
        """
    }

    static let twoHours = friday.adding(milliseconds: 7_200_000)
    static let oneHour = friday.adding(milliseconds: 3_600_000)

    @Test func eachBranchRunsInItsOwnScope() throws {
        let driver = try drive(Self.consultation(join: "all"))
        let committee = opened(1, scope: 1, "committee-review", people: ["zhang.wei", "chen.jing", "zhao.lei"],
                               roles: ["union-committee"], at: friday, due: Self.twoHours)
        let secretary = opened(3, scope: 2, "secretary-read", people: ["sun.hong"], roles: ["branch-secretary"], at: friday,
                               due: Self.twoHours)
        #expect(driver.lastEffects == [
            .openTask(committee), newTaskNotice(committee),
            .setTimer(timer(2, .due, at: Self.twoHours, scope: 1, state: "committee-review", task: "i1.task1")),
            .openTask(secretary), newTaskNotice(secretary),
            .setTimer(timer(4, .due, at: Self.twoHours, scope: 2, state: "secretary-read", task: "i1.task3")),
            .setTimer(timer(5, .wait, at: Self.oneHour, scope: 3, state: "office-wait")),
        ])
        #expect(driver.state.currentStates == ["consult", "committee-review", "secretary-read", "office-wait"])
        #expect(driver.state.scopes.map(\.branch) == [nil, "committee", "secretary", "office"])
        #expect(driver.state.scopes.map(\.parent) == [nil, 0, 0, 0])
    }

    @Test func joinAllWaitsForEveryBranch() throws {
        var driver = try drive(Self.consultation(join: "all"))
        #expect(try driver.advance(to: Self.oneHour) == [])
        #expect(driver.state.currentStates == ["consult", "committee-review", "secretary-read"])
        #expect(try driver.act("zhang.wei", "agree", on: "committee-review") == [.closeTask("i1.task1"), .clearTimer("i1.timer2")])
        let sign = opened(6, "sign", people: ["li.ming", "wang.fang"], roles: ["union-office"], at: Self.oneHour)
        #expect(try driver.act("sun.hong", "agree", on: "secretary-read") == [
            .closeTask("i1.task3"), .clearTimer("i1.timer4"), .openTask(sign), newTaskNotice(sign),
        ])
        let results = try #require(driver.state.scopes[0].records["consult"]?.results)
        #expect(results.map { field($0, "branch") } == ["committee", "secretary", "office"])
        #expect(results.map { field($0, "outcome") } == ["completed", "completed", "completed"])
        #expect(field(field(field(results[0], "states"), "committee-review"), "actor") == "zhang.wei")
        #expect(driver.state.currentStates == ["sign"])
    }

    @Test func joinAnyCancelsTheOtherBranchesClosingTheirTasksAndClearingTheirTimers() throws {
        var driver = try drive(Self.consultation(join: "any"))
        let sign = opened(6, "sign", people: ["li.ming", "wang.fang"], roles: ["union-office"], at: Self.oneHour)
        #expect(try driver.advance(to: Self.oneHour) == [
            .closeTask("i1.task1"), .clearTimer("i1.timer2"),
            .closeTask("i1.task3"), .clearTimer("i1.timer4"),
            .openTask(sign), newTaskNotice(sign),
        ])
        #expect(driver.state.tasks == [sign])
        #expect(driver.state.timers == [])
        #expect(driver.state.scopes.map(\.status) == [nil, .cancelled, .cancelled, .completed])
        let results = try #require(driver.state.scopes[0].records["consult"]?.results)
        #expect(results.map { field($0, "outcome") } == ["cancelled", "cancelled", "completed"])
        // The committee can no longer act in the cancelled branch.
        let refusal = #expect(throws: Refusal.self) {
            try driver.apply(.acted(task: "i1.task1", person: "zhang.wei", action: "agree", form: [:], comment: nil,
                                    onBehalfBy: nil))
        }
        #expect(refusal?.kind == .conflict)
    }

    @Test func joinTwoMovesOnAfterTwoBranchesWhateverTheirOutcome() throws {
        var driver = try drive(Self.consultation(join: "2"))
        try driver.advance(to: Self.oneHour)
        #expect(driver.state.currentStates == ["consult", "committee-review", "secretary-read"])
        let effects = try driver.act("chen.jing", "refuse", on: "committee-review")
        let sign = opened(6, "sign", people: ["li.ming", "wang.fang"], roles: ["union-office"], at: Self.oneHour)
        #expect(effects == [
            .closeTask("i1.task1"), .clearTimer("i1.timer2"),
            .closeTask("i1.task3"), .clearTimer("i1.timer4"),
            .openTask(sign), newTaskNotice(sign),
        ])
        let results = try #require(driver.state.scopes[0].records["consult"]?.results)
        #expect(results.map { field($0, "outcome") } == ["rejected", "cancelled", "completed"])
    }

    @Test func aBranchThatFinishesAtOnceMeetsJoinAnyBeforeTheOthersStart() throws {
        let yaml = """
        steward: 1
        id: quick
        start: both
        states:
          both:
            type: parallel
            join: any
            branches:
              quick:
                start: quick-log
                states:
                  quick-log:
                    type: action
                    uses: log
                    with: { message: 已登记 }
                    next: quick-done
                  quick-done: { type: final }
              slow:
                start: slow-task
                states:
                  slow-task:
                    type: task
                    assignee: { role: union-office }
                    actions: { ok: slow-done }
                  slow-done: { type: final }
            next: done
          done: { type: final }
        """
        let driver = try drive(yaml)
        #expect(driver.lastEffects == [.log("已登记"), .finish(.completed)])
        #expect(driver.state.tasks.isEmpty)
    }
}
