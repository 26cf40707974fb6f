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
        var waiting = task
        waiting.unplaced = ["due"]
        #expect(driver.state.tasks == [waiting], "the task says what waits for the calendar")
        #expect(driver.state.timers.isEmpty)
        #expect(driver.lastEffects == [
            .openTask(task), newTaskNotice(task),
            .notify(Notice(people: ["li.ming", "wang.fang", "sun.hong"], subject: "无法计算期限：work",
                           body: "task i1.task1, without its deadline: \(gap)", reason: "calendar-gap", task: "i1.task1")),
            .awaitCalendar(task: "i1.task1"),
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

    static let pause = """
    steward: 1
    id: pause
    calendar: cn-workdays
    start: draft
    states:
      draft:
        type: task
        assignee: { role: union-office }
        actions: { submit: pause }
      pause:
        type: wait
        for: 5 workdays
        next: check
      check:
        type: choice
        choices:
          - if: ${{ addWorkdays(date(now), 1) > date(now) }}
            to: finished
        default: finished
      finished: { type: final }
    """

    /// The calendar lacking a year is mended by adding it: the event is refused and nothing
    /// changes, instead of the instance failing while the command says "recorded".
    @Test func aWaitIntoAYearWithoutDataRefusesTheEventAndChangesNothing() throws {
        // A start whose first wait reaches 2027 is refused: nothing is started.
        let yaml = Self.pause.replacingOccurrences(of: "start: draft", with: "start: pause")
        let starting = #expect(throws: Refusal.self) {
            try drive(yaml, at: at("2026-12-29T10:00:00+08:00"), calendar: chinaCalendar)
        }
        #expect(starting?.kind == .workflowError)
        #expect(starting?.message.contains("has no holiday data for 2027") == true, "\(String(describing: starting))")
        #expect(starting?.message.contains("nothing changed") == true)

        // An act that would enter it is refused, and the instance stays as it was.
        var driver = try drive(Self.pause, at: at("2026-12-29T10:00:00+08:00"), calendar: chinaCalendar)
        let before = driver.state
        let acting = #expect(throws: Refusal.self) { try driver.act("li.ming", "submit", on: "draft") }
        #expect(acting?.kind == .workflowError)
        #expect(driver.state == before)
        #expect(driver.state.status == .running)
    }

    @Test func addWorkdaysIntoAYearWithoutDataRefusesTooAndOldInstancesStillFail() throws {
        var driver = try drive(Self.pause.replacingOccurrences(of: "for: 5 workdays", with: "for: 1h"),
                               at: at("2026-12-31T09:00:00+08:00"), calendar: chinaCalendar)
        try driver.act("li.ming", "submit", on: "draft")
        let before = driver.state
        // The wait ends on 31 December; the choice's addWorkdays reaches into 2027.
        #expect(throws: Refusal.self) { try driver.advance(milliseconds: 3_600_000) }
        #expect(driver.state == before)

        var old = try drive(Self.pause, at: at("2026-12-29T10:00:00+08:00"), calendar: chinaCalendar, rules: nil)
        try old.act("li.ming", "submit", on: "draft")
        #expect(old.state.status == .failed, "instances started before keep failing, so their trails replay")
        #expect(old.state.reason?.contains("has no holiday data for 2027") == true)
    }
}

/// A task opened without its deadline for want of a year's working days gets it, counted from
/// when it opened, once the year is added (`calendarUpdated`, sent by the next tick).
@Suite struct DeadlinePlacedLaterTests {
    /// 2026 and 2027 with weekends off and New Year's Day 2027 a holiday.
    static let twoYears: WorkingCalendar = {
        do {
            return try WorkingCalendar(name: "cn-workdays", years: 2026...2027,
                                       holidays: [CivilDate(year: 2027, month: 1, day: 1)!: "元旦"], makeUpWorkdays: [:])
        } catch {
            fatalError("\(error)")
        }
    }()

    static let yaml = officeTask("""
            due: 5 workdays
            remind: [1 workday before due]
            escalate:
              - after: 3 days
                notify: [{ role: branch-secretary }]
        """)

    @Test func theDeadlineWaitsThenIsPlacedFromWhenTheTaskOpened() throws {
        let opened = at("2026-12-29T10:00:00+08:00")
        let driver = try drive(Self.yaml, at: opened, calendar: chinaCalendar)
        let task = try #require(driver.state.tasks.first)
        #expect(task.dueAt == nil)
        #expect(task.unplaced == ["due"])
        #expect(driver.lastEffects.contains(.awaitCalendar(task: task.id)))
        #expect(driver.state.timers.map(\.kind) == [.escalation], "the escalation counted from the opening is placed")

        // Two days later the office adds 2027; the next tick sends calendarUpdated.
        let later = WorkflowMachine(workflow: driver.machine.workflow,
                                        environment: CoreEnvironment(roster: testRoster, calendar: Self.twoYears, zone: shanghai))
        let step = try later.apply(.calendarUpdated, to: driver.state, now: at("2026-12-31T09:00:00+08:00"))
        let placed = try #require(step.state.tasks.first)
        // 5 working days from Tuesday 29 December: 30, 31 Dec, (1 Jan holiday), 4, 5, 6 January.
        #expect(placed.dueAt == at("2027-01-06T10:00:00+08:00"))
        #expect(placed.unplaced == nil)
        #expect(step.state.timers.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.due, .escalation, .reminder])
        #expect(step.effects.contains { if case .notify(let n) = $0 { n.reason == "deadline-placed" } else { false } })
        // Nothing waits any more: a second one is stale.
        #expect(throws: Refusal.self) { try later.apply(.calendarUpdated, to: step.state, now: at("2026-12-31T09:00:00+08:00")) }
    }
}
