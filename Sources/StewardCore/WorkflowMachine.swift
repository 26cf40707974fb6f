import Foundation
import StewardExpressions
import StewardModel
import StewardTime

/// The pure state machine: `(definition, instance, event, now) → (instance, effects)`.
///
/// No clock, no randomness, no I/O: time comes in as `now`, ids are derived from the
/// instance id and a counter, people and calendars come in `environment`. Replaying
/// the same events at the same times gives the same states, which `audit verify
/// --replay` relies on.
///
/// Transitions, by state type (the only ones there are):
/// - task: open → (votes) → decided by an action → its `to`; escalations may reassign or act.
/// - action: entered → handler called → succeeded → `next` | failed → retry timer | `catch` | instance failed.
/// - choice: entered → first `if` that holds, else `default`, else instance failed.
/// - wait: entered → timer → `next`.
/// - parallel / foreach: entered → one scope per branch / item → join met → others cancelled → `next`.
/// - workflow: entered → child started → child finished → `next`.
/// - final: the scope ends; the top-level scope ending ends the instance.
public struct WorkflowMachine: Sendable {
    /// The definition and environment, shared: every event's run holds the machine, and
    /// copying their many fields cost a retain and a release each, on every event.
    private final class Parts: Sendable {
        let workflow: CompiledWorkflow
        let environment: CoreEnvironment
        /// What expressions ask of the environment, made once rather than for every expression.
        let utcOffset: @Sendable (Instant) -> Int
        let isMember: (@Sendable (String, String) -> Bool)?

        init(workflow: CompiledWorkflow, environment: CoreEnvironment) {
            self.workflow = workflow
            self.environment = environment
            let zone = environment.zone
            utcOffset = { instant in
                zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1000))
            }
            if let roster = environment.roster {
                isMember = { person, role in roster.isMember(person, of: role) }
            } else {
                isMember = nil
            }
        }
    }

    private let parts: Parts
    public var workflow: CompiledWorkflow { parts.workflow }
    public var environment: CoreEnvironment { parts.environment }
    var utcOffset: @Sendable (Instant) -> Int { parts.utcOffset }
    var isMember: (@Sendable (String, String) -> Bool)? { parts.isMember }
    /// Automatic moves one event may cause before the instance is failed (a guard, not a feature).
    public var moveBudget = 10_000

    public init(workflow: CompiledWorkflow, environment: CoreEnvironment) {
        parts = Parts(workflow: workflow, environment: environment)
    }

    /// The result of one event.
    public struct Step: Sendable {
        public let state: InstanceState
        public let effects: [CoreEffect]
        public let notes: [CoreNote]
        /// What the trail records in place of the event applied, when that must not be kept
        /// as given (a vote on a secret ballot: who voted, never the choice).
        public var recorded: CoreEvent? = nil
    }

    /// Starts an instance: checks and completes the inputs, then enters the start state.
    ///
    /// `rules` are the decision rules the instance keeps for its whole life (nil: those of
    /// instances started before rules were recorded, for replaying their trails).
    public func start(id: String, inputs: ExpressionObject, now: Instant, parent: ParentLink? = nil,
                      by person: String? = nil, rules: DecisionRules? = .current) throws(Refusal) -> Step {
        try checkStarter(person, to: "start")
        let typed = try InputBinding.bind(inputs, to: workflow.workflow.inputs)
        var state = InstanceState(id: id, workflowID: workflow.workflow.id.value, definitionHash: workflow.sourceHash,
                                  inputs: typed, startedAt: now, parent: parent, rules: rules)
        state.scopes = [Scope(index: 0, flow: 0, parent: nil, owner: nil, branch: nil, item: nil, itemIndex: nil,
                              current: nil, status: nil, records: [:], children: [])]
        var run = Run(machine: self, state: state, now: now)
        run.enter(scope: 0, index: workflow.flows[0].start, from: nil)
        return try run.finish()
    }

    /// Applies an event to a running instance.
    public func apply(_ event: CoreEvent, to state: InstanceState, now: Instant) throws(Refusal) -> Step {
        if case .started = event { throw Refusal(.conflict, "the instance has already started") }
        guard state.status == .running else {
            throw Refusal(.finished, "instance \(state.id) has ended (\(state.status.rawValue)); nothing can change it")
        }
        var run = Run(machine: self, state: state, now: now)
        switch event {
        case .started:
            break
        case let .acted(task, person, action, form, comment, onBehalfBy):
            try run.act(task: task, person: person, action: action, form: form, comment: comment, onBehalfBy: onBehalfBy)
        case let .ballotCast(task, person, onBehalfBy, tally):
            try run.replayBallot(task: task, person: person, onBehalfBy: onBehalfBy, tally: tally)
        case .timerFired(let timer):
            try run.fire(timer: timer)
        case let .handlerSucceeded(step, output):
            try run.succeeded(step: step, output: output)
        case let .handlerFailed(step, kind, message, retryable):
            try run.failed(step: step, kind: kind, message: message, retryable: retryable ?? true)
        case let .childFinished(scope, stateName, child, outcome, outputs):
            try run.childFinished(scope: scope, state: stateName, child: child, outcome: outcome, outputs: outputs)
        case let .cancelled(reason, by):
            try checkStarter(by, to: "cancel")
            run.cancel(reason: reason, by: by)
        case let .reassigned(task, people, roles, by, reason):
            try run.reassign(task: task, people: people, roles: roles, by: by, reason: reason)
        case .calendarUpdated:
            try run.placeDeadlines()
        case let .signalled(name, payload):
            var signals: ExpressionObject = [:]
            if case .object(let existing)? = run.state.vars["signals"] { signals = existing }
            signals[name] = payload
            run.state.vars["signals"] = .object(signals)
            run.note(scope: 0, from: nil, to: nil, "signal '\(name)' received")
        }
        return try run.finish()
    }

    /// The event as the trail may keep it: an act on a secret ballot's task (taken or refused)
    /// keeps who voted, not the choice, form or comment.
    ///
    /// The act is about the open task it names (by id or state), else the state it names; when
    /// it names neither (no task open for the person, a closed ballot, an ended instance), an
    /// action that only some secret ballot offers is taken as a vote on it, so a late or
    /// misdirected vote is not kept in full either.
    public func recordable(_ event: CoreEvent, in state: InstanceState) -> CoreEvent {
        guard case let .acted(task, person, action, _, _, onBehalfBy) = event else { return event }
        var secret: [String: TaskSpec] = [:]
        var named = Set<String>()
        for flow in workflow.flows {
            for compiled in flow.states {
                named.insert(compiled.state.name)
                if case .task(let spec) = compiled.state.kind, spec.quorum.secret { secret[compiled.state.name] = spec }
            }
        }
        guard !secret.isEmpty else { return event }
        let open = state.tasks.first { $0.id == task || $0.state == task }
        let ballot = CoreEvent.ballotCast(task: open?.id ?? task, person: person, onBehalfBy: onBehalfBy, tally: nil)
        if let stateName = open?.state ?? (named.contains(task) ? task : nil) {
            return secret[stateName] == nil ? event : ballot
        }
        return secret.values.contains { $0.actions.contains { $0.name == action } } ? ballot : event
    }

    /// Replays a start and events (as recorded in the trail) to rebuild an instance.
    public func replay(id: String, start: (inputs: ExpressionObject, at: Instant, by: String?),
                       events: [(event: CoreEvent, at: Instant)], parent: ParentLink? = nil,
                       rules: DecisionRules? = .current) throws(Refusal) -> InstanceState {
        var state = try self.start(id: id, inputs: start.inputs, now: start.at, parent: parent, by: start.by, rules: rules).state
        for (event, at) in events {
            state = try apply(event, to: state, now: at).state
        }
        return state
    }
}

extension WorkflowMachine {
    /// With `starters:`, only members of those roles (and the roster's admins) may start or
    /// cancel the workflow; without it, anyone on the roster. The engine acting on its own
    /// (a schedule, a parent workflow) names no person and is not asked.
    func checkStarter(_ person: String?, to verb: String) throws(Refusal) {
        let starters = workflow.workflow.starters.map(\.value)
        guard let person, !starters.isEmpty, let roster = environment.roster else { return }
        if roster.admins.contains(person) { return }
        if starters.contains(where: { roster.roles[$0]?.members.contains(person) == true }) { return }
        throw Refusal(.notEligible, "\(person) may not \(verb) workflow '\(workflow.workflow.id.value)': "
                          + "only members of \(starters.joined(separator: ", ")) (its 'starters') and the admins may")
    }
}
