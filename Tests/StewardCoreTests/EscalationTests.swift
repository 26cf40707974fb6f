import Foundation
import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// Deadlines, reminders, overdue notices and escalation ladders, in working days on China's calendar.
@Suite struct EscalationTests {
    static let review = """
    steward: 1
    id: review
    calendar: cn-workdays
    start: review
    states:
      review:
        type: task
        title: 工会委员会审议
        assignee: { role: union-committee }
        due: 3 workdays
        remind: [2 workdays before due, 1 day before due]
        escalate:
          - after: due
            notify: [{ role: branch-secretary }]
          - after: 1 workday after due
            to: { role: branch-secretary }
          - after: 2 workdays after due
            action: reject
        actions:
          approve: { to: done }
          reject: { to: rejected }
      done: { type: final }
      rejected: { type: final, outcome: rejected }
    """

    static let committee = ["zhang.wei", "chen.jing", "zhao.lei"]

    /// Opened Friday 24 January 2025 at 09:00 in Shanghai, the last working day before the
    /// Spring Festival (28 January – 4 February, with Sunday 26 January and Saturday 8 February
    /// worked instead). china_workdays.json deadline_vectors: 2025-01-24 + 3 workdays = 2025-02-05.
    @Test func theLadderRunsOnChineseWorkingDays() throws {
        var driver = try drive(Self.review, calendar: chinaCalendar)
        let due = at("2025-02-05T09:00:00+08:00")
        #expect(due.localDate(in: shanghai) == CivilDate(iso: "2025-02-05"))
        #expect(due.local(in: shanghai).hour == 9)
        let remindMakeUpSunday = at("2025-01-26T09:00:00+08:00")  // 2 workdays before 5 Feb: 27 Jan, then Sunday 26 Jan (调休)
        let remindDayBefore = at("2025-02-04T09:00:00+08:00")
        let escalateReassign = at("2025-02-06T09:00:00+08:00")
        let escalateReject = at("2025-02-07T09:00:00+08:00")
        let task = opened(1, "review", title: "工会委员会审议", people: Self.committee, roles: ["union-committee"], at: friday,
                          due: due)
        #expect(driver.lastEffects == [
            .openTask(task), newTaskNotice(task),
            .setTimer(timer(2, .due, at: due, state: "review", task: "i1.task1")),
            .setTimer(timer(3, .reminder, at: remindMakeUpSunday, state: "review", task: "i1.task1", step: 0)),
            .setTimer(timer(4, .reminder, at: remindDayBefore, state: "review", task: "i1.task1", step: 1)),
            .setTimer(timer(5, .escalation, at: due, state: "review", task: "i1.task1", step: 0)),
            .setTimer(timer(6, .escalation, at: escalateReassign, state: "review", task: "i1.task1", step: 1)),
            .setTimer(timer(7, .escalation, at: escalateReject, state: "review", task: "i1.task1", step: 2)),
        ])

        // Reminders go to the assignees before the deadline.
        let reminder = CoreEffect.notify(Notice(people: Self.committee, subject: "提醒：工会委员会审议", body: "请于 2月5日前完成「工会委员会审议」",
                                                reason: "reminder", task: "i1.task1"))
        #expect(try driver.advance(to: remindMakeUpSunday) == [reminder])
        #expect(try driver.advance(to: remindDayBefore) == [reminder])
        #expect(driver.state.tasks[0].overdue == false)

        // At the deadline: the overdue notice, then the first escalation step notifies the secretary.
        #expect(try driver.advance(to: due) == [
            .notify(Notice(people: Self.committee, subject: "已逾期：工会委员会审议", body: "「工会委员会审议」已过期限（2月5日），请尽快办理",
                           reason: "overdue", task: "i1.task1")),
            .notify(Notice(people: ["sun.hong"], subject: "督办：工会委员会审议",
                           body: escalationSentence("工会委员会审议", due: "2月5日"), reason: "escalation", task: "i1.task1")),
        ])
        #expect(driver.state.tasks[0].overdue)

        // One working day later the task is reassigned to the secretary.
        var reassigned = task
        reassigned.assignees = ["sun.hong"]
        reassigned.roles = ["branch-secretary"]
        reassigned.overdue = true
        #expect(try driver.advance(to: escalateReassign) == [
            .openTask(reassigned),
            // The committee is told the task was taken from them.
            .notify(Notice(people: Self.committee, subject: "已转办：工会委员会审议",
                           body: "「工会委员会审议」已逾期，转由 sun.hong 办理，您无需再办理", reason: "taken", task: "i1.task1")),
            .notify(Notice(people: ["sun.hong"], subject: "督办：工会委员会审议",
                           body: escalationSentence("工会委员会审议", due: "2月5日"), reason: "escalation", task: "i1.task1")),
        ])
        let before = driver.state
        let refusal = #expect(throws: Refusal.self) { try driver.act("zhang.wei", "approve", on: "review") }
        #expect(refusal?.kind == .notEligible)
        #expect(driver.state == before)

        // Two working days after the deadline the escalation takes 'reject' itself.
        #expect(try driver.advance(to: escalateReject) == [.closeTask("i1.task1"), .finish(.rejected)])
        let record = try #require(driver.state.scopes[0].records["review"])
        #expect(record.action == "reject")
        #expect(record.actor == nil)
        #expect(record.at == escalateReject)
    }

    @Test func actingBeforeTheDeadlineClearsTheWholeLadder() throws {
        var driver = try drive(Self.review, calendar: chinaCalendar)
        try driver.advance(to: at("2025-01-26T09:00:00+08:00"))
        let effects = try driver.act("chen.jing", "approve", on: "review")
        #expect(effects == [
            .closeTask("i1.task1"),
            .clearTimer("i1.timer2"), .clearTimer("i1.timer4"), .clearTimer("i1.timer5"), .clearTimer("i1.timer6"),
            .clearTimer("i1.timer7"),
            .finish(.completed),
        ])
        #expect(driver.state.timers.isEmpty)
    }

    @Test func theSecretaryCanDecideAfterTheReassignment() throws {
        var driver = try drive(Self.review, calendar: chinaCalendar)
        try driver.advance(to: at("2025-02-06T12:00:00+08:00"))
        #expect(driver.state.tasks.map(\.assignees) == [["sun.hong"]])
        #expect(try driver.act("sun.hong", "approve", on: "review") == [
            .closeTask("i1.task1"), .clearTimer("i1.timer7"), .finish(.completed),
        ])
    }

    struct Vector: Sendable, CustomTestStringConvertible {
        let start: String
        let workdays: Int
        let due: String
        var testDescription: String { "\(start) + \(workdays) workdays = \(due)" }
    }

    /// Cases from /work/shared/suites/calendar/china_workdays.json, `deadline_vectors`.
    @Test(arguments: [
        Vector(start: "2025-01-24", workdays: 1, due: "2025-01-26"),
        Vector(start: "2025-01-24", workdays: 3, due: "2025-02-05"),
        Vector(start: "2025-01-24", workdays: 20, due: "2025-02-27"),
        Vector(start: "2025-09-26", workdays: 5, due: "2025-10-10"),
        Vector(start: "2025-09-30", workdays: 1, due: "2025-10-09"),
        Vector(start: "2024-02-08", workdays: 3, due: "2024-02-19"),
        Vector(start: "2024-09-13", workdays: 1, due: "2024-09-14"),
        Vector(start: "2020-01-23", workdays: 1, due: "2020-02-03"),
        Vector(start: "2026-02-13", workdays: 3, due: "2026-02-25"),
    ])
    func theDueInstantKeepsTheTimeOfDayInShanghai(_ v: Vector) throws {
        let opened = at("\(v.start)T16:45:00+08:00")
        let driver = try drive(officeTask("    due: \(v.workdays) workdays"), at: opened, calendar: chinaCalendar)
        let due = try #require(driver.state.tasks.first?.dueAt)
        #expect(due == at("\(v.due)T16:45:00+08:00"))
        #expect(due.local(in: shanghai).description.hasPrefix("\(v.due)T16:45"))
        // The same moment in UTC is 08:45 on that day.
        #expect(due.iso8601 == "\(v.due)T08:45:00.000Z")
    }

    /// 报送材料 for the office, with one escalation three days after it opens whose other keys
    /// are `lines` (indented eight spaces).
    static func chase(_ lines: String) -> String {
        """
        steward: 1
        id: chase
        start: work
        states:
          work:
            type: task
            title: 报送材料
            assignee: { role: union-office }
            escalate:
              - after: 3 days
        \(lines)
            actions: { done: finished }
          finished: { type: final }
        """
    }

    @Test func anEscalationAfterOpeningRunsWithoutADeadline() throws {
        var driver = try drive(Self.chase("""
                notify: [{ role: branch-secretary }, { person: qian.li }]
                to: { person: zhou.min }
        """))
        let threeDays = at("2025-01-27T09:00:00+08:00")
        #expect(driver.timers("work") == [timer(2, .escalation, at: threeDays, state: "work", task: "i1.task1", step: 0)])
        var task = opened(1, "work", title: "报送材料", people: ["zhou.min"], at: friday)
        task.roles = []
        #expect(try driver.advance(to: threeDays) == [
            .openTask(task),
            .notify(Notice(people: ["li.ming", "wang.fang"], subject: "已转办：报送材料",
                           body: "「报送材料」已逾期，转由 zhou.min 办理，您无需再办理", reason: "taken", task: "i1.task1")),
            .notify(Notice(people: ["sun.hong", "qian.li", "zhou.min"], subject: "督办：报送材料",
                           body: escalationSentence("报送材料", due: nil), reason: "escalation", task: "i1.task1")),
        ])
        try driver.act("zhou.min", "done", on: "work")
        #expect(driver.state.status == .completed)
    }

    @Test func anEscalationToAnEmptyRoleLeavesTheTaskWithItsPeopleAndTellsTheAdmins() throws {
        var driver = try drive(Self.chase("        to: { role: vacant }"))
        let effects = try driver.advance(to: at("2025-01-27T09:00:00+08:00"))
        #expect(effects == [.notify(Notice(people: ["sun.hong"], subject: "无人办理：报送材料",
                                           body: "task i1.task1: escalation to role vacant, which has no members",
                                           reason: "no-assignee", task: "i1.task1"))])
        #expect(driver.state.tasks.first?.assignees == ["li.ming", "wang.fang"])
        #expect(driver.lastNotes.map(\.what).contains(
            "escalation to role vacant, which has no members: the task stays with li.ming, wang.fang"))
        try driver.act("wang.fang", "done", on: "work")
        #expect(driver.state.status == .completed)
    }
}
