import StewardTime

/// `steward graph --detail`: what a committee reviews on the picture besides the flow: who
/// holds each task, how they decide, the deadline, the reminders and escalations, and how an
/// automatic step is retried.
extension WorkflowGraph {
    /// The lines added under a state's label (none for states without such rules).
    static func detailLines(_ state: State, roster: Roster?) -> [String] {
        switch state.kind {
        case .task(let task):
            var lines = ["办理：\(assigneeText(task.assignee, roster))"]
            if !task.quorum.isAny { lines.append("表决：\(task.quorum)") }
            if !task.separateFrom.isEmpty { lines.append("回避：\(task.separateFrom.map(\.value).joined(separator: ", "))") }
            if let due = task.due { lines.append("期限：\(durationText(due))") }
            if !task.remind.isEmpty { lines.append("提醒：\(task.remind.map { relativeText($0.time) }.joined(separator: ", "))") }
            for step in task.escalate { lines.append("督办：\(escalationText(step, roster))") }
            return lines
        case .action(let action):
            var lines: [String] = []
            if let retry = action.retry { lines.append("重试：最多 \(retry.maxAttempts) 次") }
            if let timeout = action.timeout { lines.append("超时：\(timeout)") }
            return lines
        case .wait(let wait):
            if let duration = wait.duration { return ["等待：\(durationText(duration))"] }
            return wait.until.map { ["等到：\($0.raw)"] } ?? []
        default:
            return []
        }
    }

    /// `角色 工会委员会 (union-committee)` with the roster's title, else `角色 union-committee`.
    static func assigneeText(_ assignee: Assignee, _ roster: Roster?) -> String {
        switch assignee {
        case .role(let role):
            guard let title = roster?.roles[role.value]?.title else { return "角色 \(role.value)" }
            return "角色 \(title) (\(role.value))"
        case .person(let person):
            guard let name = roster?.people[person.value]?.name else { return "本人 \(person.value)" }
            return "本人 \(name) (\(person.value))"
        case .expression(let text): return text.raw
        }
    }

    static func durationText(_ value: DurationValue) -> String {
        switch value {
        case .fixed(let spec, _): spec.description
        case .expression(let text): text.raw
        }
    }

    /// `1 workday before due`, `due`.
    static func relativeText(_ time: RelativeTime) -> String {
        switch time.duration {
        case .elapsed(0), .calendarDays(0), .workdays(0), .calendarDaysAndElapsed(0, 0): return "due"
        default: return "\(time.duration) \(time.direction == .before ? "before" : "after") due"
        }
    }

    /// `1 day after due → 角色 branch-secretary; 通知 …; 自动 reject`.
    static func escalationText(_ step: Escalation, _ roster: Roster?) -> String {
        let when = switch step.after {
        case .relativeToDue(let time): relativeText(time)
        case .afterOpened(let duration): "\(duration) after opening"
        }
        var parts: [String] = []
        if let to = step.to { parts.append("转交 \(assigneeText(to, roster))") }
        if !step.notify.isEmpty { parts.append("通知 \(step.notify.map { assigneeText($0, roster) }.joined(separator: ", "))") }
        if let action = step.action { parts.append("自动 \(action.value)") }
        return "\(when) → \(parts.joined(separator: "; "))"
    }
}
