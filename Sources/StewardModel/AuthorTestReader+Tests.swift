import StewardDiagnostics
import StewardExpressions
import StewardTime
import StewardYAML

extension TestBody {
    func test(_ node: YAMLNode) -> AuthorTest? {
        guard let m = reader.mapping(node, "a test") else { return nil }
        reader.checkKeys(m, allowed: ["name", "as", "roles", "inputs", "mocks", "steps", "expect"], required: ["name"], "a test")
        guard let name = m["name"].flatMap({ reader.string($0, "the test's 'name'") }) else { return nil }
        let starter = m["as"].flatMap { person($0, "'as'") }
        let roles = m["roles"].map(self.roles) ?? [:]
        let inputs = m["inputs"].map { typed($0, fields: workflow.workflow.inputs, what: "input", kind: .unknownInput) } ?? [:]
        let mocks = m["mocks"].map { self.mocks($0) } ?? [:]
        var steps: [AuthorTestStep] = []
        if let node = m["steps"], let list = reader.sequence(node, "'steps'") {
            steps = list.items.compactMap(step)
        }
        let expect = m["expect"].flatMap { expectation($0, "'expect'") }
        return AuthorTest(name: name, location: reader.location(node), starter: starter, roles: roles, inputs: inputs,
                          mocks: mocks, steps: steps, expect: expect)
    }

    /// `roles: { union-committee: [zhang.wei, li.ming] }`: members in place of the roster's.
    func roles(_ node: YAMLNode) -> [String: [String]] {
        guard let m = reader.mapping(node, "'roles'") else { return [:] }
        var result: [String: [String]] = [:]
        for pair in m.pairs {
            guard let id = reader.string(pair.key, "a role of 'roles'") else { continue }
            if let roster = context.roster, roster.roles[id] == nil {
                reader.report(.unknownRole, at: reader.location(pair.key), "'roles' names '\(id)', which is not a role of the roster",
                              suggestion: Suggestions.didYouMean(id, in: roster.roles.keys))
                continue
            }
            if let members = people(pair.value, "the members of '\(id)'") { result[id] = members }
        }
        return result
    }

    /// Values typed by their fields (inputs, a task's form), as a workflow's defaults are.
    func typed(_ node: YAMLNode, fields: [FieldSpec], what: String, kind: RuleID) -> ExpressionObject {
        guard let m = reader.mapping(node, "the \(what)s") else { return [:] }
        var result: ExpressionObject = [:]
        let names = fields.map(\.name)
        for pair in m.pairs {
            guard let name = reader.string(pair.key, "a name of the \(what)s") else { continue }
            guard let field = fields.first(where: { $0.name == name }) else {
                reader.report(kind, at: reader.location(pair.key), "there is no \(what) named '\(name)'",
                              notes: names.isEmpty ? ["there are none"] : ["known: \(names.joined(separator: ", "))"],
                              suggestion: Suggestions.didYouMean(name, in: names))
                continue
            }
            if let value = FieldValueReader(reader: reader).value(pair.value, for: field, "\(what) '\(name)'") {
                if field.type == .person, case .string(let id) = value, let roster = context.roster, roster.people[id] == nil {
                    reader.report(.unknownPerson, at: reader.location(pair.value), "\(what) '\(name)' names '\(id)', who is not in the roster",
                                  suggestion: Suggestions.didYouMean(id, in: roster.people.keys))
                }
                result[name] = FieldValueConversion.value(value, spec: field)
            }
        }
        return result
    }

    func step(_ node: YAMLNode) -> AuthorTestStep? {
        let location = reader.location(node)
        if let word = node.scalar?.text {
            guard word == "tick" else {
                reader.report(.badValue, at: location, "a step written as one word must be 'tick'; got '\(word)'",
                              notes: ["the other steps are mappings: { as: …, do: … }, advance: …, advance_to: …, expect: …"])
                return nil
            }
            return AuthorTestStep(kind: .tick, location: location)
        }
        guard let m = reader.mapping(node, "a step") else { return nil }
        if let value = m["advance"] {
            reader.checkKeys(m, allowed: ["advance"], "an 'advance' step")
            return reader.durationSpec(value, "'advance'").map { AuthorTestStep(kind: .advance($0), location: location) }
        }
        if let value = m["advance_to"] {
            reader.checkKeys(m, allowed: ["advance_to"], "an 'advance_to' step")
            return time(value, "'advance_to'").map { AuthorTestStep(kind: .advanceTo($0), location: location) }
        }
        if let value = m["expect"] {
            reader.checkKeys(m, allowed: ["expect"], "an 'expect' step")
            return expectation(value, "'expect'").map { AuthorTestStep(kind: .expect($0), location: location) }
        }
        reader.checkKeys(m, allowed: ["as", "do", "task", "fields", "comment", "refused"], required: ["as", "do"], "a step")
        guard let asNode = m["as"], let doNode = m["do"] else { return nil }
        let who = person(asNode, "'as'")
        let taskName = m["task"].flatMap { task($0, "'task'") }
        if m["task"] != nil, taskName == nil { return nil }
        // The task states the action may be taken in: the one named, else every one offering it.
        let candidates = taskName.map { [$0] } ?? tasks.keys.sorted()
        // A step expected to be refused may try an action its task does not have
        // (action-not-allowed): then any action of the workflow will do.
        let expectsRefusal = m["refused"] != nil
        let offered = (expectsRefusal ? tasks.keys.sorted() : candidates).flatMap { tasks[$0]?.actions.map(\.name) ?? [] }
        let action = word(doNode, "'do'", in: Array(Set(offered)).sorted(),
                          kind: taskName.map { "an action of task '\($0)'" } ?? "an action of any task of the workflow")
        let offering = candidates.filter { name in tasks[name]?.actions.contains { $0.name == action } ?? false }
        let specs = offering.isEmpty ? candidates : offering
        var fields: ExpressionObject = [:]
        if let node = m["fields"] {
            var form: [FieldSpec] = []
            for spec in specs.compactMap({ tasks[$0] }) {
                for field in spec.form where !form.contains(where: { $0.name == field.name }) { form.append(field) }
            }
            fields = typed(node, fields: form, what: "field", kind: .badValue)
        }
        let comment = m["comment"].flatMap { reader.string($0, "'comment'") }
        let refused = m["refused"].flatMap { word($0, "'refused'", in: context.refusalReasons, kind: "a refusal reason id") }
        guard let who, let action else { return nil }
        return AuthorTestStep(kind: .act(person: who, action: action, task: taskName, fields: fields, comment: comment,
                                         refused: refused), location: location)
    }

    func expectation(_ node: YAMLNode, _ what: String) -> AuthorTestExpect? {
        guard let m = reader.mapping(node, what) else { return nil }
        reader.checkKeys(m, allowed: ["state", "outcome", "tasks", "reminders", "escalations", "trail", "vars", "outputs"], what)
        var expect = AuthorTestExpect(location: reader.location(node))
        if let value = m["state"] {
            expect.state = reader.words(value, "'state'").compactMap { located -> String? in
                guard states.contains(located.value) else {
                    reader.report(.unknownTarget, at: located.location, "'state' names '\(located.value)', which is not a state of the workflow",
                                  suggestion: Suggestions.didYouMean(located.value, in: states))
                    return nil
                }
                return located.value
            }
        }
        expect.outcome = m["outcome"].flatMap { word($0, "'outcome'", in: AuthorTestOutcomes.names, kind: "an outcome") }
        if let value = m["tasks"], let list = reader.sequence(value, "'tasks'") {
            expect.tasks = list.items.compactMap(taskExpectation)
        }
        expect.reminders = m["reminders"].map { notices($0, "'reminders'") }
        expect.escalations = m["escalations"].map { notices($0, "'escalations'") }
        if let value = m["trail"] {
            expect.trail = reader.words(value, "'trail'").compactMap { located -> String? in
                guard context.trailKinds.contains(located.value) else {
                    reader.report(.badValue, at: located.location, "'trail' names '\(located.value)', which is not a kind of trail entry",
                                  notes: ["known: \(context.trailKinds.joined(separator: ", "))"],
                                  suggestion: Suggestions.didYouMean(located.value, in: context.trailKinds))
                    return nil
                }
                return located.value
            }
        }
        expect.vars = m["vars"].flatMap { object($0, "'vars'") }
        expect.outputs = m["outputs"].flatMap { object($0, "'outputs'") }
        return expect
    }

    private func object(_ node: YAMLNode, _ what: String) -> ExpressionObject? {
        guard reader.mapping(node, what) != nil, case .object(let object) = AuthorTestValues.value(node) else { return nil }
        return object
    }

    private func taskExpectation(_ node: YAMLNode) -> TaskExpectation? {
        guard let m = reader.mapping(node, "an item of 'tasks'") else { return nil }
        reader.checkKeys(m, allowed: ["task", "assignees", "due"], required: ["task"], "an item of 'tasks'")
        guard let name = m["task"].flatMap({ task($0, "'task'") }) else { return nil }
        return TaskExpectation(task: name, assignees: m["assignees"].flatMap { people($0, "'assignees'") },
                               due: m["due"].flatMap { time($0, "'due'") })
    }

    private func notices(_ node: YAMLNode, _ what: String) -> [NoticeExpectation] {
        guard let list = reader.sequence(node, what) else { return [] }
        return list.items.compactMap { item in
            guard let m = reader.mapping(item, "an item of \(what)") else { return nil }
            reader.checkKeys(m, allowed: ["task", "to"], required: ["task"], "an item of \(what)")
            guard let name = m["task"].flatMap({ task($0, "'task'") }) else { return nil }
            return NoticeExpectation(task: name, to: m["to"].flatMap { people($0, "'to'") } ?? [])
        }
    }
}

/// Values written in a test file where no field types them (mock outputs, expected vars):
/// read by YAML's core schema, so `3` is a number and `2026-03-20` text.
public enum AuthorTestValues {
    public static func value(_ node: YAMLNode) -> ExpressionValue {
        switch node {
        case .scalar(let s):
            switch CoreSchema.resolve(s) {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .integer(let i): return .integer(i)
            case .number(let d): return .number(d)
            case .string(let text): return .string(text)
            default: return .string(s.text)
            }
        case .sequence(let list): return .list(list.items.map(value))
        case .mapping(let m):
            return .object(ExpressionObject(m.pairs.map { ($0.key.scalar?.text ?? "", value($0.value)) }))
        }
    }
}
