import StewardDiagnostics
import StewardTime
import StewardYAML

extension StateDecoder {
    static let taskKeys = FlowDecoder.commonKeys
        + ["assignee", "quorum", "separate_from", "form", "actions", "due", "remind", "escalate"]

    func task(_ m: YAMLMapping, _ what: String) -> TaskSpec? {
        reader.checkKeys(m, allowed: Self.taskKeys, required: ["assignee"], nested: ["assignee": KeyTables.assignee], what)
        let actions = m["actions"].map { taskActions($0, what) } ?? []
        guard let assigneeNode = m["assignee"], let assignee = assignee(assigneeNode, "'assignee' of \(what)") else { return nil }
        let counting = m["quorum"].flatMap { quorum($0, what) } ?? Quorum.any
        let form = m["form"].map { FieldDecoder(reader: reader).fields($0, "'form' of \(what)") } ?? []
        if counting.secret { checkSecretBallot(form: form, formNode: m["form"], actions: actions, what) }
        return TaskSpec(
            assignee: assignee, quorum: counting,
            separateFrom: m["separate_from"].map { reader.words($0, "'separate_from' of \(what)") } ?? [],
            form: form,
            actions: actions, due: m["due"].flatMap { reader.duration($0, "'due' of \(what)") },
            remind: m["remind"].map { reminders($0, what) } ?? [],
            escalate: m["escalate"].map { escalations($0, what) } ?? [])
    }

    /// A secret ballot keeps nothing that could tell a person's choice: no form, no comment.
    private func checkSecretBallot(form: [FieldSpec], formNode: YAMLNode?, actions: [TaskAction], _ what: String) {
        if !form.isEmpty, let formNode {
            reader.report(.badQuorum, at: reader.location(formNode),
                          "\(what) is a secret ballot and cannot have a form: what a voter fills in would tell their choice",
                          suggestion: "remove 'form', or ask for it in a task before the vote")
        }
        for action in actions {
            for required in action.require {
                reader.report(.badQuorum, at: required.location,
                              "action '\(action.name)' of \(what) requires '\(required.value)', but a secret ballot takes "
                                  + "no comment or form", suggestion: "remove it from 'require'")
            }
        }
    }

    /// `{ role: x }`, `{ person: x }`, or `{ person: "${{ … }}" }`.
    func assignee(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Assignee? {
        guard let m = reader.mapping(node, what()) else { return nil }
        reader.checkKeys(m, allowed: KeyTables.assignee, what())
        switch (m["role"], m["person"]) {
        case let (role?, nil):
            guard let t = reader.template(role, "'role' of \(what())") else { return nil }
            return t.isExpression ? .expression(t) : .role(Located(t.raw, at: t.location))
        case let (nil, person?):
            guard let t = reader.template(person, "'person' of \(what())") else { return nil }
            return t.isExpression ? .expression(t) : .person(Located(t.raw, at: t.location))
        case (.some, .some):
            reader.report(.badValue, at: reader.location(node), "\(what()) names both a role and a person; keep one")
            return nil
        case (nil, nil):
            reader.report(.missingKey, at: reader.location(node), "\(what()) needs 'role' or 'person'",
                          suggestion: "for example { role: union-committee }")
            return nil
        }
    }

    private func taskActions(_ node: YAMLNode, _ what: String) -> [TaskAction] {
        guard let m = reader.mapping(node, "'actions' of \(what)") else {
            lost.transitions = true
            return []
        }
        // `submit:` left empty with `to: review` beneath it at the same indentation.
        let misindented = reader.misindentedKeys(m) { _ in KeyTables.taskAction }
        return m.pairs.compactMap { pair in
            if let key = pair.key.scalar?.text, misindented.contains(key) { return nil }
            if let action = taskAction(pair, what) { return action }
            lost.transitions = true
            return nil
        }
    }

    private func taskAction(_ pair: YAMLPair, _ what: String) -> TaskAction? {
        guard let name = reader.string(pair.key, "an action name of \(what)") else { return nil }
        let place = reader.location(pair.key)
        func label() -> String { "action '\(name)' of \(what)" }
        if !Names.isName(name) {
            reader.report(.badID, at: place, "'\(name)' is not a valid action name; use letters, digits, '_' or '-'")
        }
        // `approve: publish` is shorthand for `approve: { to: publish }`.
        if pair.value.scalar != nil {
            guard let to = target(pair.value, label()) else { return nil }
            return TaskAction(name: name, location: place, target: to, abstains: false, require: [], condition: nil, set: [])
        }
        guard let a = reader.mapping(pair.value, label()) else { return nil }
        if let kind = a["kind"] {
            // An abstention goes nowhere: it never decides the task, so it has no 'to'.
            reader.checkKeys(a, allowed: KeyTables.abstention, label())
            guard let word = reader.string(kind, "'kind' of \(label())") else { return nil }
            guard word == "abstain" else {
                reader.report(.badValue, at: reader.location(kind), "'kind' of \(label()) must be 'abstain'; got '\(word)'",
                              notes: ["an action without 'kind' chooses; 'kind: abstain' takes part without choosing"])
                return nil
            }
            return TaskAction(name: name, location: place, target: nil, abstains: true,
                              require: a["require"].map { reader.words($0, "'require' of \(label())") } ?? [],
                              condition: a["if"].flatMap { reader.template($0, "'if' of \(label())") }, set: [])
        }
        reader.checkKeys(a, allowed: KeyTables.taskAction, required: ["to"], label())
        guard let to = target(a["to"], "'to' of \(label())") else { return nil }
        return TaskAction(name: name, location: place, target: to, abstains: false,
                          require: a["require"].map { reader.words($0, "'require' of \(label())") } ?? [],
                          condition: a["if"].flatMap { reader.template($0, "'if' of \(label())") },
                          set: a["set"].map { WorkflowDecoder(reader: reader).namedTemplates($0, "'set' of \(label())") } ?? [])
    }

    private func relativeTime(_ node: YAMLNode, _ what: @autoclosure () -> String) -> RelativeTime? {
        guard let text = reader.string(node, what()) else { return nil }
        do {
            return try RelativeTime(parsing: text)
        } catch {
            reader.report(.badDuration, at: reader.location(node), "\(what()): \(error.description)")
            return nil
        }
    }

    private func reminders(_ node: YAMLNode, _ what: String) -> [Reminder] {
        let items = node.sequence?.items ?? [node]
        return items.compactMap { item in
            relativeTime(item, "'remind' of \(what)").map { Reminder(time: $0, location: reader.location(item)) }
        }
    }

    private func escalations(_ node: YAMLNode, _ what: String) -> [Escalation] {
        guard let list = reader.sequence(node, "'escalate' of \(what)") else { return [] }
        return list.items.compactMap { item in
            func label() -> String { "an 'escalate' step of \(what)" }
            guard let m = reader.mapping(item, label()) else { return nil }
            reader.checkKeys(m, allowed: KeyTables.escalation, required: ["after"], label())
            guard let afterNode = m["after"], let text = reader.string(afterNode, "'after' of \(label())") else { return nil }
            let time: EscalationTime?
            if text.contains("due") || text.contains("截止") || text.contains("到期") {
                time = relativeTime(afterNode, "'after' of \(label())").map(EscalationTime.relativeToDue)
            } else {
                time = reader.durationSpec(afterNode, "'after' of \(label())").map(EscalationTime.afterOpened)
            }
            let to = m["to"].flatMap { assignee($0, "'to' of \(label())") }
            let notify = m["notify"].map { node -> [Assignee] in
                (node.sequence?.items ?? [node]).compactMap { assignee($0, "'notify' of \(label())") }
            } ?? []
            let action = m["action"].flatMap { reader.locatedString($0, "'action' of \(label())") }
            if to == nil, notify.isEmpty, action == nil, m["to"] == nil, m["notify"] == nil {
                reader.report(.missingKey, at: reader.location(item),
                              "\(label()) does nothing; give it 'to' (reassign), 'notify' or 'action'")
            }
            guard let time else { return nil }
            return Escalation(after: time, to: to, notify: notify, action: action, location: reader.location(item))
        }
    }
}
