import StewardExpressions
import StewardModel
import StewardTime

extension Run {
    /// A timer came due: deadlines, reminders, escalations, waits, retries and timeouts.
    mutating func fire(timer id: String) throws(Refusal) {
        guard let timer = state.timers.first(where: { $0.id == id }) else {
            throw Refusal(.conflict, "timer \(id) is no longer set (it fired or was cleared meanwhile)")
        }
        state.timers.removeAll { $0.id == id }
        let scope = timer.scope
        guard let position = state.scopes[scope].current, position.name == timer.state else { return }
        let s = flow(of: scope).states[position.index].state
        switch (timer.kind, s.kind) {
        case (.wait, .wait(let wait)):
            note(scope: scope, from: s.name, to: nil, "wait ended")
            goNext(wait.next, scope: scope)
        case (.retry, .action(let action)):
            note(scope: scope, from: s.name, to: nil, "retrying, attempt \(timer.step ?? 2)")
            startStep(action, scope: scope, state: s, attempt: timer.step ?? 2)
        case (.timeout, .action(let action)):
            let attempt = position.attempt
            state.steps.removeAll { $0.scope == scope && $0.state == s.name }
            handleFailure(action, scope: scope, state: s.name, attempt: attempt, kind: "timeout",
                          message: "the handler did not answer in time")
        case (.due, .task):
            guard let t = state.tasks.firstIndex(where: { $0.id == timer.task }) else { return }
            state.tasks[t].overdue = true
            let task = state.tasks[t]
            note(scope: scope, from: s.name, to: nil, "task '\(s.name)' is overdue")
            let late = waiting(task)
            if !late.isEmpty {
                effects.append(.notify(Notice(people: late, subject: "已逾期：\(task.title)",
                                              body: lateText(task),
                                              reason: "overdue", task: task.id)))
            }
        case (.reminder, .task):
            // Whoever has already voted is not reminded of the vote.
            guard let task = state.tasks.first(where: { $0.id == timer.task }) else { return }
            let late = waiting(task)
            guard !late.isEmpty else { return }
            effects.append(.notify(Notice(people: late, subject: "提醒：\(task.title)", body: todo(task), reason: "reminder", task: task.id)))
        case (.escalation, .task(let spec)):
            guard let step = timer.step, step < spec.escalate.count else { return }
            escalate(spec.escalate[step], spec: spec, scope: scope, taskID: timer.task)
        default:
            break
        }
    }

    private mutating func escalate(_ step: Escalation, spec: TaskSpec, scope: Int, taskID: String?) {
        guard let t = state.tasks.firstIndex(where: { $0.id == taskID }) else { return }
        let name = state.tasks[t].state
        var notifyPeople: [String] = []
        // Whom an escalation cannot resolve is named in the trail and told to the admins,
        // never silently skipped.
        func resolved(_ assignee: Assignee, _ what: String) -> ([String], [String])? {
            do {
                return try resolve(assignee, scope: scope)
            } catch {
                note(scope: scope, from: name, to: nil, "escalation could not resolve \(what): \(error.message)")
                effects.append(.notify(Notice(people: environment.roster?.admins ?? [], subject: "督办失败：\(state.tasks[t].title)",
                                              body: "task \(state.tasks[t].id): escalation could not resolve \(what): \(error.message)",
                                              reason: "escalation-failed", task: state.tasks[t].id)))
                return nil
            }
        }
        for assignee in step.notify {
            notifyPeople += resolved(assignee, "whom to notify")?.0 ?? []
        }
        if let to = step.to, let (people, roles) = resolved(to, "whom to hand the task to") {
            if people.isEmpty {
                // Handing the task to nobody would strand it: it stays with its people, and the admins are told.
                let whom = roles.isEmpty ? "nobody" : "role \(roles.joined(separator: ", ")), which has no members"
                note(scope: scope, from: name, to: nil,
                     "escalation to \(whom): the task stays with \(state.tasks[t].assignees.joined(separator: ", "))")
                effects.append(.notify(Notice(people: environment.roster?.admins ?? [], subject: "无人办理：\(state.tasks[t].title)",
                                              body: "task \(state.tasks[t].id): escalation to \(whom)", reason: "no-assignee",
                                              task: state.tasks[t].id)))
            } else {
                let before = state.tasks[t].assignees
                state.tasks[t].assignees = people
                state.tasks[t].roles = roles
                state.tasks[t].votes = []
                state.tasks[t].ballots = nil
                effects.append(.openTask(state.tasks[t]))
                tellTaken(state.tasks[t], from: before, how: "已逾期，转由")
                notifyPeople += people
                note(scope: scope, from: name, to: nil, "escalated to \(people.joined(separator: ", "))")
            }
        }
        if !notifyPeople.isEmpty {
            effects.append(.notify(Notice(people: notifyPeople, subject: "督办：\(state.tasks[t].title)",
                                          body: escalationText(state.tasks[t]),
                                          reason: "escalation", task: state.tasks[t].id)))
        }
        if let actionName = step.action, let action = spec.actions.first(where: { $0.name == actionName.value }) {
            note(scope: scope, from: name, to: nil, "escalation takes '\(action.name)'")
            do {
                try decide(taskAt: t, action: action, scope: scope)
            } catch {
                // Nobody is there to refuse: the instance fails, with the message.
                fail(error.message)
            }
        }
    }

    /// Stops the whole instance on request.
    mutating func cancel(reason: String, by: String?) {
        note(scope: 0, from: state.currentStates.first, to: nil, "cancelled" + (by.map { " by \($0)" } ?? ""))
        endInstance(.cancelled, reason: reason)
    }
}
