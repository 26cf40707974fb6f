import Foundation
import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import StewardYAML
@testable import StewardCore

/// The organization every test runs in: a union office, a three-person committee, a
/// branch secretary, members and an archivist.
let testRoster: Roster = {
    do {
        return try RosterBuilder()
            .person("li.ming", name: "李明", account: "liming")
            .role("union-office", title: "工会办公室", members: ["li.ming", "wang.fang"])
            .role("union-committee", title: "工会委员会", members: ["zhang.wei", "chen.jing", "zhao.lei"])
            .role("branch-secretary", title: "支部书记", members: ["sun.hong"])
            .role("members", members: ["li.ming", "wang.fang", "zhou.min"])
            .role("archivist", members: ["qian.li"])
            .role("board4", members: ["b1", "b2", "b3", "b4"])
            .role("board5", members: ["c1", "c2", "c3", "c4", "c5"])
            .role("vacant", title: "空缺", members: [])
            .role("congress", title: "职工代表", members: (1...10).map { "d\($0)" })
            .admin("sun.hong")
            .build()
    } catch {
        fatalError("\(error)")
    }
}()

let shanghai = TimeZone(identifier: "Asia/Shanghai")!

/// An instant written as RFC 3339 text.
func at(_ iso: String) -> Instant {
    do { return try Instant(iso8601: iso) } catch { fatalError("\(iso): \(error)") }
}

/// Friday 2025-01-24 09:00 in Shanghai: the last working Friday before the 2025 Spring Festival.
let friday = at("2025-01-24T09:00:00+08:00")

/// A machine for workflow text, with the test roster and (optionally) a calendar.
func machine(_ yaml: String, calendar: (any WorkdayCalendar)? = nil, handlers: [String] = ["http"]) throws -> WorkflowMachine {
    let compiled = try CompiledWorkflow(yaml: yaml, context: ValidationContext(
        roster: testRoster, handlers: .builtIn(adding: handlers)))
    return WorkflowMachine(workflow: compiled, environment: CoreEnvironment(roster: testRoster, calendar: calendar, zone: shanghai))
}

/// Starts instance `i1` of the workflow text at `time` on a fresh manual clock.
func drive(_ yaml: String, at time: Instant = friday, inputs: ExpressionObject = [:],
           calendar: (any WorkdayCalendar)? = nil, rules: DecisionRules? = .current) throws -> WorkflowDriver {
    try WorkflowDriver(machine: machine(yaml, calendar: calendar), clock: ManualClock(time), inputs: inputs, rules: rules)
}

/// China's official working-day calendar, read from the package's calendars/cn-workdays.yaml.
let chinaCalendar: WorkingCalendar = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let path = root.appendingPathComponent("calendars/cn-workdays.yaml").path
    guard let data = FileManager.default.contents(atPath: path) else { fatalError("cannot read \(path)") }
    let (calendar, diagnostics) = CalendarLoader().load(YAMLSource(path: path, bytes: Array(data)))
    guard let calendar else { fatalError("\(path): \(diagnostics.map(\.message))") }
    return calendar
}()

/// A workflow on the China calendar whose one task, `work`, in the office, has `taskLines`
/// (each indented four spaces, as keys of the task).
func officeTask(_ taskLines: String) -> String {
    """
    steward: 1
    id: deadline
    calendar: cn-workdays
    start: work
    states:
      work:
        type: task
        assignee: { role: union-office }
    \(taskLines)
        actions: { done: finished }
      finished: { type: final }
    """
}

/// Builders for expected effects; ids are `i1.<kind><serial>`.
func opened(_ n: Int, scope: Int = 0, _ state: String, title: String? = nil, people: [String], roles: [String] = [],
            at time: Instant, due: Instant? = nil) -> OpenTask {
    OpenTask(id: "i1.task\(n)", scope: scope, state: state, title: title ?? state, assignees: people, roles: roles,
             openedAt: time, dueAt: due, votes: [], overdue: false)
}

func newTaskNotice(_ task: OpenTask) -> CoreEffect {
    .notify(Notice(people: task.assignees, subject: "新任务：\(task.title)", body: todoSentence(task), reason: "task-opened", task: task.id))
}

/// What a task's notices ask, by the deadline's day in Shanghai: `请于 3月31日前完成「…」`, or
/// `请办理「…」` without one.
func todoSentence(_ task: OpenTask) -> String {
    guard let due = task.dueAt else { return "请办理「\(task.title)」" }
    let day = due.localDate(in: shanghai)
    return "请于 \(day.month)月\(day.day)日前完成「\(task.title)」"
}

/// The words of an escalation's notice: `「…」未按期完成（期限 2月5日），请督办`.
func escalationSentence(_ title: String, due: String?) -> String {
    "「\(title)」未按期完成" + (due.map { "（期限 \($0)）" } ?? "") + "，请督办"
}

func timer(_ n: Int, _ kind: StewardCore.Timer.Kind, at time: Instant, scope: Int = 0, state: String, task: String? = nil,
           step: Int? = nil) -> StewardCore.Timer {
    StewardCore.Timer(id: "i1.timer\(n)", kind: kind, at: time, scope: scope, state: state, task: task, step: step)
}
