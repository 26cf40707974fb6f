import StewardDiagnostics
import StewardYAML

/// Reads a flow (`start` + `states`) and each state by its `type`.
struct FlowDecoder {
    let reader: SchemaReader

    static let commonKeys = ["type", "title", "description"]

    func flow(start: YAMLNode?, states: YAMLNode?, at location: SourceLocation, _ what: String) -> Flow? {
        guard let statesNode = states, let m = reader.mapping(statesNode, "'states' of \(what)") else { return nil }
        if m.pairs.isEmpty {
            reader.report(.emptyFlow, at: reader.location(statesNode), "'states' of \(what) is empty; add at least a task and a final state")
        }
        var decoded: [State] = []
        var undecoded: [String] = []
        var incomplete: [String] = []
        for pair in m.pairs {
            guard let name = reader.string(pair.key, "a state name") else { continue }
            if !Names.isName(name) {
                reader.report(.badID, at: reader.location(pair.key),
                              "'\(name)' is not a valid state name; use letters, digits, '_' or '-', starting with a letter")
            }
            let (s, lostTransitions) = state(name: name, pair.value, at: reader.location(pair.key))
            if let s {
                decoded.append(s)
                if lostTransitions { incomplete.append(name) }
            } else {
                undecoded.append(name)
            }
        }
        guard let startNode = start else {
            reader.report(.missingKey, at: location, "\(what) lacks the required key 'start'")
            return nil
        }
        guard let startName = reader.locatedString(startNode, "'start' of \(what)") else { return nil }
        return Flow(start: startName, states: decoded, undecodedStates: undecoded, incompleteStates: incomplete)
    }

    /// The state, and whether one of its ways out could not be read.
    private func state(name: String, _ node: YAMLNode, at location: SourceLocation) -> (State?, lostTransitions: Bool) {
        let what = "state '\(name)'"
        guard let m = reader.mapping(node, what) else { return (nil, false) }
        guard let typeNode = m["type"] else {
            if m.pairs.contains(where: { reader.fullWidthColonKey($0.key, allowed: ["type"]) != nil }) { return (nil, false) }
            reader.report(.missingKey, at: location, "\(what) lacks the required key 'type'",
                          notes: ["types: \(StateKind.typeNames.joined(separator: ", "))"])
            return (nil, false)
        }
        guard let typeName = reader.string(typeNode, "'type' of \(what)") else { return (nil, false) }
        let states = StateDecoder(reader: reader, flows: self)
        let kind: StateKind?
        switch typeName {
        case "task": kind = states.task(m, what).map(StateKind.task)
        case "action": kind = states.action(m, what).map(StateKind.action)
        case "choice": kind = states.choice(m, what).map(StateKind.choice)
        case "wait": kind = states.wait(m, what).map(StateKind.wait)
        case "parallel": kind = states.parallel(m, what).map(StateKind.parallel)
        case "foreach": kind = states.foreach(m, what).map(StateKind.foreach)
        case "workflow": kind = states.subworkflow(m, what).map(StateKind.workflow)
        case "final": kind = states.final(m, what).map(StateKind.final)
        default:
            reader.report(.unknownStateType, at: reader.location(typeNode), "'\(typeName)' is not a state type",
                          notes: ["types: \(StateKind.typeNames.joined(separator: ", "))"],
                          suggestion: Suggestions.didYouMean(typeName, in: StateKind.typeNames))
            kind = nil
        }
        guard let kind else { return (nil, false) }
        let state = State(name: name, location: location, title: m["title"].flatMap { reader.template($0, "'title' of \(what)") },
                          description: m["description"].flatMap { reader.string($0, "'description' of \(what)") }, kind: kind)
        return (state, states.lost.transitions)
    }
}
