import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// Going round a reject loop, and cancelling an instance in the middle of a parallel state.
@Suite struct RejectLoopAndCancellationTests {
    static let plan = """
    steward: 1
    id: plan
    calendar: cn-workdays
    start: draft
    states:
      draft:
        type: task
        title: 起草规划
        assignee: { role: union-office }
        due: 2 workdays
        form:
          goals: { type: text, required: true }
        actions:
          submit: { to: review }
      review:
        type: task
        title: 审议
        assignee: { role: union-committee }
        quorum: majority
        separate_from: [draft]
        actions:
          approve: { to: publish }
          reject: { to: draft, require: [comment] }
      publish:
        type: action
        uses: notify
        with:
          to: { role: members }
          subject: "规划已发布：${{ states.draft.form.goals }}"
        next: done
      done: { type: final }
    """

    @Test func draftReviewRejectDraftReviewApprovePublishDone() throws {
        var driver = try drive(Self.plan, calendar: chinaCalendar)
        let committee = ["zhang.wei", "chen.jing", "zhao.lei"]
        // Round 1. Friday 24 Jan + 2 workdays = Monday 27 Jan (Sunday 26 Jan is a make-up working day).
        let draft1 = opened(1, "draft", title: "起草规划", people: ["li.ming", "wang.fang"], roles: ["union-office"], at: friday,
                            due: at("2025-01-27T09:00:00+08:00"))
        #expect(driver.state.tasks == [draft1])
        let t1 = driver.clock.advance(hours: 3)
        let review1 = opened(3, "review", title: "审议", people: committee, roles: ["union-committee"], at: t1)
        #expect(try driver.act("li.ming", "submit", on: "draft", form: ["goals": "初稿"]) == [
            .closeTask("i1.task1"), .clearTimer("i1.timer2"), .openTask(review1), newTaskNotice(review1),
        ])
        #expect(try driver.act("zhang.wei", "reject", on: "review", comment: "目标不具体") == [])
        let t2 = driver.clock.advance(hours: 1)
        // The second draft opens at 13:00 and is due two working days later, again on Monday 27 January.
        let draft2 = opened(4, "draft", title: "起草规划", people: ["li.ming", "wang.fang"], roles: ["union-office"], at: t2,
                            due: at("2025-01-27T13:00:00+08:00"))
        #expect(try driver.act("chen.jing", "reject", on: "review", comment: "请细化") == [
            .closeTask("i1.task3"), .openTask(draft2), newTaskNotice(draft2),
            .setTimer(timer(5, .due, at: at("2025-01-27T13:00:00+08:00"), state: "draft", task: "i1.task4")),
        ])
        #expect(driver.state.scopes[0].records["review"]?.comment == "请细化")
        #expect(driver.state.scopes[0].records["review"]?.action == "reject")

        // Round 2: the first draft's form is still visible until the new one replaces it.
        #expect(driver.state.scopes[0].records["draft"]?.form == ["goals": "初稿"])
        let t3 = driver.clock.advance(days: 1)
        try driver.act("wang.fang", "submit", on: "draft", form: ["goals": "二稿：加强基层组织建设"])
        #expect(driver.state.tasks.map(\.id) == ["i1.task6"])
        #expect(driver.state.tasks[0].openedAt == t3)
        #expect(try driver.act("zhao.lei", "approve", on: "review") == [])
        let publish = PendingStep(key: "i1/publish/0/1/7", scope: 0, state: "publish", handler: "notify",
                                  arguments: ["to": ["role": "members"], "subject": "规划已发布：二稿：加强基层组织建设"],
                                  attempt: 1)
        #expect(try driver.act("zhang.wei", "approve", on: "review") == [.closeTask("i1.task6"), .callHandler(publish)])
        #expect(try driver.succeed("publish", output: ["sent": 3]) == [.finish(.completed)])
        #expect(driver.state.status == .completed)
        #expect(driver.state.scopes[0].records["review"]?.actors == ["zhang.wei", "chen.jing", "zhao.lei", "zhang.wei"])
        #expect(driver.state.serial == 7)
    }

    /// The engine records each handler call under its key and never calls a key twice
    /// (`INSERT … ON CONFLICT(key) DO NOTHING`), so a second visit to an action state must
    /// not reuse the first visit's key, or its handler would never be called.
    @Test func everyHandlerCallHasItsOwnKeyAlsoOnASecondVisit() throws {
        let yaml = """
        steward: 1
        id: loop
        start: draft
        states:
          draft:
            type: task
            assignee: { role: union-office }
            actions: { submit: review }
          review:
            type: task
            assignee: { role: branch-secretary }
            actions:
              approve: done
              reject: tell-author
          tell-author:
            type: action
            uses: notify
            with:
              to: { role: union-office }
              subject: 规划被退回
            retry: { max: 1, interval: 1m }
            next: draft
          done: { type: final }
        """
        var driver = try drive(yaml)
        var keys: [String] = []
        for _ in 1...2 {
            try driver.act("li.ming", "submit", on: "draft")
            try driver.act("sun.hong", "reject", on: "review")
            let first = try #require(driver.step("tell-author"))
            try driver.fail("tell-author")
            try driver.advance(milliseconds: 60_000)
            let retry = try #require(driver.step("tell-author"))
            try driver.succeed("tell-author")
            keys += [first.key, retry.key]
            #expect([first.attempt, retry.attempt] == [1, 2])
        }
        #expect(Set(keys).count == 4, "\(keys)")
        #expect(keys.allSatisfy { $0.hasPrefix("i1/tell-author/0/") })
        #expect(try driver.replayed() == driver.state)
    }

    static let consultation = """
    steward: 1
    id: consultation
    start: consult
    states:
      consult:
        type: parallel
        branches:
          committee:
            start: committee-review
            states:
              committee-review:
                type: task
                assignee: { role: union-committee }
                due: 1 day
                remind: [2h before due]
                actions: { agree: committee-done }
              committee-done: { type: final }
          office:
            start: office-call
            states:
              office-call:
                type: action
                uses: http
                with: { url: "https://oa.example.org" }
                timeout: 10m
                next: office-done
              office-done: { type: final }
          archive:
            start: archive-wait
            states:
              archive-wait:
                type: wait
                for: 3 days
                next: archive-read
              archive-read:
                type: task
                assignee: { role: archivist }
                actions: { ok: archive-done }
              archive-done: { type: final }
        next: done
      done: { type: final }
    """

    @Test func cancellingMidParallelClosesEveryTaskAndClearsEveryTimer() throws {
        var driver = try drive(Self.consultation)
        #expect(driver.state.tasks.map(\.id) == ["i1.task1"])
        #expect(driver.state.timers.map(\.id) == ["i1.timer2", "i1.timer3", "i1.timer5", "i1.timer6"])
        #expect(driver.state.steps.map(\.key) == ["i1/office-call/2/1/4"])
        driver.clock.advance(minutes: 5)

        let effects = try driver.apply(.cancelled(reason: "计划调整", by: "sun.hong"))
        #expect(effects == [
            .closeTask("i1.task1"), .clearTimer("i1.timer2"), .clearTimer("i1.timer3"),
            .clearTimer("i1.timer5"),
            .clearTimer("i1.timer6"),
            .finish(.cancelled),
        ])
        #expect(driver.state.status == .cancelled)
        #expect(driver.state.reason == "计划调整")
        #expect(driver.state.tasks.isEmpty)
        #expect(driver.state.timers.isEmpty)
        #expect(driver.state.steps.isEmpty)
        #expect(driver.state.scopes.map(\.status) == [nil, .cancelled, .cancelled, .cancelled])
        #expect(driver.state.outputs == [:])

        // Late arrivals are refused; the cancelled instance stays as it is.
        let cancelled = driver.state
        for event: CoreEvent in [
            .handlerSucceeded(step: "i1/office-call/2/1/4", output: .null),
            .timerFired(timer: "i1.timer6"),
            .acted(task: "i1.task1", person: "zhang.wei", action: "agree", form: [:], comment: nil, onBehalfBy: nil),
        ] {
            let refusal = #expect(throws: Refusal.self) { try driver.apply(event) }
            #expect(refusal?.kind == .finished)
        }
        #expect(driver.state == cancelled)
    }
}
