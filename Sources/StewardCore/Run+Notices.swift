import StewardTime

/// The words of the notices people get about their tasks: sentences with the task's title and
/// deadline in the office's time zone, not task ids. The trail keeps each notice as it was
/// sent, so rewording changes only notices sent from now on.
extension Run {
    /// The deadline's day in the office's time zone, `11月16日`: the day people plan by (the
    /// exact time is in `steward tasks`).
    func dayText(_ at: Instant) -> String {
        let date = at.localDate(in: environment.zone)
        return "\(date.month)月\(date.day)日"
    }

    /// `请于 11月16日前完成「起草规划」`, or `请办理「起草规划」` without a deadline.
    func todo(_ task: OpenTask) -> String {
        guard let due = task.dueAt else { return "请办理「\(task.title)」" }
        return "请于 \(dayText(due))前完成「\(task.title)」"
    }

    /// `「起草规划」已过期限（11月16日），请尽快办理`.
    func lateText(_ task: OpenTask) -> String {
        "「\(task.title)」已过期限" + (task.dueAt.map { "（\(dayText($0))）" } ?? "") + "，请尽快办理"
    }

    /// `「起草规划」未按期完成（期限 11月16日），请督办`.
    func escalationText(_ task: OpenTask) -> String {
        "「\(task.title)」未按期完成" + (task.dueAt.map { "（期限 \(dayText($0))）" } ?? "") + "，请督办"
    }

    /// People who may act on the task and have not yet: reminders are for them only.
    func waiting(_ task: OpenTask) -> [String] {
        let voted = Set(task.voters)
        return task.assignees.filter { !voted.contains($0) }
    }

    /// People as the roster names them (`李明、张伟`), their ids where it gives no name.
    func names(_ people: [String]) -> String {
        people.map { environment.roster?.people[$0]?.name ?? $0 }.joined(separator: "、")
    }

    /// Tells the people a task was taken from (by an escalation or a reassignment) that it now
    /// lies with others, so nobody keeps working on what is no longer theirs. `how`: `已逾期，转由`.
    mutating func tellTaken(_ task: OpenTask, from before: [String], how: String) {
        let kept = Set(task.assignees)
        let gone = before.filter { !kept.contains($0) }
        guard !gone.isEmpty else { return }
        effects.append(.notify(Notice(people: gone, subject: "已转办：\(task.title)",
                                      body: "「\(task.title)」\(how) \(names(task.assignees)) 办理，您无需再办理",
                                      reason: "taken", task: task.id)))
    }
}
