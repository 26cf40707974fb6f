import StewardTime

/// The words of the notices people get about their tasks: sentences with the task's title and
/// deadline in the office's time zone, not task ids. The trail keeps each notice as it was
/// sent, so rewording changes only notices sent from now on.
extension Run {
    /// `11月16日` for a deadline at the end of a day (a date) or at its start, else `11月16日 17:30 `.
    func dayText(_ at: Instant) -> String {
        let local = at.local(in: environment.zone)
        let day = "\(local.date.month)月\(local.date.day)日"
        if (local.hour == 0 && local.minute == 0) || (local.hour == 23 && local.minute == 59) { return day }
        return day + " " + String(format2: local.hour) + ":" + String(format2: local.minute) + " "
    }

    /// `请于 11月16日前完成「起草规划」`, or `请办理「起草规划」` without a deadline.
    func todo(_ task: OpenTask) -> String {
        guard let due = task.dueAt else { return "请办理「\(task.title)」" }
        return "请于 \(dayText(due))前完成「\(task.title)」"
    }

    /// People who may act on the task and have not yet: reminders are for them only.
    func waiting(_ task: OpenTask) -> [String] {
        let voted = Set(task.voters)
        return task.assignees.filter { !voted.contains($0) }
    }

    /// Tells the people a task was taken from (by an escalation or a reassignment) that it now
    /// lies with others, so nobody keeps working on what is no longer theirs.
    mutating func tellTaken(_ task: OpenTask, from before: [String], why: String) {
        let kept = Set(task.assignees)
        let gone = before.filter { !kept.contains($0) }
        guard !gone.isEmpty else { return }
        effects.append(.notify(Notice(people: gone, subject: "已转办：\(task.title)",
                                      body: "「\(task.title)」已\(why)转由 \(task.assignees.joined(separator: "、")) 办理，您无需再办理",
                                      reason: "taken")))
    }
}

extension String {
    /// Two digits: `7` → `07`.
    init(format2 n: Int) {
        self = n < 10 ? "0\(n)" : String(n)
    }
}
