import StewardExpressions
import StewardModel
import StewardTime

extension Run {
    /// Something of a task's timing the calendar could not place (no working days for a year):
    /// `key` (`due`, `reminder:N`, `escalation:N`) for placing it later, `what` and `why` for people.
    struct LeftOut {
        let key: String
        let what: String
        let why: String
    }

    /// Sets task `t`'s due, reminder and escalation timers (only those in `only`, when given),
    /// counted from its deadline and from when it opened; returns what the calendar could not
    /// place, each named so nobody counts on a reminder that never comes (with `dueGap`, the
    /// deadline itself is among them).
    mutating func placeTimers(taskAt t: Int, spec: TaskSpec, dueGap: String?, only: Set<String>? = nil) -> [LeftOut] {
        let task = state.tasks[t]
        var leftOut: [LeftOut] = []
        if let dueGap {
            let counted = !spec.remind.isEmpty || spec.escalate.contains { if case .relativeToDue = $0.after { true } else { false } }
            leftOut.append(LeftOut(key: "due", what: "its deadline" + (counted ? ", the reminders and escalations counted from it" : ""),
                                   why: dueGap))
        }
        func wanted(_ key: String) -> Bool { only?.contains(key) ?? true }
        func placed(_ key: String, _ what: String, _ compute: () throws(DeadlineError) -> Instant) -> Instant? {
            do {
                return try compute()
            } catch {
                guard case .calendar(.yearNotCovered) = error else { return nil }
                leftOut.append(LeftOut(key: key, what: what, why: error.description))
                return nil
            }
        }
        let zone = environment.zone
        let calendar = environment.calendar
        if let dueAt = task.dueAt {
            if wanted("due") { addTimer(.due, at: dueAt, scope: task.scope, state: task.state, task: task.id) }
            for (i, reminder) in spec.remind.enumerated() where wanted("due") || wanted("reminder:\(i)") {
                if let at = placed("reminder:\(i)", "reminder \(i + 1)", { () throws(DeadlineError) in
                    try reminder.time.instant(relativeTo: dueAt, zone: zone, calendar: calendar)
                }), at > now {
                    addTimer(.reminder, at: at, scope: task.scope, state: task.state, task: task.id, step: i)
                }
            }
        }
        for (i, step) in spec.escalate.enumerated() {
            var at: Instant?
            switch step.after {
            case .relativeToDue(let time):
                guard wanted("due") || wanted("escalation:\(i)"), let dueAt = task.dueAt else { continue }
                at = placed("escalation:\(i)", "escalation \(i + 1)") { () throws(DeadlineError) in
                    try time.instant(relativeTo: dueAt, zone: zone, calendar: calendar)
                }
            case .afterOpened(let duration):
                guard wanted("escalation:\(i)") else { continue }
                at = placed("escalation:\(i)", "escalation \(i + 1)") { () throws(DeadlineError) in
                    try duration.deadline(from: task.openedAt, zone: zone, calendar: calendar)
                }
            }
            if let at { addTimer(.escalation, at: at, scope: task.scope, state: task.state, task: task.id, step: i) }
        }
        state.tasks[t].unplaced = leftOut.isEmpty ? nil : leftOut.map(\.key)
        return leftOut
    }

    /// `calendarUpdated`: what open tasks could not place for want of calendar data (their
    /// deadline, reminders, escalations) is placed now, counted from when each task opened, as
    /// if the data had been there; what still falls in a year without data keeps waiting.
    /// Refused as stale when no task waits for the calendar.
    mutating func placeDeadlines() throws(Refusal) {
        let waiting = state.tasks.indices.filter { !(state.tasks[$0].unplaced ?? []).isEmpty }
        guard !waiting.isEmpty else { throw Refusal(.conflict, "no task of instance \(state.id) waits for the calendar") }
        for t in waiting {
            let task = state.tasks[t]
            let spec: TaskSpec
            do { (_, spec) = try findOpenTask(task.id) } catch { continue }
            let keys = Set(task.unplaced ?? [])
            var dueGap: String?
            if keys.contains("due"), let due = spec.due {
                do {
                    state.tasks[t].dueAt = try deadline(due, openedAt: task.openedAt, scope: task.scope)
                } catch where error.calendarGap {
                    dueGap = error.message
                } catch {
                    note(scope: task.scope, from: nil, to: task.state, "the deadline of task '\(task.state)' could not be placed: \(error.message)")
                }
            }
            let leftOut = placeTimers(taskAt: t, spec: spec, dueGap: dueGap, only: keys)
            if leftOut.count < keys.count {
                effects.append(.openTask(state.tasks[t]))
                let due = state.tasks[t].dueAt.map { " (due \($0.iso8601(in: environment.zone)))" } ?? ""
                note(scope: task.scope, from: nil, to: task.state, "task '\(task.state)' has what the calendar now places\(due)")
                effects.append(.notify(Notice(people: task.assignees, subject: "期限已确定：\(task.title)",
                                              body: "task \(task.id)\(due)", reason: "deadline-placed", task: task.id)))
            }
            if !leftOut.isEmpty { effects.append(.awaitCalendar(task: task.id)) }
        }
    }

    /// A task's deadline counted from when it opened (a computed one is computed now).
    private func deadline(_ due: DurationValue, openedAt: Instant, scope: Int) throws(MomentError) -> Instant {
        guard case .fixed(let duration, _) = due else { return try moment(due, scope: scope) }
        do {
            return try duration.deadline(from: openedAt, zone: environment.zone, calendar: environment.calendar)
        } catch {
            var gap = false
            if case .calendar(.yearNotCovered) = error { gap = true }
            throw MomentError(message: error.description, calendarGap: gap)
        }
    }
}
