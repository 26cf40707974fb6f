import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// Action states: inline `set`/`log`/`fail`, handler calls, retries, timeouts, `catch`.
@Suite struct ActionStateTests {
    static let filing = """
    steward: 1
    id: filing
    inputs:
      year: { type: integer, required: true }
    start: mark
    states:
      mark:
        type: action
        uses: set
        with:
          batch: "${{ inputs.year }}-年度"
          year: ${{ inputs.year }}
        next: log
      log:
        type: action
        uses: log
        with:
          message: "开始归档 ${{ vars.batch }}"
        next: archive
      archive:
        type: action
        uses: archive
        with:
          ledger: "党建台账/${{ inputs.year }}"
          files: [规划.pdf, "${{ vars.batch }}.zip"]
        retry: { max: 2, backoff: 30s, max_delay: 45s }
        timeout: 5m
        output: receipt
        catch:
          - error: timeout
            to: timed-out
          - error: any
            to: manual
        next: done
      manual:
        type: task
        assignee: { role: archivist }
        actions: { filed: done }
      timed-out: { type: final, outcome: failed }
      done: { type: final }
    """

    /// The handler call of attempt `attempt`; `serial` is the instance's counter for that call.
    static func archiveStep(attempt: Int, serial: Int) -> PendingStep {
        PendingStep(key: "i1/archive/0/\(attempt)/\(serial)", scope: 0, state: "archive", handler: "archive",
                    arguments: ["ledger": "党建台账/2025", "files": ["规划.pdf", "2025-年度.zip"]], attempt: attempt)
    }

    @Test func inlineHandlersRunInsideTheCoreAndOthersBecomeHandlerCalls() throws {
        let driver = try drive(Self.filing, inputs: ["year": 2025])
        #expect(driver.lastEffects == [
            .log("开始归档 2025-年度"),
            .callHandler(Self.archiveStep(attempt: 1, serial: 1)),
            .setTimer(timer(2, .timeout, at: friday.adding(milliseconds: 300_000), state: "archive", step: 1)),
        ])
        #expect(driver.state.vars == ["batch": "2025-年度", "year": 2025])
        #expect(driver.state.scopes[0].records["mark"]?.output == ["batch": "2025-年度", "year": 2025])
        #expect(driver.state.scopes[0].records["log"]?.output == "开始归档 2025-年度")
        #expect(driver.state.steps == [Self.archiveStep(attempt: 1, serial: 1)])
        #expect(driver.state.currentStates == ["archive"])
    }

    @Test func aSucceededHandlerContinuesWithItsOutput() throws {
        var driver = try drive(Self.filing, inputs: ["year": 2025])
        let t1 = driver.clock.advance(seconds: 20)
        let receipt: ExpressionValue = ["package": "台账-2025-0001", "files": 2]
        let effects = try driver.succeed("archive", output: receipt)
        #expect(effects == [.clearTimer("i1.timer2"), .finish(.completed)])
        #expect(driver.state.vars["receipt"] == receipt)
        #expect(driver.state.scopes[0].records["archive"]?.output == receipt)
        #expect(driver.state.scopes[0].records["archive"]?.at == t1)
        #expect(driver.state.steps.isEmpty)
        #expect(driver.state.timers.isEmpty)
        // The same result delivered twice (a retried delivery) is refused, not applied again.
        let again = #expect(throws: Refusal.self) {
            try driver.apply(.handlerSucceeded(step: "i1/archive/0/1/1", output: receipt))
        }
        #expect(again?.kind == .finished)
    }

    @Test func failuresAreRetriedWithBackoffUpToMaxThenCaught() throws {
        var driver = try drive(Self.filing, inputs: ["year": 2025])
        let t0 = friday

        // Attempt 1 fails: the timeout is cleared and a retry comes after the first backoff, 30 s.
        #expect(try driver.fail("archive", kind: "io", message: "disk busy") == [
            .clearTimer("i1.timer2"),
            .setTimer(timer(3, .retry, at: t0.adding(milliseconds: 30_000), state: "archive", step: 2)),
        ])
        #expect(driver.state.steps.isEmpty)
        #expect(driver.state.scopes[0].current?.attempt == 2)

        // The retry timer calls the handler again as attempt 2, with a fresh timeout.
        let t1 = t0.adding(milliseconds: 30_000)
        #expect(try driver.advance(to: t1) == [
            .callHandler(Self.archiveStep(attempt: 2, serial: 4)),
            .setTimer(timer(5, .timeout, at: t1.adding(milliseconds: 300_000), state: "archive", step: 2)),
        ])

        // Attempt 2 fails: the backoff doubles to 60 s but `max_delay` holds it to 45 s.
        #expect(try driver.fail("archive", kind: "io") == [
            .clearTimer("i1.timer5"),
            .setTimer(timer(6, .retry, at: t1.adding(milliseconds: 45_000), state: "archive", step: 3)),
        ])
        let t2 = t1.adding(milliseconds: 45_000)
        try driver.advance(to: t2)
        #expect(driver.state.steps == [Self.archiveStep(attempt: 3, serial: 7)])

        // Attempt 3 is the last (max: 2 retries); its failure goes to the `any` catch.
        let effects = try driver.fail("archive", kind: "io", message: "disk full")
        let manual = opened(9, "manual", people: ["qian.li"], roles: ["archivist"], at: t2)
        #expect(effects == [.clearTimer("i1.timer8"), .openTask(manual), newTaskNotice(manual)])
        #expect(driver.state.scopes[0].records["archive"]?.output == ["error": "io", "message": "disk full"])
        #expect(driver.state.vars["receipt"] == nil)
    }

    @Test func aTimeoutIsAFailureOfKindTimeoutAndALateAnswerIsRefused() throws {
        let yaml = """
        steward: 1
        id: sign
        start: sign
        states:
          sign:
            type: action
            uses: http
            with: { url: "https://sign.example.org" }
            timeout: 2m
            catch:
              - error: timeout
                to: timed-out
              - error: any
                to: other
            next: done
          timed-out:
            type: task
            assignee: { role: union-office }
            actions: { retry-by-hand: done }
          other: { type: final, outcome: failed }
          done: { type: final }
        """
        var driver = try drive(yaml)
        let deadline = friday.adding(milliseconds: 120_000)
        #expect(driver.timers("sign") == [timer(2, .timeout, at: deadline, state: "sign", step: 1)])
        // Nothing happens a millisecond before.
        #expect(try driver.advance(to: deadline.adding(milliseconds: -1)) == [])
        let effects = try driver.advance(to: deadline)
        let task = opened(3, "timed-out", people: ["li.ming", "wang.fang"], roles: ["union-office"], at: deadline)
        #expect(effects == [.openTask(task), newTaskNotice(task)])
        #expect(driver.state.scopes[0].records["sign"]?.output == ["error": "timeout", "message": "the handler did not answer in time"])
        let before = driver.state
        let late = #expect(throws: Refusal.self) {
            try driver.apply(.handlerSucceeded(step: "i1/sign/0/1/1", output: "signed"))
        }
        #expect(late?.kind == .conflict)
        #expect(driver.state == before)
    }

    struct CatchCase: Sendable, CustomTestStringConvertible {
        let kind: String
        let target: String?
        var testDescription: String { kind }
    }

    /// `catch` is tried in order: a matching kind, else `any`; without one the instance fails.
    @Test(arguments: [
        CatchCase(kind: "quota", target: "quota-wait"),
        CatchCase(kind: "handler", target: "any-error"),
        CatchCase(kind: "io", target: "any-error"),
    ])
    func catchMatchesKindThenAny(_ c: CatchCase) throws {
        let yaml = """
        steward: 1
        id: catching
        start: call
        states:
          call:
            type: action
            uses: http
            with: { url: "https://example.org" }
            catch:
              - error: quota
                to: quota-wait
              - error: any
                to: any-error
            next: done
          quota-wait:
            type: task
            assignee: { role: union-office }
            actions: { ok: done }
          any-error:
            type: task
            assignee: { role: archivist }
            actions: { ok: done }
          done: { type: final }
        """
        var driver = try drive(yaml)
        try driver.fail("call", kind: c.kind, message: "no")
        #expect(driver.state.currentStates == [c.target].compactMap { $0 })
        #expect(driver.state.scopes[0].records["call"]?.output == ["error": .string(c.kind), "message": "no"])
    }

    @Test func aFailureWithNoCatchFailsTheInstanceWithTheReason() throws {
        let yaml = """
        steward: 1
        id: uncaught
        start: call
        states:
          call:
            type: action
            uses: http
            with: { url: "https://example.org" }
            retry: { max: 1, interval: 1m }
            next: done
          done: { type: final }
        """
        var driver = try drive(yaml)
        #expect(try driver.fail("call", kind: "handler", message: "503") == [
            .setTimer(timer(2, .retry, at: friday.adding(milliseconds: 60_000), state: "call", step: 2)),
        ])
        try driver.advance(milliseconds: 60_000)
        let effects = try driver.fail("call", kind: "handler", message: "503 again")
        #expect(effects == [.finish(.failed)])
        #expect(driver.state.status == .failed)
        #expect(driver.state.reason == "step 'call' failed (handler): 503 again")
        #expect(driver.state.steps.isEmpty)
        #expect(driver.state.timers.isEmpty)
        #expect(driver.state.outputs == [:])
    }

    @Test func theInlineFailHandlerFailsTheStepWithItsKind() throws {
        let yaml = """
        steward: 1
        id: fail-on-purpose
        start: check
        states:
          check:
            type: action
            uses: fail
            with:
              reason: 无法完成归档
              kind: archive
            catch:
              - error: archive
                to: failed
            next: done
          failed: { type: final, outcome: failed }
          done: { type: final }
        """
        let driver = try drive(yaml)
        #expect(driver.lastEffects == [.finish(.failed)])
        #expect(driver.state.status == .failed)
        #expect(driver.state.reason == nil)
        #expect(driver.state.scopes[0].records["check"]?.output == ["error": "archive", "message": "无法完成归档"])
    }

    /// Waits between attempts: `interval` is fixed, `backoff` doubles up to `max_delay`, 30 s by default.
    @Test(arguments: [
        ("interval: 1m", [60, 60, 60, 60]),
        ("backoff: 10s", [10, 20, 40, 80]),
        ("backoff: 10s, max_delay: 30s", [10, 20, 30, 30]),
        ("interval: 2h, max_delay: 1h", [3600, 3600, 3600, 3600]),
        ("", [30, 30, 30, 30]),
    ])
    func retryWaits(_ policy: String, _ seconds: [Int64]) throws {
        let yaml = """
        steward: 1
        id: waits
        start: call
        states:
          call:
            type: action
            uses: http
            with: { url: "https://example.org" }
            retry: { max: 4\(policy.isEmpty ? "" : ", " + policy) }
            next: done
          done: { type: final }
        """
        var driver = try drive(yaml)
        var waits: [Int64] = []
        for _ in seconds {
            let failedAt = driver.clock.now
            try driver.fail("call")
            let retry = try #require(driver.timers("call", kind: .retry).first)
            waits.append((retry.at.millisecondsSinceEpoch - failedAt.millisecondsSinceEpoch) / 1000)
            try driver.advance(to: retry.at)
        }
        #expect(waits == seconds)
        try driver.fail("call")
        #expect(driver.state.status == .failed)
    }
}
