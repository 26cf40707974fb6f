import StewardDiagnostics
import StewardPlugins

extension WorkflowChecker {
    /// With a roster: every role and person a workflow names must be in it.
    func checkPeople() {
        guard let roster = context.roster else { return }
        for role in workflow.roles + workflow.starters { checkRole(role, roster) }
        for case .role(let role) in workflow.readers { checkRole(role, roster) }
        for case .person(let person) in workflow.readers where roster.people[person.value] == nil {
            reader.report(.unknownPerson, at: person.location, "'\(person.value)' is not a person of the roster",
                          suggestion: Suggestions.didYouMean(person.value, in: roster.people.keys))
        }
        for (_, _, state) in allStates {
            guard case .task(let task) = state.kind else { continue }
            checkQuorumSize(task, of: state.name, roster)
            var assignees = [task.assignee]
            for step in task.escalate {
                assignees += (step.to.map { [$0] } ?? []) + step.notify
            }
            for assignee in assignees {
                switch assignee {
                case .role(let role): checkRole(role, roster)
                case .person(let person):
                    if roster.people[person.value] == nil {
                        reader.report(.unknownPerson, at: person.location, "'\(person.value)' is not a person of the roster",
                                      suggestion: Suggestions.didYouMean(person.value, in: roster.people.keys))
                    }
                case .expression: break
                }
            }
        }
    }

    /// With a roster: the people and roles written out in a handler's `with:` (`notify`'s `to`,
    /// a plug-in's `person` input) must be in it. Expressions are checked when the step runs.
    func checkHandlerPeople() {
        guard let roster = context.roster else { return }
        for (_, _, state) in allStates {
            guard case .action(let action) = state.kind, case .mapping(let pairs, _)? = action.with,
                  let contract = context.handlers?.contract(named: action.uses.value) else { continue }
            for pair in pairs {
                guard let type = contract.input(named: pair.key)?.type, [HandlerValueType.recipients, .person, .role].contains(type) else { continue }
                checkNames(pair.value, as: type, roster)
            }
        }
    }

    private func checkNames(_ value: ArgumentValue, as type: HandlerValueType, _ roster: Roster) {
        switch value {
        case .list(let items, _):
            for item in items { checkNames(item, as: type, roster) }
        case .mapping(let pairs, _):
            guard type == .recipients, pairs.count == 1 else { return }
            checkNames(pairs[0].value, as: pairs[0].key == "role" ? .role : .person, roster)
        case .text(let text):
            guard let name = text.literal else { return }
            let person = roster.people[name] != nil
            let role = roster.roles[name] != nil
            switch type {
            case .person where !person:
                reader.report(.unknownPerson, at: text.location, "'\(name)' is not a person of the roster",
                              suggestion: Suggestions.didYouMean(name, in: roster.people.keys))
            case .role where !role:
                checkRole(Located(name, at: text.location), roster)
            case .recipients where person && role:
                reader.report(.badValue, at: text.location, "'\(name)' is both a person and a role of the roster",
                              suggestion: "write { person: \(name) } or { role: \(name) }")
            case .recipients where !person && !role:
                reader.report(.unknownPerson, at: text.location, "'\(name)' is neither a person nor a role of the roster",
                              suggestion: Suggestions.didYouMean(name, in: Array(roster.people.keys) + Array(roster.roles.keys)))
            default:
                return
            }
        }
    }

    /// A number of people larger than the task can ever have is never reached.
    private func checkQuorumSize(_ task: TaskSpec, of name: String, _ roster: Roster) {
        guard case .count(let needed) = task.quorum.threshold, !task.quorum.isAny else { return }
        let most: Int
        let whom: String
        switch task.assignee {
        case .role(let role):
            guard let members = roster.roles[role.value]?.members else { return }
            (most, whom) = (members.count, "role '\(role.value)' has \(members.count) member\(members.count == 1 ? "" : "s")")
        case .person(let person): (most, whom) = (1, "it is assigned to one person, '\(person.value)'")
        case .expression: return
        }
        guard needed > most else { return }
        reader.report(.quorumTooLarge, at: task.quorum.location,
                      "the quorum of task '\(name)' needs \(needed) people, but \(whom)",
                      notes: ["a share such as 'majority' or '2/3' follows the roster as it changes"],
                      suggestion: most >= 1 ? "at most \(most), or a share" : nil)
    }

    /// With a roster: a person or role given as the `default` of an input or a form field
    /// (alone or in a list) must be in it, or every start without that input would be refused.
    func checkDefaultPeople() {
        guard let roster = context.roster else { return }
        var fields = workflow.inputs.map { ($0, "input '\($0.name)'") }
        for (_, _, state) in allStates {
            guard case .task(let task) = state.kind else { continue }
            fields += task.form.map { ($0, "field '\($0.name)' of state '\(state.name)'") }
        }
        for (field, what) in fields {
            guard let value = field.defaultValue, let at = field.defaultLocation else { continue }
            var type = field.type
            var values = [value]
            if case .list(let item) = field.type, case .list(let items) = value {
                type = item.type
                values = items
            }
            for case .string(let name) in values {
                if type == .person, roster.people[name] == nil {
                    reader.report(.unknownPerson, at: at, "'\(name)', the default of \(what), is not a person of the roster",
                                  suggestion: Suggestions.didYouMean(name, in: roster.people.keys))
                } else if type == .role, roster.roles[name] == nil {
                    reader.report(.unknownRole, at: at, "'\(name)', the default of \(what), is not a role of the roster",
                                  suggestion: Suggestions.didYouMean(name, in: roster.roles.keys))
                }
            }
        }
    }

    private func checkRole(_ role: Located<String>, _ roster: Roster) {
        guard roster.roles[role.value] == nil else { return }
        reader.report(.unknownRole, at: role.location, "'\(role.value)' is not a role of the roster",
                      suggestion: Suggestions.didYouMean(role.value, in: roster.roles.keys))
    }

    /// With the workflows folder known: a `workflow` state must start a workflow that exists.
    func checkChildWorkflows() {
        guard let known = context.workflows else { return }
        for (_, _, state) in allStates {
            guard case .workflow(let sub) = state.kind else { continue }
            guard known.contains(sub.uses.value) else {
                reader.report(.unknownWorkflow, at: sub.uses.location, "no workflow with id '\(sub.uses.value)' was found",
                              notes: known.isEmpty ? ["the workflows folder holds no valid workflow"]
                                                   : ["workflows: \(known.sorted().joined(separator: ", "))"],
                              suggestion: Suggestions.didYouMean(sub.uses.value, in: known))
                continue
            }
            // What `with` gives must be inputs the child declares, and give every one it requires.
            guard let fields = context.workflowInputs[sub.uses.value] else { continue }
            let inputs = fields.map(\.name)
            var given = Set(sub.with.map(\.name))
            // A misspelt required input is reported once, as the misspelling.
            for (name, _) in sub.with where !inputs.contains(name) {
                if let closest = Suggestions.closest(to: name, in: inputs) { given.insert(closest) }
            }
            for field in fields where field.required && field.defaultValue == nil && !given.contains(field.name) {
                reader.report(.unknownInput, at: sub.uses.location,
                              "workflow '\(sub.uses.value)' requires the input '\(field.name)', which 'with' of state '\(state.name)' does not give",
                              suggestion: "add it under 'with:', e.g. \(field.name): ${{ inputs.\(field.name) }}")
            }
            for (name, value) in sub.with where !inputs.contains(name) {
                reader.report(.unknownInput, at: sub.withKeys[name] ?? value.location,
                              "'with' of state '\(state.name)' gives '\(name)', which workflow '\(sub.uses.value)' has no input for",
                              notes: inputs.isEmpty ? ["workflow '\(sub.uses.value)' declares no 'inputs'"]
                                                    : ["its inputs: \(inputs.joined(separator: ", "))"],
                              suggestion: Suggestions.didYouMean(name, in: inputs))
            }
        }
    }

    /// `workdays` need a calendar, and a named calendar must exist.
    func checkTime() {
        if let calendar = workflow.calendar, let known = context.calendars, !known.contains(calendar.value) {
            reader.report(.unknownCalendar, at: calendar.location, "no calendar named '\(calendar.value)' was found",
                          notes: known.isEmpty ? ["the calendars folder holds no calendar files"]
                                               : ["calendars: \(known.sorted().joined(separator: ", "))"],
                          suggestion: Suggestions.didYouMean(calendar.value, in: known))
        }
        guard workflow.calendar == nil else { return }
        for (_, _, state) in allStates {
            for location in workdayUses(state) {
                reader.report(.workdaysWithoutCalendar, at: location,
                              "state '\(state.name)' counts working days, but the workflow names no 'calendar'",
                              notes: ["without a calendar Steward cannot know holidays and make-up working days"],
                              suggestion: "add 'calendar: cn-workdays' at the top of the file")
            }
        }
    }

    private func workdayUses(_ state: State) -> [SourceLocation] {
        switch state.kind {
        case .task(let t):
            var uses: [SourceLocation] = []
            if case .fixed(.workdays, let location)? = t.due { uses.append(location) }
            uses += t.remind.filter { if case .workdays = $0.time.duration { true } else { false } }.map(\.location)
            for step in t.escalate {
                switch step.after {
                case .relativeToDue(let r): if case .workdays = r.duration { uses.append(step.location) }
                case .afterOpened(let d): if case .workdays = d { uses.append(step.location) }
                }
            }
            return uses
        case .wait(let w):
            if case .fixed(.workdays, let location)? = w.duration { return [location] }
            return []
        case .action(let a):
            let specs = [a.timeout, a.retry?.interval, a.retry?.backoff, a.retry?.maxDelay]
            return specs.contains { if case .workdays? = $0 { true } else { false } } ? [a.uses.location] : []
        default:
            return []
        }
    }
}
