import StewardDiagnostics
import StewardTime
import StewardYAML

/// Whether a state lost a way out to an error (already reported) while it was read.
final class LostTransitions {
    var transitions = false
}

/// Reads the keys of each state type.
///
/// Descriptions of what is read (`'to' of action 'approve' of state 'review'`) are passed
/// as autoclosures: they are only needed for a finding, and a workflow holds thousands of values.
struct StateDecoder {
    let reader: SchemaReader
    let flows: FlowDecoder
    let lost = LostTransitions()

    /// The keys each state type allows, the common ones first (built once, not per state).
    static let actionKeys = FlowDecoder.commonKeys + ["uses", "with", "next", "retry", "timeout", "catch", "output"]
    static let choiceKeys = FlowDecoder.commonKeys + ["choices", "default"]
    static let waitKeys = FlowDecoder.commonKeys + ["for", "until", "next"]
    static let parallelKeys = FlowDecoder.commonKeys + ["branches", "join", "next"]
    static let foreachKeys = FlowDecoder.commonKeys + ["items", "as", "do", "join", "next"]
    static let subworkflowKeys = FlowDecoder.commonKeys + ["uses", "with", "next"]
    static let finalKeys = FlowDecoder.commonKeys + ["outcome"]

    /// Checks a state's keys against `allowed` (one of the lists above).
    func keys(_ m: YAMLMapping, _ allowed: [String], required: [String] = [], _ what: String) {
        reader.checkKeys(m, allowed: allowed, required: required, what)
    }

    func target(_ node: YAMLNode?, _ what: @autoclosure () -> String) -> Located<String>? {
        guard let node else { return nil }
        guard let target = reader.locatedString(node, what()) else {
            lost.transitions = true
            return nil
        }
        return target
    }

    func action(_ m: YAMLMapping, _ what: String) -> ActionSpec? {
        reader.checkKeys(m, allowed: Self.actionKeys, required: ["uses"], nested: ["retry": KeyTables.retry], what)
        guard let uses = m["uses"].flatMap({ reader.locatedString($0, "'uses' of \(what)") }) else { return nil }
        return ActionSpec(
            uses: uses, with: m["with"].flatMap { argument($0, "'with' of \(what)") },
            next: target(m["next"], "'next' of \(what)"),
            retry: m["retry"].flatMap { retry($0, what) },
            timeout: m["timeout"].flatMap { reader.durationSpec($0, "'timeout' of \(what)") },
            catch: m["catch"].map { catchClauses($0, what) } ?? [],
            output: m["output"].flatMap { reader.string($0, "'output' of \(what)") })
    }

    func argument(_ node: YAMLNode, _ what: @autoclosure () -> String) -> ArgumentValue? {
        switch node {
        case .scalar:
            return reader.template(node, what()).map(ArgumentValue.text)
        case .sequence(let s):
            return .list(s.items.compactMap { argument($0, what()) }, reader.location(node))
        case .mapping(let m):
            let pairs = m.pairs.compactMap { pair -> ArgumentPair? in
                guard let key = reader.string(pair.key, "a key of \(what())"),
                      let value = argument(pair.value, "'\(key)' of \(what())") else { return nil }
                return ArgumentPair(key: key, value: value, keyLocation: reader.location(pair.key))
            }
            return .mapping(pairs, reader.location(node))
        }
    }

    private func retry(_ node: YAMLNode, _ what: String) -> RetryPolicy? {
        guard let m = reader.mapping(node, "'retry' of \(what)") else { return nil }
        reader.checkKeys(m, allowed: KeyTables.retry, required: ["max"], "'retry' of \(what)")
        guard let max = m["max"].flatMap({ reader.integer($0, "'max' of 'retry' of \(what)") }) else { return nil }
        if max < 0 || max > 100 {
            reader.report(.badValue, at: m["max"].map(reader.location), "'max' of 'retry' must be between 0 and 100; got \(max)")
        }
        if m["interval"] != nil, m["backoff"] != nil {
            reader.report(.badValue, at: m["backoff"].map(reader.location),
                          "'retry' of \(what) gives both 'interval' (fixed waits) and 'backoff' (growing waits); keep one")
        }
        return RetryPolicy(maxAttempts: max,
                           interval: m["interval"].flatMap { reader.durationSpec($0, "'interval' of 'retry'") },
                           backoff: m["backoff"].flatMap { reader.durationSpec($0, "'backoff' of 'retry'") },
                           maxDelay: m["max_delay"].flatMap { reader.durationSpec($0, "'max_delay' of 'retry'") })
    }

    private func catchClauses(_ node: YAMLNode, _ what: String) -> [CatchClause] {
        guard let list = reader.sequence(node, "'catch' of \(what)") else {
            lost.transitions = true
            return []
        }
        return list.items.compactMap { item in
            guard let m = reader.mapping(item, "an entry of 'catch' of \(what)") else {
                lost.transitions = true
                return nil
            }
            reader.checkKeys(m, allowed: KeyTables.catchEntry, required: ["error", "to"], "a 'catch' entry of \(what)")
            guard let error = m["error"].flatMap({ reader.string($0, "'error' of 'catch'") }),
                  let to = target(m["to"], "'to' of 'catch'") else {
                lost.transitions = true
                return nil
            }
            return CatchClause(error: error, target: to)
        }
    }

    func choice(_ m: YAMLMapping, _ what: String) -> ChoiceSpec? {
        keys(m, Self.choiceKeys, required: ["choices"], what)
        guard let list = m["choices"].flatMap({ reader.sequence($0, "'choices' of \(what)") }) else { return nil }
        let choices = list.items.compactMap { item -> (condition: TemplateText, target: Located<String>)? in
            guard let c = reader.mapping(item, "an entry of 'choices' of \(what)") else {
                lost.transitions = true
                return nil
            }
            reader.checkKeys(c, allowed: KeyTables.choiceEntry, required: ["if", "to"], "a choice of \(what)")
            guard let condition = c["if"].flatMap({ reader.template($0, "'if' of a choice of \(what)") }),
                  let to = target(c["to"], "'to' of a choice of \(what)") else {
                lost.transitions = true
                return nil
            }
            return (condition, to)
        }
        return ChoiceSpec(choices: choices, defaultTarget: target(m["default"], "'default' of \(what)"))
    }

    func wait(_ m: YAMLMapping, _ what: String) -> WaitSpec? {
        keys(m, Self.waitKeys, what)
        if (m["for"] == nil) == (m["until"] == nil) {
            reader.report(.missingKey, at: SchemaReader.location(m.range.start),
                          "\(what) needs exactly one of 'for' (a duration) or 'until' (a date and time)")
        }
        return WaitSpec(duration: m["for"].flatMap { reader.duration($0, "'for' of \(what)") },
                        until: m["until"].flatMap { reader.template($0, "'until' of \(what)") },
                        next: target(m["next"], "'next' of \(what)"))
    }

    func join(_ node: YAMLNode?, _ what: String) -> Join {
        guard let node, let s = reader.scalar(node, "'join' of \(what)") else { return .all }
        switch s.text {
        case "all": return .all
        case "any": return .any
        default:
            if let n = reader.integer(node, "'join' of \(what) (all, any or a number)") {
                if n < 1 { reader.report(.badValue, at: reader.location(node), "'join' of \(what) must be at least 1; got \(n)") }
                return .count(n, reader.location(node))
            }
            return .all
        }
    }

    func parallel(_ m: YAMLMapping, _ what: String) -> ParallelSpec? {
        keys(m, Self.parallelKeys, required: ["branches"], what)
        guard let b = m["branches"].flatMap({ reader.mapping($0, "'branches' of \(what)") }) else { return nil }
        let branches = b.pairs.compactMap { pair -> (name: String, flow: Flow, location: SourceLocation)? in
            guard let name = reader.string(pair.key, "a branch name"),
                  let body = reader.mapping(pair.value, "branch '\(name)' of \(what)") else { return nil }
            reader.checkKeys(body, allowed: KeyTables.subflow, required: ["states"], "branch '\(name)'")
            guard let flow = flows.flow(start: body["start"], states: body["states"],
                                        at: SchemaReader.location(body.range.start), "branch '\(name)'") else { return nil }
            return (name, flow, reader.location(pair.key))
        }
        return ParallelSpec(branches: branches, join: join(m["join"], what), next: target(m["next"], "'next' of \(what)"))
    }

    func foreach(_ m: YAMLMapping, _ what: String) -> ForeachSpec? {
        keys(m, Self.foreachKeys, required: ["items", "do"], what)
        guard let items = m["items"].flatMap({ reader.template($0, "'items' of \(what)") }),
              let body = m["do"].flatMap({ reader.mapping($0, "'do' of \(what)") }) else { return nil }
        reader.checkKeys(body, allowed: KeyTables.subflow, required: ["states"], "'do' of \(what)")
        guard let flow = flows.flow(start: body["start"], states: body["states"],
                                    at: SchemaReader.location(body.range.start), "'do' of \(what)") else { return nil }
        let name = m["as"].flatMap { reader.string($0, "'as' of \(what)") } ?? "item"
        if let node = m["as"] {
            if ["inputs", "vars", "states", "instance", "actor", "now"].contains(name) {
                reader.report(.reservedID, at: reader.location(node),
                              "'as: \(name)' would hide the expression name '\(name)'; choose another name such as 'item'")
            } else if !Names.isName(name) {
                reader.report(.badID, at: reader.location(node), "'\(name)' is not a valid name for the item; use letters, digits and '_'")
            }
        }
        return ForeachSpec(items: items, itemName: name, body: flow, join: join(m["join"], what),
                           next: target(m["next"], "'next' of \(what)"))
    }

    func subworkflow(_ m: YAMLMapping, _ what: String) -> SubworkflowSpec? {
        keys(m, Self.subworkflowKeys, required: ["uses"], what)
        guard let uses = m["uses"].flatMap({ reader.locatedString($0, "'uses' of \(what)") }) else { return nil }
        if !Names.isWorkflowID(uses.value) {
            reader.report(.badID, at: uses.location,
                          "'uses' of \(what) names '\(uses.value)', which is not a workflow id; write the 'id' of the workflow to start")
        }
        let with = m["with"].map { WorkflowDecoder(reader: reader).namedTemplatesWithKeys($0, "'with' of \(what)") } ?? []
        return SubworkflowSpec(uses: uses, with: with.map { ($0.name, $0.value) },
                               withKeys: Dictionary(with.map { ($0.name, $0.key) }, uniquingKeysWith: { first, _ in first }),
                               next: target(m["next"], "'next' of \(what)"))
    }

    func final(_ m: YAMLMapping, _ what: String) -> FinalSpec? {
        keys(m, Self.finalKeys, what)
        guard let node = m["outcome"] else { return FinalSpec(outcome: .completed) }
        guard let text = reader.string(node, "'outcome' of \(what)") else { return nil }
        guard let outcome = Outcome(rawValue: text) else {
            let names = Outcome.allCases.map(\.rawValue)
            reader.report(.badValue, at: reader.location(node),
                          "'\(text)' is not an outcome; write one of \(names.joined(separator: ", "))",
                          suggestion: Suggestions.didYouMean(text, in: names))
            return nil
        }
        return FinalSpec(outcome: outcome)
    }
}
