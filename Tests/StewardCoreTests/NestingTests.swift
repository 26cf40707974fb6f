import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// Flows inside flows: a foreach inside a parallel branch, a foreach visited twice, a branch failing.
@Suite struct NestingTests {
    static let nested = """
    steward: 1
    id: nested
    inputs:
      people: { type: list, items: { type: person } }
    start: both
    states:
      both:
        type: parallel
        join: any
        branches:
          reports:
            start: collect
            states:
              collect:
                type: foreach
                items: ${{ inputs.people }}
                as: who
                do:
                  start: report
                  states:
                    report:
                      type: task
                      title: "报告：${{ who }}"
                      assignee: { person: "${{ who }}" }
                      due: 2 days
                      actions: { done: reported }
                    reported: { type: final }
                next: reports-done
              reports-done: { type: final }
          decision:
            start: decide
            states:
              decide:
                type: task
                assignee: { role: branch-secretary }
                actions:
                  enough: decided
                  fail: broken
              decided: { type: final }
              broken:
                type: action
                uses: fail
                with: { reason: 决定无法执行 }
                next: decided
        next: again
      again:
        type: task
        assignee: { role: union-office }
        actions:
          repeat: both
          finish: done
      done: { type: final }
    """

    @Test func meetingTheJoinCancelsTheItemsOfAForeachInsideTheOtherBranch() throws {
        var driver = try drive(Self.nested, inputs: ["people": ["zhou.min", "qian.li"]])
        // Scopes: 0 top, 1 the reports branch, 2 and 3 its items, 4 the decision branch.
        #expect(driver.state.currentStates == ["both", "collect", "report", "report", "decide"])
        #expect(driver.state.tasks.map(\.title) == ["报告：zhou.min", "报告：qian.li", "decide"])
        try driver.act("zhou.min", "done", on: "report")
        let effects = try driver.act("sun.hong", "enough", on: "decide")
        let again = opened(6, "again", people: ["li.ming", "wang.fang"], roles: ["union-office"], at: friday)
        #expect(effects == [
            .closeTask("i1.task5"),
            .closeTask("i1.task3"), .clearTimer("i1.timer4"),
            .openTask(again), newTaskNotice(again),
        ])
        #expect(driver.state.tasks == [again])
        #expect(driver.state.timers.isEmpty)
        #expect(driver.state.scopes.map(\.status) == [nil, .cancelled, .completed, .cancelled, .completed])
    }

    @Test func aSecondVisitStartsFreshScopesAndFreshResults() throws {
        var driver = try drive(Self.nested, inputs: ["people": ["zhou.min"]])
        try driver.act("zhou.min", "done", on: "report")
        #expect(driver.state.currentStates == ["again"])
        #expect(field(driver.state.scopes[0].records["both"]?.results?.first, "outcome") == "completed")
        try driver.act("li.ming", "repeat", on: "again")
        // The first visit used scopes 1–3; the second adds 4 (reports), 5 (its item) and 6 (decision).
        #expect(driver.state.currentStates == ["both", "collect", "report", "decide"])
        #expect(driver.state.scopes[0].children == [4, 6])
        try driver.act("sun.hong", "enough", on: "decide")
        let results = try #require(driver.state.scopes[0].records["both"]?.results)
        #expect(results.map { field($0, "branch") } == ["reports", "decision"])
        #expect(results.map { field($0, "outcome") } == ["cancelled", "completed"])
        try driver.act("wang.fang", "finish", on: "again")
        #expect(driver.state.status == .completed)
        #expect(try driver.replayed() == driver.state)
    }

    @Test func aFailureInsideABranchFailsTheInstanceAndClosesTheOtherBranches() throws {
        var driver = try drive(Self.nested, inputs: ["people": ["zhou.min", "qian.li"]])
        let effects = try driver.act("sun.hong", "fail", on: "decide")
        #expect(effects == [
            .closeTask("i1.task5"),
            .closeTask("i1.task1"), .clearTimer("i1.timer2"),
            .closeTask("i1.task3"), .clearTimer("i1.timer4"),
            .finish(.failed),
        ])
        #expect(driver.state.status == .failed)
        #expect(driver.state.reason == "step 'broken' failed (fail): 决定无法执行")
        #expect(driver.state.tasks.isEmpty && driver.state.timers.isEmpty)
    }

    @Test func aTimedOutAttemptIsRetriedAndCanStillSucceed() throws {
        let yaml = """
        steward: 1
        id: flaky
        start: call
        states:
          call:
            type: action
            uses: http
            with: { url: "https://oa.example.org" }
            timeout: 1m
            retry: { max: 1, interval: 10s }
            next: done
          done: { type: final }
        """
        var driver = try drive(yaml)
        let timeout = friday.adding(milliseconds: 60_000)
        let retryAt = timeout.adding(milliseconds: 10_000)
        let second = PendingStep(key: "i1/call/0/2/4", scope: 0, state: "call", handler: "http",
                                 arguments: ["url": "https://oa.example.org"], attempt: 2)
        #expect(try driver.advance(to: retryAt) == [
            .setTimer(timer(3, .retry, at: retryAt, state: "call", step: 2)),
            .callHandler(second),
            .setTimer(timer(5, .timeout, at: retryAt.adding(milliseconds: 60_000), state: "call", step: 2)),
        ])
        let late = #expect(throws: Refusal.self) { try driver.apply(.handlerSucceeded(step: "i1/call/0/1/1", output: 1)) }
        #expect(late?.kind == .conflict)
        #expect(try driver.succeed("call", output: 2) == [.clearTimer("i1.timer5"), .finish(.completed)])
        #expect(driver.state.scopes[0].records["call"]?.output == 2)
    }
}
