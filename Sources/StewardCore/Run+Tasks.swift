import StewardExpressions
import StewardModel
import StewardTime

extension Run {
    /// Opens a task: assignees from the roster, deadline, reminders, escalations, a notice.
    mutating func openTask(_ spec: TaskSpec, scope: Int, state s: State) {
        let (people, roles): ([String], [String])
        do {
            (people, roles) = try resolve(spec.assignee, scope: scope)
        } catch {
            fail("the assignee of task '\(s.name)' could not be resolved: \(Run.describe(error))")
            return
        }
        var title = s.name
        if let text = s.title {
            do {
                title = try evaluate(text, scope: scope).text
            } catch {
                // The task still opens, under its state's name; the trail says why.
                note(scope: scope, from: nil, to: s.name, "the title of task '\(s.name)' could not be computed: \(error.message)")
            }
        }
        var dueAt: Instant?
        var calendarGap: String?
        // A computed deadline that comes out empty (an item without a date) means no deadline.
        if case .expression(let text)? = spec.due, (try? evaluate(text, scope: scope)) == .null {
            dueAt = nil
        } else if let due = spec.due {
            do {
                dueAt = try moment(due, scope: scope)
            } catch where error.calendarGap {
                // Failing the instance would throw away everything done so far for want of next
                // year's holiday list: the task opens without a deadline, and people are told.
                calendarGap = error.message
            } catch {
                fail("the deadline of task '\(s.name)' could not be computed: \(error.message)")
                return
            }
        }
        let task = OpenTask(id: state.nextID("task"), scope: scope, state: s.name, title: title, assignees: people,
                            roles: roles, openedAt: now, dueAt: dueAt, votes: [], overdue: false)
        state.tasks.append(task)
        effects.append(.openTask(task))
        effects.append(.notify(Notice(people: people, subject: "新任务：\(title)", body: todo(task), reason: "task-opened",
                                      task: task.id)))
        if people.isEmpty {
            // A role emptied in the roster would otherwise leave the task waiting for nobody, unseen.
            let whom = roles.isEmpty ? "" : " (role \(roles.joined(separator: ", ")) has no members)"
            note(scope: scope, from: nil, to: s.name, "task '\(s.name)' has nobody who may act on it\(whom)")
            effects.append(.notify(Notice(people: environment.roster?.admins ?? [], subject: "无人办理：\(title)",
                                          body: "task \(task.id) has nobody who may act on it\(whom)", reason: "no-assignee",
                                          task: task.id)))
        }
        let leftOut = placeTimers(taskAt: state.tasks.count - 1, spec: spec, dueGap: calendarGap)
        if !leftOut.isEmpty {
            let told = people + (environment.roster?.admins ?? []).filter { !people.contains($0) }
            let what = leftOut.map(\.what).joined(separator: ", ")
            let why = calendarGap ?? leftOut[0].why
            note(scope: scope, from: nil, to: s.name, "task '\(s.name)' opened without \(what): \(why)")
            effects.append(.notify(Notice(people: told, subject: "无法计算期限：\(title)",
                                          body: "task \(task.id), without \(what): \(why)", reason: "calendar-gap", task: task.id)))
            effects.append(.awaitCalendar(task: task.id))
        }
    }

    /// The people (and roles) an assignee names.
    func resolve(_ assignee: Assignee, scope: Int) throws(Refusal) -> ([String], [String]) {
        switch assignee {
        case .person(let p): return ([p.value], [])
        case .role(let r): return (members(of: r.value), [r.value])
        case .expression(let text):
            let value: ExpressionValue
            do {
                value = try evaluate(text, scope: scope)
            } catch {
                throw Refusal(.invalidForm, error.message)
            }
            switch value {
            case .string(let p): return ([p], [])
            case .list(let items): return (items.compactMap { if case .string(let p) = $0 { p } else { nil } }, [])
            default: throw Refusal(.invalidForm, "'\(text.raw)' gave \(value.typeName), not a person")
            }
        }
    }

    func members(of role: String) -> [String] {
        environment.roster?.roles[role]?.members ?? []
    }

    /// A person acts on a task: every rule is checked before anything changes.
    mutating func act(task id: String, person: String, action name: String, form: ExpressionObject, comment: String?,
                      onBehalfBy: String?) throws(Refusal) {
        let (t, spec) = try findOpenTask(id)
        // Fields by index, not a copy of the task: a copy would retain each of its texts and
        // make the vote below copy the task's vote list.
        let scope = state.tasks[t].scope
        let taskState = state.tasks[t].state
        guard let action = spec.actions.first(where: { $0.name == name }) else {
            let names = spec.actions.map(\.name)
            let hint = Suggestions.didYouMean(name, in: names).map { " (\($0))" } ?? ""
            throw Refusal(.actionNotAllowed,
                          "'\(name)' is not an action of task '\(taskState)'\(hint); its actions: \(names.joined(separator: ", "))")
        }
        let assignees = state.tasks[t].assignees
        guard assignees.contains(person) else {
            throw Refusal(.notEligible, "\(person) is not among the people of task '\(taskState)' (\(assignees.joined(separator: ", ")))")
        }
        // People the four-eyes rule bars can never vote, so they do not count towards the quorum.
        let barred = try checkFourEyes([person], spec: spec, task: taskState)
        if state.tasks[t].votes.contains(where: { $0.person == person }) {
            throw Refusal(.conflict, "\(person) has already acted on task '\(taskState)'")
        }
        if let condition = action.condition {
            let holds: ExpressionValue
            do {
                holds = try evaluate(condition, scope: scope, actor: person)
            } catch {
                throw Refusal(.actionNotAllowed, "the condition of '\(name)' could not be evaluated: \(error.message)")
            }
            guard holds == .bool(true) else {
                throw Refusal(.actionNotAllowed, "'\(name)' is not allowed now: its condition '\(condition.raw)' does not hold")
            }
        }
        try checkForm(form, comment: comment, spec: spec, action: action)
        let eligible = assignees.count < 2 && barred.isEmpty ? assignees.count : Set(assignees).subtracting(barred).count
        if spec.quorum.secret {
            guard (comment ?? "").allSatisfy(\.isWhitespace) else {
                throw Refusal(.invalidForm, "task '\(taskState)' is a secret ballot: it takes no comment, which would tell the choice")
            }
            try castBallot(taskAt: t, spec: spec, person: person, choice: name, tally: nil, onBehalfBy: onBehalfBy,
                           eligible: eligible)
            return
        }
        state.tasks[t].votes.append(Vote(person: person, action: name, form: form, comment: comment, at: now))
        note(scope: scope, from: taskState, to: nil, .chose(person: person, onBehalfBy: onBehalfBy, action: name))
        let votes = state.tasks[t].votes
        let decided: String?
        switch state.rules {
        case .mostChosen:
            // A first vote that alone reaches the threshold decides for its own action, without counting.
            if votes.count == 1 && spec.quorum.mostChosenThreshold(eligible: eligible) <= 1 {
                decided = name
            } else {
                decided = Quorum.mostChosenDecision(spec.quorum, votes: votes, eligible: eligible,
                                                    actions: spec.actions.map(\.name))
            }
        case .thresholds:
            if spec.quorum.isAny && !action.abstains {
                decided = name
            } else {
                decided = Quorum.decision(spec.quorum, count: try quorumCount(spec.quorum, scope: scope, task: taskState),
                                          votes: votes, eligible: eligible, actions: spec.actions)
            }
        }
        guard let decided, let deciding = spec.actions.first(where: { $0.name == decided }) else { return }
        try decide(taskAt: t, action: deciding, scope: scope)
    }

    /// The number of people an expression quorum gives (`${{ inputs.quota }}`); nil for the others.
    func quorumCount(_ quorum: Quorum, scope: Int, task: String) throws(Refusal) -> Int? {
        guard case .expression(let text) = quorum.threshold else { return nil }
        let value: ExpressionValue
        do {
            value = try evaluate(text, scope: scope)
        } catch {
            throw Refusal(.workflowError, "the quorum of task '\(task)' could not be computed: \(error.message)")
        }
        guard case .integer(let n) = value, n >= 1 else {
            throw Refusal(.workflowError, "the quorum of task '\(task)' ('\(text.raw)') gave \(value.text), not a number of people (1 or more)")
        }
        return n
    }

    /// The index of open task `id` and its spec; a task no longer open is a conflict.
    func findOpenTask(_ id: String) throws(Refusal) -> (Int, TaskSpec) {
        guard let t = state.tasks.firstIndex(where: { $0.id == id }) else {
            throw Refusal(.conflict, "task \(id) is not open (it was done or closed meanwhile)")
        }
        let scope = state.tasks[t].scope
        guard let position = state.scopes[scope].current, case .task(let spec) = flow(of: scope).states[position.index].state.kind
        else { throw Refusal(.conflict, "task \(id) is not open") }
        return (t, spec)
    }

    /// Refuses any of `people` who acted in a state this task must be separate from; returns
    /// everyone those states bar.
    func checkFourEyes(_ people: [String], spec: TaskSpec, task name: String) throws(Refusal) -> Set<String> {
        var barred = Set<String>()
        for other in spec.separateFrom {
            let earlier = actors(of: other.value)
            if let person = people.first(where: { earlier.contains($0) }) {
                throw Refusal(.fourEyes, "\(person) acted in '\(other.value)' and may not also act in '\(name)' (four-eyes rule)")
            }
            barred.formUnion(earlier)
        }
        return barred
    }

    /// Task `t` is decided: record who did what, set variables, move on.
    ///
    /// A `set:` that cannot be computed is refused, and the caller's run with it, so nothing
    /// changes (the oldest instances took null).
    mutating func decide(taskAt t: Int, action: TaskAction, scope: Int, tally: ExpressionObject? = nil) throws(Refusal) {
        let votes = state.tasks[t].votes
        let taskState = state.tasks[t].state
        let deciding = votes.last { $0.action == action.name }
        var record = state.scopes[scope].records[taskState] ?? StateRecord()
        record.form = deciding?.form ?? [:]
        switch state.rules {
        case .mostChosen:
            if let comment = deciding?.comment { record.form["comment"] = .string(comment) }
        case .thresholds:
            // Every person's action, form and comment, not only the deciding one's.
            record.comment = deciding?.comment
            record.votes = votes
        }
        record.action = action.name
        record.actor = deciding?.person
        record.at = now
        record.actors.append(contentsOf: votes.map(\.person))
        // A secret ballot's record: who voted (`votes`), the tally (`output`), nobody's choice.
        if let tally { record.output = .object(tally) }
        state.scopes[scope].records[taskState] = record
        // After the record, which `set:` may read; a refusal throws this whole run away.
        for (name, text) in action.set {
            do {
                state.vars[name] = try evaluate(text, scope: scope, actor: deciding?.person)
            } catch {
                guard state.rules == .mostChosen else {
                    throw Refusal(.workflowError,
                                  "action '\(action.name)' of task '\(taskState)' could not set '\(name)': \(error.message)")
                }
                state.vars[name] = .null
            }
        }
        guard let target = action.target else { return }
        note(scope: scope, from: taskState, to: target.value, .decided(task: taskState, action: action.name))
        guard let index = index(of: target.value, in: scope) else {
            fail("action '\(action.name)' of task '\(taskState)' goes to '\(target.value)', which this flow does not have")
            return
        }
        follow(scope: scope, target: index)
    }

    /// Everyone who acted in a state, in any scope of this instance.
    func actors(of name: String) -> Set<String> {
        var people = Set<String>()
        // By index: a `for` over the elements would copy each scope and task.
        for i in state.scopes.indices { people.formUnion(state.scopes[i].records[name]?.actors ?? []) }
        for i in state.tasks.indices where state.tasks[i].state == name {
            for vote in state.tasks[i].votes { people.insert(vote.person) }
        }
        return people
    }

    private func checkForm(_ form: ExpressionObject, comment: String?, spec: TaskSpec, action: TaskAction) throws(Refusal) {
        for (key, _) in form.entries where !spec.form.contains(where: { $0.name == key }) {
            throw Refusal(.invalidForm, "the form of this task has no field '\(key)'; its fields: "
                          + spec.form.map { Self.named($0.name, in: spec) }.joined(separator: ", "))
        }
        var missing: [String] = []
        // An action that names what it needs (`require:`) needs exactly that; otherwise
        // every required field of the form: a rejection must not demand the whole form.
        if action.require.isEmpty {
            for field in spec.form where field.required && isEmpty(form[field.name]) { missing.append(field.name) }
        }
        for required in action.require.map(\.value) where !missing.contains(required) {
            if required == "comment" {
                if (comment ?? "").allSatisfy(\.isWhitespace) { missing.append("comment") }
            } else if isEmpty(form[required]) {
                missing.append(required)
            }
        }
        if !missing.isEmpty {
            throw Refusal(.missingRequired,
                          "'\(action.name)' needs \(missing.map { Self.named($0, in: spec) }.joined(separator: ", ")) filled in")
        }
    }

    /// A field as the organizer knows it: `工作目标 (goals)` by its label, `'goals'` without one.
    static func named(_ field: String, in spec: TaskSpec) -> String {
        guard let label = spec.form.first(where: { $0.name == field })?.label, !label.isEmpty else { return "'\(field)'" }
        return "\(label) (\(field))"
    }

    private func isEmpty(_ value: ExpressionValue?) -> Bool {
        switch value {
        case nil, .null?: true
        case .string(let s)?: s.allSatisfy(\.isWhitespace)
        case .list(let l)?: l.isEmpty
        default: false
        }
    }
}
