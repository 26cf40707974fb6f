import Foundation
import StewardExpressions
import StewardModel
import StewardTime

/// The work of one event: mutates a copy of the instance and collects effects and notes.
struct Run {
    let machine: WorkflowMachine
    var state: InstanceState
    let now: Instant
    var effects: [CoreEffect] = []
    var notes: [CoreNote] = []
    var moves = 0
    /// A problem found part way that refuses the whole event (the calendar lacking a year):
    /// `finish()` throws it, so nothing of this run is kept.
    var refusal: Refusal?
    /// The event the trail records instead of the one applied (see `Step.recorded`).
    var recorded: CoreEvent?

    init(machine: WorkflowMachine, state: InstanceState, now: Instant) {
        self.machine = machine
        self.state = state
        self.now = now
        // An event usually enters a few states: room for their effects and notes up front.
        effects.reserveCapacity(8)
        notes.reserveCapacity(8)
    }

    var compiled: CompiledWorkflow { machine.workflow }
    var environment: CoreEnvironment { machine.environment }

    consuming func finish() throws(Refusal) -> WorkflowMachine.Step {
        if let refusal { throw refusal }
        return WorkflowMachine.Step(state: state, effects: effects, notes: notes, recorded: recorded)
    }

    mutating func note(scope: Int, from: String?, to: String?, _ what: String) {
        notes.append(CoreNote(scope: scope, from: from, to: to, detail: .text(what)))
    }

    mutating func note(scope: Int, from: String?, to: String?, _ detail: CoreNote.Detail) {
        notes.append(CoreNote(scope: scope, from: from, to: to, detail: detail))
    }

    func flow(of scope: Int) -> CompiledFlow { compiled.flows[state.scopes[scope].flow] }

    // MARK: expressions

    /// The values expressions see from inside `scope`: its own records over its ancestors' over everyone's.
    func context(scope: Int, actor: String? = nil, withStates: Bool = true) -> EvaluationContext {
        var chain: [Int] = []
        var current: Int? = scope
        while let c = current {
            chain.append(c)
            current = state.scopes[c].parent
        }
        var states: [String: StateValues] = [:]
        if withStates {
            for s in state.scopes {
                for (name, record) in s.records { states[name] = record.values }
            }
            for c in chain.reversed() {
                for (name, record) in state.scopes[c].records { states[name] = record.values }
            }
        }
        // The innermost foreach item, and those around it by their own names (an inner name hides an outer one).
        var item: ExpressionValue?
        var itemName = "item"
        var outerItems: [(name: String, value: ExpressionValue)] = []
        for c in chain {
            guard let value = state.scopes[c].item else { continue }
            let name = flowItemName(c) ?? "item"
            if item == nil {
                item = value
                itemName = name
            } else if name != itemName, !outerItems.contains(where: { $0.name == name }) {
                outerItems.append((name, value))
            }
        }
        var context = EvaluationContext(
            inputs: state.inputs, vars: state.vars, states: states, instanceID: state.id, actor: actor,
            item: item, itemName: itemName, now: now, utcOffset: machine.utcOffset, calendar: environment.calendar,
            isMember: machine.isMember)
        context.outerItems = outerItems
        return context
    }

    private func flowItemName(_ scope: Int) -> String? { compiled.flows[state.scopes[scope].flow].itemName }

    func evaluate(_ text: TemplateText, scope: Int, actor: String? = nil) throws(ExpressionError) -> ExpressionValue {
        guard let template = text.template else { return .string(text.raw) }
        if case .literal(let literal) = template { return .string(literal) }
        return try template.evaluate(in: context(scope: scope, actor: actor, withStates: text.readsStates))
    }

    // MARK: scopes

    mutating func addScope(flow: Int, parent: Int, owner: String, branch: String?, item: ExpressionValue?,
                           itemIndex: Int?) -> Int {
        let index = state.scopes.count
        state.scopes.append(Scope(index: index, flow: flow, parent: parent, owner: owner, branch: branch, item: item,
                                  itemIndex: itemIndex, current: nil, status: nil, records: [:], children: []))
        state.scopes[parent].children.append(index)
        return index
    }

    /// Ends a scope: the top level ends the instance; a branch or item may complete its owner's join.
    mutating func endScope(_ scope: Int, outcome: Outcome) {
        state.scopes[scope].status = outcome
        state.scopes[scope].current = nil
        guard let parent = state.scopes[scope].parent, let owner = state.scopes[scope].owner else {
            endInstance(InstanceStatus(outcome), reason: nil)
            return
        }
        checkJoin(parent: parent, owner: owner)
    }

    /// Stops a scope and everything under it: tasks closed, timers cleared, steps forgotten.
    mutating func cancelScope(_ scope: Int) {
        for child in state.scopes[scope].children where state.scopes[child].status == nil { cancelScope(child) }
        if let current = state.scopes[scope].current { leave(scope: scope, state: current.name) }
        state.scopes[scope].status = .cancelled
        state.scopes[scope].current = nil
    }

    mutating func endInstance(_ status: InstanceStatus, reason: String?) {
        guard state.status == .running else { return }
        for scope in state.scopes.indices where state.scopes[scope].status == nil && scope != 0 { cancelScope(scope) }
        if let current = state.scopes[0].current { leave(scope: 0, state: current.name) }
        var status = status
        var reason = reason
        if status == .completed || status == .rejected {
            for (name, text) in compiled.workflow.outputs {
                do {
                    state.outputs[name] = try evaluate(text, scope: 0)
                } catch {
                    state.outputs[name] = .null
                    // An output nobody can trust is not a completion (the oldest instances took null).
                    if state.rules != .mostChosen, status != .failed {
                        status = .failed
                        reason = "output '\(name)' could not be computed: \(error.message)"
                    }
                }
            }
        }
        state.status = status
        state.reason = reason
        note(scope: 0, from: nil, to: nil, "instance \(status.rawValue)" + (reason.map { ": \($0)" } ?? ""))
        effects.append(.finish(status))
    }

    /// Fails the instance because of a problem found while running (no choice held, a bad expression).
    mutating func fail(_ reason: String) {
        endInstance(.failed, reason: reason)
    }

    /// Fails the instance because of `error`, unless the calendar caused it: a year without
    /// working days is mended by adding them, so the event is refused and nothing changes,
    /// instead of the instance failing while the command says "recorded" (the oldest
    /// instances failed, as they did).
    mutating func fail(_ reason: String, because error: any Error) {
        guard state.rules != .mostChosen, Run.isCalendarGap(error) else {
            fail(reason)
            return
        }
        if refusal == nil {
            refusal = Refusal(.workflowError, "\(reason); add that year's working days to the calendar "
                                  + "(docs/time.md, 'Adding a year'), then try again; nothing changed")
        }
    }

    /// Clears what belongs to a state being left: its open task, its timers, its pending step,
    /// and the child workflow it still waits for.
    mutating func leave(scope: Int, state name: String) {
        if let current = state.scopes[scope].current, current.name == name,
           case .workflow = flow(of: scope).states[current.index].state.kind,
           (state.scopes[scope].records[name]?.at).map({ $0 < current.since }) ?? true {
            effects.append(.cancelChild(ParentLink(instance: state.id, scope: scope, state: name)))
        }
        // By index: a `for` over the elements would copy each task and timer.
        for i in state.tasks.indices where state.tasks[i].scope == scope && state.tasks[i].state == name {
            effects.append(.closeTask(state.tasks[i].id))
        }
        state.tasks.removeAll { $0.scope == scope && $0.state == name }
        for i in state.timers.indices where state.timers[i].scope == scope && state.timers[i].state == name {
            effects.append(.clearTimer(state.timers[i].id))
        }
        state.timers.removeAll { $0.scope == scope && $0.state == name }
        state.steps.removeAll { $0.scope == scope && $0.state == name }
    }
}
