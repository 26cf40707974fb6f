import StewardDiagnostics
import StewardPlugins

extension WorkflowChecker {
    /// Where a state is: its flow and its index there.
    func locate(_ name: String) -> (place: Int, index: Int)? {
        stateIndex[name]
    }

    /// Whether `earlier` can have run before `later` on some path.
    func mayRunBefore(_ earlier: (place: Int, index: Int), _ later: (place: Int, index: Int)) -> Bool {
        var current = later
        while true {
            if current.place == earlier.place {
                return earlier.index != current.index
                    && places[current.place].graph.reaches(from: earlier.index, to: current.index)
            }
            guard let owner = places[current.place].owner else { return true }
            current = (owner.flow, owner.state)
        }
    }

    /// Whether `earlier` has run on every path that reaches `later`.
    func alwaysRanBefore(_ earlier: (place: Int, index: Int), _ later: (place: Int, index: Int)) -> Bool {
        var current = later
        while true {
            if current.place == earlier.place {
                guard earlier.index != current.index else { return true }
                return reachability.dominators(of: current.place, in: places[current.place].graph)
                    .dominates(earlier.index, current.index)
            }
            guard let owner = places[current.place].owner else { return true }
            current = (owner.flow, owner.state)
        }
    }

    func checkTasks() {
        let unread = Set(Self.unreadStates(workflow.flow))
        for (place, index, state) in allStates {
            guard case .task(let task) = state.kind else { continue }
            for name in task.separateFrom {
                guard let other = locate(name.value) else {
                    // A state that could not be read is reported where it is written, not again here.
                    if unread.contains(name.value) { continue }
                    reader.report(.separateFromUnknown, at: name.location,
                                  "'separate_from' of task '\(state.name)' names '\(name.value)', which is not a state",
                                  suggestion: Suggestions.didYouMean(name.value, in: allStates.map(\.state.name)))
                    continue
                }
                if !mayRunBefore(other, (place, index)) {
                    reader.report(.separateFromLater, at: name.location,
                                  "'separate_from' of task '\(state.name)' names '\(name.value)', which can never run before it",
                                  notes: ["the four-eyes rule compares with people who acted earlier in the same instance"])
                }
            }
            let fields = task.form.map(\.name)
            for action in task.actions {
                for field in action.require where field.value != "comment" && !fields.contains(field.value) {
                    reader.report(.requireUnknownField, at: field.location,
                                  "action '\(action.name)' of task '\(state.name)' requires '\(field.value)', which its form lacks",
                                  notes: ["'require' names form fields of this task, or 'comment'"],
                                  suggestion: Suggestions.didYouMean(field.value, in: fields + ["comment"]))
                }
            }
            if task.due == nil {
                let relative = task.remind.map(\.location) + task.escalate.compactMap { step in
                    if case .relativeToDue = step.after { step.location } else { nil }
                }
                for location in relative {
                    reader.report(.missingKey, at: location,
                                  "task '\(state.name)' has no 'due', so a time relative to its due time never comes",
                                  suggestion: "add e.g. 'due: 5 workdays' to the task")
                }
            }
            let actions = task.actions.filter { !$0.abstains }.map(\.name)
            for step in task.escalate {
                if let action = step.action, !actions.contains(action.value) {
                    let abstains = task.actions.contains { $0.name == action.value }
                    reader.report(.unknownEscalationAction, at: action.location,
                                  "escalation of task '\(state.name)' takes action '\(action.value)', "
                                      + (abstains ? "an abstention, which decides nothing" : "which the task does not have"),
                                  suggestion: abstains ? nil : Suggestions.didYouMean(action.value, in: actions))
                }
            }
            checkQuorum(task, of: state.name)
        }
    }

    /// The actions a quorum names exist and choose; a rule that can go unreached says what then decides.
    private func checkQuorum(_ task: TaskSpec, of name: String) {
        let quorum = task.quorum
        let choosing = task.actions.filter { !$0.abstains }.map(\.name)
        for named in [quorum.action, quorum.otherwise].compactMap({ $0 }) where !choosing.contains(named.value) {
            let abstains = task.actions.contains { $0.name == named.value }
            reader.report(.unknownQuorumAction, at: named.location,
                          "the quorum of task '\(name)' names '\(named.value)', "
                              + (abstains ? "an abstention, which decides nothing" : "which is not one of its actions"),
                          notes: ["its actions: \(choosing.joined(separator: ", "))"],
                          suggestion: abstains ? nil : Suggestions.didYouMean(named.value, in: choosing))
        }
        if let action = quorum.action, let otherwise = quorum.otherwise, action.value == otherwise.value {
            reader.report(.badQuorum, at: otherwise.location,
                          "the quorum of task '\(name)' counts '\(action.value)' and falls back to it too; 'otherwise' names what decides when it is not reached")
        }
        // With nobody able to abstain, the first action deciding, or one action that everyone
        // takes, always ends in a decision.
        let alwaysDecides = (quorum.isAny || (quorum.action == nil && choosing.count == 1))
            && !task.actions.contains(where: \.abstains)
        guard quorum.otherwise == nil, !alwaysDecides else { return }
        let counted = quorum.action?.value ?? choosing.first ?? ""
        if let fallback = Quorum.defaultFallback(counted: quorum.action?.value, choosing: choosing) {
            reader.report(.quorumOtherwise, at: quorum.location ?? task.actions.first?.location,
                          "when the quorum of task '\(name)' cannot be reached any more, '\(fallback)' decides (the last action written); say so",
                          suggestion: "quorum: { \(counted): \(quorum.threshold), otherwise: \(fallback) }")
        } else {
            reader.report(.quorumOtherwise, at: quorum.location ?? task.actions.first?.location,
                          "when the quorum of task '\(name)' cannot be reached any more, nothing decides and the task waits for an escalation or an admin",
                          suggestion: "add an action to fall back to, e.g. quorum: { \(counted): \(quorum.threshold), otherwise: close }")
        }
    }

    func checkHandlers() {
        guard let handlers = context.handlers else { return }
        for (_, _, state) in allStates {
            guard case .action(let action) = state.kind else { continue }
            if let refusal = context.refusedHandlers[action.uses.value] {
                reader.report(.handlerNotAllowed, at: action.uses.location, "\(refusal) (state '\(state.name)')")
            }
            guard let contract = handlers.contract(named: action.uses.value) else {
                let names = handlers.names
                reader.report(.unknownHandler, at: action.uses.location,
                              "'\(action.uses.value)' is not a known step handler",
                              notes: ["handlers: \(names.joined(separator: ", "))"],
                              suggestion: Suggestions.didYouMean(action.uses.value, in: names))
                continue
            }
            checkArguments(action, of: state, against: contract)
        }
    }

    /// `with:` against the handler's contract: a mapping, no unknown keys, every required
    /// input, and each value written out of the input's type.
    private func checkArguments(_ action: ActionSpec, of state: State, against contract: HandlerContract) {
        guard !contract.openInputs else { return }
        let names = contract.inputs.map(\.name)
        var given: [String] = []
        if case .mapping(let pairs, _)? = action.with {
            given = pairs.map(\.key)
            for pair in pairs {
                guard let input = contract.input(named: pair.key) else {
                    reader.report(.handlerArgument, at: pair.keyLocation,
                                  "handler '\(contract.name)' does not take '\(pair.key)' (state '\(state.name)')",
                                  notes: ["it takes: \(names.joined(separator: ", "))"],
                                  suggestion: Suggestions.didYouMean(pair.key, in: names))
                    continue
                }
                if let problem = HandlerInputCheck.problem(pair.value, for: input.type) {
                    // A command given as one line is the mistake a list input is there to prevent.
                    let single = input.type == .list && { if case .text = pair.value { true } else { false } }()
                    reader.report(.handlerArgument, at: Self.location(of: pair.value),
                                  "'\(pair.key)' of handler '\(contract.name)' takes \(HandlerInputCheck.describe(input.type)); \(problem) (state '\(state.name)')",
                                  suggestion: single ? "write the \(pair.key) as a list, one item each: [a, b]" : nil)
                }
            }
        } else if let with = action.with {
            reader.report(.handlerArgument, at: Self.location(of: with), "'with' of state '\(state.name)' must be a mapping of arguments")
            return
        }
        for key in contract.required where !given.contains(key) {
            reader.report(.handlerArgument, at: action.uses.location,
                          "handler '\(contract.name)' needs the argument '\(key)' in 'with' (state '\(state.name)')")
        }
    }

    private static func location(of value: ArgumentValue) -> SourceLocation {
        switch value {
        case .text(let t): t.location
        case .list(_, let l), .mapping(_, let l): l
        }
    }
}

/// Dominators of each flow, computed once: many expressions ask whether a state always ran
/// before another, and one walk over the flow answers them all.
final class ReachabilityCache {
    private var dominators: [Int: Dominators] = [:]

    func dominators(of place: Int, in graph: FlowGraph) -> Dominators {
        if let known = dominators[place] { return known }
        let computed = Dominators(graph)
        dominators[place] = computed
        return computed
    }
}
