import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// What a failed call tells the core beyond its kind: whether a retry can help, and which
/// attempts belong to one operation (for a receiver's idempotency header).
@Suite struct HandlerFailureKindsTests {
    @Test func aFailureThatCannotBeRetriedSkipsRetryAndGoesToCatch() throws {
        var driver = try drive(ActionStateTests.filing, inputs: ["year": 2025])
        let effects = try driver.fail("archive", kind: "bad-ledger", message: "no such ledger", retryable: false)
        // No retry timer: straight to the `any` catch, although two retries were left.
        #expect(!effects.contains { if case .setTimer(let t) = $0 { t.kind == .retry } else { false } })
        #expect(driver.state.currentStates == ["manual"])
        #expect(driver.state.scopes[0].records["archive"]?.output == ["error": "bad-ledger", "message": "no such ledger"])
    }

    @Test func aRetryableFailureStillRetries() throws {
        var driver = try drive(ActionStateTests.filing, inputs: ["year": 2025])
        try driver.fail("archive", kind: "io", retryable: true)
        #expect(driver.state.scopes[0].current?.attempt == 2)
        #expect(driver.state.currentStates == ["archive"])
    }

    @Test func everyAttemptOfOneVisitSharesItsOperationKey() throws {
        var driver = try drive(ActionStateTests.filing, inputs: ["year": 2025])
        let first = try #require(driver.state.steps.first)
        let visit = driver.state.scopes[0].current?.visit ?? 0
        #expect(visit == 1)
        #expect(first.operationKey(visit: visit) == "i1/archive/0/1")
        try driver.fail("archive", kind: "io")
        try driver.advance(to: friday.adding(milliseconds: 30_000))
        let second = try #require(driver.state.steps.first)
        #expect(second.attempt == 2)
        // A new idempotency key for the attempt, the same operation key for the receiver.
        #expect(second.key != first.key)
        #expect(second.operationKey(visit: driver.state.scopes[0].current?.visit ?? 0) == "i1/archive/0/1")
    }

    @Test func aLaterVisitToTheStateIsANewOperation() throws {
        let yaml = """
        steward: 1
        id: sending
        start: send
        states:
          send:
            type: action
            uses: http
            with: { url: "https://example.org" }
            catch:
              - error: any
                to: again
            next: done
          again:
            type: task
            assignee: { role: union-office }
            actions: { resend: send, stop: done }
          done: { type: final }
        """
        var driver = try drive(yaml)
        let firstVisit = try #require(driver.state.steps.first).operationKey(visit: driver.state.scopes[0].current?.visit ?? 0)
        try driver.fail("send", kind: "io")
        try driver.act("li.ming", "resend", on: "again")
        let secondVisit = try #require(driver.state.steps.first).operationKey(visit: driver.state.scopes[0].current?.visit ?? 0)
        #expect(firstVisit != secondVisit)
    }

    @Test func aStepStoredBeforeVisitsWereKeptFallsBackToItsOwnSerial() {
        let step = PendingStep(key: "i9/send/0/2/7", scope: 0, state: "send", handler: "http", arguments: .null, attempt: 2)
        #expect(step.operationKey(visit: 0) == "i9/send/0/7")
        #expect(step.operationKey(visit: 5) == "i9/send/0/5")
    }
}
