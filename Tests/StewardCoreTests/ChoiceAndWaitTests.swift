import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// Choice states (first condition that holds, `default`, no match) and wait states (`for`, `until`).
@Suite struct ChoiceAndWaitTests {
    static let routing = """
    steward: 1
    id: routing
    inputs:
      amount: { type: integer, required: true }
    start: route
    states:
      route:
        type: choice
        choices:
          - if: ${{ inputs.amount > 10000 }}
            to: big
          - if: ${{ inputs.amount > 1000 }}
            to: medium
        default: small
      big:
        type: task
        assignee: { role: branch-secretary }
        actions: { ok: done }
      medium:
        type: task
        assignee: { role: union-committee }
        actions: { ok: done }
      small:
        type: task
        assignee: { role: union-office }
        actions: { ok: done }
      done: { type: final }
    """

    /// 20000 satisfies both conditions: the first one written wins.
    @Test(arguments: [(20000, "big"), (10001, "big"), (10000, "medium"), (5000, "medium"), (1000, "small"), (0, "small")])
    func theFirstConditionThatHoldsDecidesElseDefault(_ amount: Int, _ target: String) throws {
        let driver = try drive(Self.routing, inputs: ["amount": .integer(amount)])
        #expect(driver.state.currentStates == [target])
        #expect(driver.lastNotes.map(\.what).contains("entered task '\(target)'"))
    }

    @Test func noConditionHoldingAndNoDefaultFailsTheInstanceWithAReason() throws {
        let yaml = """
        steward: 1
        id: strict
        inputs:
          kind: { type: string, required: true }
        start: route
        states:
          route:
            type: choice
            choices:
              - if: ${{ inputs.kind == "会议" }}
                to: done
          done: { type: final }
        """
        let passing = try drive(yaml, inputs: ["kind": "会议"])
        #expect(passing.state.status == .completed)

        let driver = try drive(yaml, inputs: ["kind": "培训"])
        #expect(driver.lastEffects == [.finish(.failed)])
        #expect(driver.state.status == .failed)
        #expect(driver.state.reason == "no condition of choice 'route' held and it has no 'default'")
    }

    static let waiting = """
    steward: 1
    id: waiting
    calendar: cn-workdays
    inputs:
      meeting: { type: datetime }
      day: { type: date }
    start: cool-off
    states:
      cool-off:
        type: wait
        for: 3 days
        next: settle
      settle:
        type: wait
        for: 2 workdays
        next: meeting
      meeting:
        type: wait
        until: ${{ inputs.meeting }}
        next: day-end
      day-end:
        type: wait
        until: ${{ inputs.day }}
        next: done
      done: { type: final }
    """

    @Test func waitsForADurationAndUntilAMoment() throws {
        let meeting = at("2025-02-10T14:30:00+08:00")
        var driver = try drive(Self.waiting, inputs: ["meeting": .datetime(meeting), "day": .date(CivilDate(iso: "2025-02-11")!)],
                               calendar: chinaCalendar)
        // `3 days`: the same wall-clock time three calendar days later.
        let monday = at("2025-01-27T09:00:00+08:00")
        #expect(driver.lastEffects == [.setTimer(timer(1, .wait, at: monday, state: "cool-off"))])
        #expect(try driver.advance(to: monday.adding(milliseconds: -1)) == [])
        #expect(driver.state.currentStates == ["cool-off"])

        // `2 workdays` from Monday 27 January 2025 skips the whole Spring Festival (28 Jan – 4 Feb)
        // and lands on Thursday 6 February.
        let thursday = at("2025-02-06T09:00:00+08:00")
        #expect(try driver.advance(to: monday) == [.setTimer(timer(2, .wait, at: thursday, state: "settle"))])
        #expect(driver.state.currentStates == ["settle"])

        // `until` a date-time waits for that instant; `until` a date waits for the end of that day in Shanghai.
        #expect(try driver.advance(to: thursday) == [.setTimer(timer(3, .wait, at: meeting, state: "meeting"))])
        let endOfDay = at("2025-02-11T23:59:59.999+08:00")
        #expect(try driver.advance(to: meeting) == [.setTimer(timer(4, .wait, at: endOfDay, state: "day-end"))])
        #expect(try driver.advance(to: endOfDay) == [.finish(.completed)])
        #expect(driver.state.status == .completed)
    }

    @Test func aTimerThatNoLongerExistsIsRefusedAsAConflict() throws {
        var driver = try drive(Self.waiting, inputs: ["meeting": .datetime(friday), "day": .date(CivilDate(iso: "2025-02-11")!)],
                               calendar: chinaCalendar)
        try driver.advance(to: at("2025-01-27T09:00:00+08:00"))
        let before = driver.state
        let refusal = #expect(throws: Refusal.self) { try driver.fire("i1.timer1") }
        #expect(refusal == Refusal(.conflict, "timer i1.timer1 is no longer set (it fired or was cleared meanwhile)"))
        #expect(driver.state == before)
    }

    @Test func aWorkdayWaitWithoutTheCalendarDataFailsTheInstance() throws {
        var driver = try drive(Self.waiting, inputs: ["meeting": .datetime(friday), "day": .date(CivilDate(iso: "2025-02-11")!)],
                               calendar: nil)
        try driver.advance(to: at("2025-01-27T09:00:00+08:00"))
        #expect(driver.state.status == .failed)
        #expect(driver.state.reason?.hasPrefix("the wait of 'settle' could not be computed") == true)
    }
}
