import StewardDiagnostics
import StewardExpressions
import StewardPlugins
import StewardTime

/// What the validator checks against besides the file itself.
public struct ValidationContext: Sendable {
    /// The roster; when given, roles and people named in workflows must be in it.
    public var roster: Roster?
    /// Handlers `uses` may name, with the contract `with` is checked against; nil: not checked
    /// (a stored definition compiled again: it was checked when it was stored, and a handler
    /// gone since then fails its calls with `plugin-missing`, not the whole instance; a drawing).
    public var handlers: HandlerRegistry?
    /// Calendar names that exist (from the calendars folder); nil when unknown.
    public var calendars: Set<String>?
    /// Ids of the workflows a `workflow` state may start (the workflows folder); nil when unknown.
    public var workflows: Set<String>?
    /// The inputs each of those workflows declares, by id (for checking `with`).
    public var workflowInputs: [String: [FieldSpec]] = [:]
    /// Handlers the registry knows but the project refuses, with why (`shell` without
    /// `allow_shell: true`): each `uses:` of one is an error.
    public var refusedHandlers: [String: String] = [:]

    public init(roster: Roster? = nil, handlers: HandlerRegistry? = .builtIn, calendars: Set<String>? = nil,
                workflows: Set<String>? = nil) {
        self.roster = roster
        self.handlers = handlers
        self.calendars = calendars
        self.workflows = workflows
    }
}

/// One flow of a workflow and where it sits: the top level, or inside a parallel or foreach state.
struct FlowPlace {
    let flow: Flow
    let graph: FlowGraph
    /// The flow and state that own this flow; nil for the top level.
    let owner: (flow: Int, state: Int)?
    /// The item name and the items expression for a foreach body.
    let item: (name: String, items: TemplateText)?
}

/// The checks that need the whole workflow: states and transitions, tasks, people, time, expressions.
struct WorkflowChecker {
    let workflow: Workflow
    let reader: SchemaReader
    let context: ValidationContext
    let places: [FlowPlace]
    /// All states of the workflow, with the flow each is in (computed once).
    let allStates: [(place: Int, index: Int, state: State)]
    /// Where each state name first appears.
    let stateIndex: [String: (place: Int, index: Int)]
    let reachability = ReachabilityCache()

    init(workflow: Workflow, reader: SchemaReader, context: ValidationContext) {
        self.workflow = workflow
        self.reader = reader
        self.context = context
        var places: [FlowPlace] = []
        func add(_ flow: Flow, owner: (flow: Int, state: Int)?, item: (name: String, items: TemplateText)?) {
            let me = places.count
            places.append(FlowPlace(flow: flow, graph: FlowGraph(flow), owner: owner, item: item))
            for (i, state) in flow.states.enumerated() {
                if case .foreach(let f) = state.kind {
                    add(f.body, owner: (me, i), item: (f.itemName, f.items))
                }
                if case .parallel(let p) = state.kind {
                    for branch in p.branches { add(branch.flow, owner: (me, i), item: nil) }
                }
            }
        }
        add(workflow.flow, owner: nil, item: nil)
        self.places = places
        allStates = places.enumerated().flatMap { p, place in
            place.flow.states.enumerated().map { (p, $0.offset, $0.element) }
        }
        var index: [String: (place: Int, index: Int)] = [:]
        index.reserveCapacity(allStates.count)  // no regrowing on a long workflow
        for (place, i, state) in allStates where index[state.name] == nil { index[state.name] = (place, i) }
        stateIndex = index
    }

    func run() {
        checkUniqueNames()
        for place in places { checkFlow(place) }
        checkTasks()
        checkHandlers()
        checkPeople()
        checkDefaultPeople()
        checkHandlerPeople()
        checkTime()
        checkChildWorkflows()
        checkExpressions()
    }


    private func checkUniqueNames() {
        // `states.NAME` is one namespace across nested flows, so names must be unique everywhere.
        // The one written first in the file is the original; the later ones are reported.
        var first: [String: SourceLocation] = [:]
        // Names and places only: sorting whole states would copy each of them.
        for (name, location) in allStates.map({ ($0.state.name, $0.state.location) }).sorted(by: { $0.1 < $1.1 }) {
            if let earlier = first[name] {
                reader.report(.duplicateState, at: location,
                              "state '\(name)' is defined twice (first at line \(earlier.line), column \(earlier.column))",
                              notes: ["state names are shared by the whole workflow, branches and foreach bodies included"])
            } else {
                first[name] = location
            }
        }
    }

    private func checkFlow(_ place: FlowPlace) {
        let flow = place.flow
        let names = flow.states.map(\.name) + flow.undecodedStates
        // An empty flow is reported as such; its 'start' cannot name anything yet.
        if names.isEmpty { return }
        let known = Set(names)
        if !known.contains(flow.start.value) {
            reader.report(.unknownTarget, at: flow.start.location, "'start' names '\(flow.start.value)', which is not a state here",
                          suggestion: Suggestions.didYouMean(flow.start.value, in: names))
        }
        let here = place.owner == nil ? "this workflow" : (place.item == nil ? "this branch" : "this foreach body")
        var complete = flow.undecodedStates.isEmpty && flow.incompleteStates.isEmpty && known.contains(flow.start.value)
        for state in flow.states {
            state.forEachTransition { transition in
                guard !known.contains(transition.target.value) else { return }
                complete = false
                let elsewhere = stateIndex[transition.target.value] != nil
                reader.report(.unknownTarget, at: transition.target.location,
                              "state '\(state.name)' goes to '\(transition.target.value)', which is not a state of \(here)",
                              notes: elsewhere ? ["a branch or foreach body can only go to its own states; it ends with a final state"] : [],
                              suggestion: Suggestions.didYouMean(transition.target.value, in: names))
            }
            // A way out that could not be read is already reported; "no way out" would repeat it.
            if !flow.incompleteStates.contains(state.name) { checkNext(state) }
        }
        var inLoop = Set<Int>()
        for cycle in place.graph.cycles(among: { state in
            if case .action = state.kind { return true }
            if case .choice = state.kind { return true }
            return false
        }) {
            inLoop.formUnion(cycle)
            let loop = cycle.map { "'\(flow.states[$0].name)'" }
            reader.report(.automaticCycle, at: flow.states[cycle[0]].location,
                          cycle.count == 1
                              ? "state \(loop[0]) goes back to itself, a loop of automatic steps that no person can stop"
                              : "states \(loop.joined(separator: ", ")) form a loop of automatic steps that no person can stop",
                          notes: ["put a task (a person decides) or a wait (time passes) inside the loop"])
        }
        // With a state or target that could not be read, reachability would only repeat that error.
        guard complete, let start = place.graph.startIndex else { return }
        let reachable = place.graph.reachable(from: start)
        // A state with no way out at all is reported by itself (no actions, no 'next'), so it ends the search.
        let toFinal = place.graph.canReachFinal(countingDeadEnds: true)
        let hasFinal = flow.states.contains { if case .final = $0.kind { true } else { false } }
        if !hasFinal {
            reader.report(.noPathToFinal, at: flow.start.location,
                          "\(place.owner == nil ? "the workflow" : here) has no final state, so it can never finish",
                          suggestion: "add e.g. 'done: { type: final }'")
        }
        for (i, state) in flow.states.enumerated() {
            if !reachable[i] {
                reader.report(.unreachableState, at: state.location,
                              "state '\(state.name)' cannot be reached from '\(flow.start.value)'",
                              notes: ["no transition leads to it; add one, or remove the state"])
            } else if hasFinal, !toFinal[i], !inLoop.contains(i) {  // a loop is reported as such
                reader.report(.noPathToFinal, at: state.location,
                              "no final state can be reached from state '\(state.name)'; an instance there could never finish")
            }
        }
    }

    private func checkNext(_ state: State) {
        let next: Located<String>?
        switch state.kind {
        case .action(let a): next = a.next
        case .wait(let w): next = w.next
        case .parallel(let p): next = p.next
        case .foreach(let f): next = f.next
        case .workflow(let w): next = w.next
        case .task(let t):
            if t.actions.isEmpty {
                reader.report(.taskWithoutActions, at: state.location,
                              "task '\(state.name)' has no 'actions', so no one can complete it",
                              suggestion: "add e.g. actions: { submit: { to: review } }")
            }
            return
        case .choice(let c):
            if c.choices.isEmpty && c.defaultTarget == nil {
                reader.report(.missingNext, at: state.location, "choice '\(state.name)' has no choices and no 'default'")
            }
            return
        case .final: return
        }
        if next == nil {
            reader.report(.missingNext, at: state.location,
                          "\(state.kind.typeName) state '\(state.name)' has no 'next', so the flow stops there",
                          suggestion: "add 'next: <state>'")
        }
        if case .parallel(let p) = state.kind, case .count(let n, let location) = p.join, n > p.branches.count {
            reader.report(.joinTooLarge, at: location,
                          "'join: \(n)' waits for more branches than the \(p.branches.count) that state '\(state.name)' has")
        }
    }
}
