import StewardExpressions
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// A moment the calendar cannot place, because its year has no holiday data yet (a task
/// opened late in December with a deadline in working days).
@Suite("deadlines past the calendar's years")
struct CalendarGapTests {
    let gap = "calendar 'cn-workdays' has no holiday data for 2027 (it covers 2004–2026); "
        + "add that year's holidays and make-up working days to the calendar file"

    /// Failing the instance would throw away the work done so far for want of next year's
    /// holiday list: the task opens without its deadline, and its people and the admins are told.
    @Test func aDeadlineOutsideTheCalendarYearsOpensTheTaskWithoutItAndSaysWhy() throws {
        let now = at("2026-12-29T10:00:00+08:00")
        var driver = try drive(officeTask("    due: 5 workdays"), at: now, calendar: chinaCalendar)
        #expect(driver.state.status == .running)
        let task = opened(1, "work", people: ["li.ming", "wang.fang"], roles: ["union-office"], at: now)
        #expect(driver.state.tasks == [task])
        #expect(driver.state.timers.isEmpty)
        #expect(driver.lastEffects == [
            .openTask(task), newTaskNotice(task),
            .notify(Notice(people: ["li.ming", "wang.fang", "sun.hong"], subject: "无法计算期限：work",
                           body: "task i1.task1, without its deadline: \(gap)", reason: "calendar-gap")),
        ])
        #expect(driver.lastNotes.map(\.what).contains("task 'work' opened without its deadline: \(gap)"))
        // The work goes on.
        try driver.act("li.ming", "done", on: "work")
        #expect(driver.state.status == .completed)
    }

    @Test func anEscalationOutsideTheCalendarYearsIsLeftOutAndNamed() throws {
        let lines = """
                due: 2 days
                remind: [1 workday before due]
                escalate:
                  - after: 10 workdays
                    to: { role: branch-secretary }
            """
        let driver = try drive(officeTask(lines), at: at("2026-12-24T10:00:00+08:00"), calendar: chinaCalendar)
        let task = try #require(driver.state.tasks.first)
        #expect(task.dueAt == at("2026-12-26T10:00:00+08:00"))
        // The deadline and its reminder are set; the escalation, in 2027, is not, and that is said.
        #expect(driver.state.timers.map(\.kind) == [.due, .reminder])
        #expect(driver.lastNotes.map(\.what).contains("task 'work' opened without escalation 1: \(gap)"))
        #expect(driver.lastEffects.contains { if case .notify(let n) = $0 { n.reason == "calendar-gap" } else { false } })
    }

    @Test func aWaitOutsideTheCalendarYearsStillFailsTheInstance() throws {
        let yaml = """
        steward: 1
        id: pause
        calendar: cn-workdays
        start: pause
        states:
          pause:
            type: wait
            for: 5 workdays
            next: finished
          finished: { type: final }
        """
        let driver = try drive(yaml, at: at("2026-12-29T10:00:00+08:00"), calendar: chinaCalendar)
        #expect(driver.state.status == .failed)
        #expect(driver.state.reason?.contains("has no holiday data for 2027") == true)
    }
}
