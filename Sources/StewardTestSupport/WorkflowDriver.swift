import StewardCore
import StewardExpressions
import StewardModel
import StewardTime

/// Runs one instance through a `WorkflowMachine` the way the engine would, but in memory:
/// each event is applied at the manual clock's time, and the driver keeps the events
/// (for `replayed()`), every effect in order, and each refusal.
///
/// It performs no effect: a test reads `lastEffects` and answers with the next event
/// (`succeed`, `fail`, `finishChild`), or moves time with `advance(to:)`.
public struct WorkflowDriver: Sendable {
    /// One event the machine accepted, with what it did.
    public struct Record: Sendable {
        /// nil for the start.
        public let event: CoreEvent?
        public let at: Instant
        public let effects: [CoreEffect]
        public let notes: [CoreNote]
        public let state: InstanceState
    }

    public let machine: WorkflowMachine
    public let clock: ManualClock
    public let start: (inputs: ExpressionObject, at: Instant, by: String?)
    public let parent: ParentLink?
    /// The instance as it stands now.
    public private(set) var state: InstanceState
    /// The start and every accepted event, in order.
    public private(set) var history: [Record]
    /// Events refused, with the refusal (the instance was left as it was).
    public private(set) var refusals: [(event: CoreEvent, refusal: Refusal)] = []

    /// Starts instance `id` at the clock's time.
    public init(machine: WorkflowMachine, clock: ManualClock, id: String = "i1", inputs: ExpressionObject = [:],
                by person: String? = nil, parent: ParentLink? = nil, rules: DecisionRules? = .current) throws(Refusal) {
        self.machine = machine
        self.clock = clock
        self.parent = parent
        let now = clock.now
        start = (inputs, now, person)
        let step = try machine.start(id: id, inputs: inputs, now: now, parent: parent, by: person, rules: rules)
        state = step.state
        history = [Record(event: nil, at: now, effects: step.effects, notes: step.notes, state: step.state)]
    }

    /// The accepted events with their times, as the trail would hold them.
    public var events: [(event: CoreEvent, at: Instant)] {
        history.compactMap { record in record.event.map { ($0, record.at) } }
    }

    /// Every effect since the start, in order.
    public var effects: [CoreEffect] { history.flatMap(\.effects) }

    /// The effects of the last accepted event (or of the start).
    public var lastEffects: [CoreEffect] { history.last?.effects ?? [] }

    /// The notes of the last accepted event (or of the start).
    public var lastNotes: [CoreNote] { history.last?.notes ?? [] }

    // MARK: events

    /// Applies `event` at the clock's time; a refusal leaves the instance as it was and is kept in `refusals`.
    @discardableResult
    public mutating func apply(_ event: CoreEvent) throws(Refusal) -> [CoreEffect] {
        let now = clock.now
        do {
            let step = try machine.apply(event, to: state, now: now)
            state = step.state
            history.append(Record(event: event, at: now, effects: step.effects, notes: step.notes, state: step.state))
            return step.effects
        } catch {
            refusals.append((event, error))
            throw error
        }
    }

    /// `person` takes `action` on the open task of state `stateName`.
    @discardableResult
    public mutating func act(_ person: String, _ action: String, on stateName: String, form: ExpressionObject = [:],
                             comment: String? = nil, onBehalfBy: String? = nil) throws(Refusal) -> [CoreEffect] {
        guard let task = task(stateName) else {
            throw Refusal(.notFound, "(driver) no open task in state '\(stateName)'; open: \(state.tasks.map(\.state))")
        }
        return try apply(.acted(task: task.id, person: person, action: action, form: form, comment: comment,
                                onBehalfBy: onBehalfBy))
    }

    /// The handler of the pending step in state `stateName` succeeded with `output`.
    @discardableResult
    public mutating func succeed(_ stateName: String, output: ExpressionValue = .null) throws(Refusal) -> [CoreEffect] {
        guard let step = step(stateName) else {
            throw Refusal(.notFound, "(driver) no pending step in state '\(stateName)'; pending: \(state.steps.map(\.state))")
        }
        return try apply(.handlerSucceeded(step: step.key, output: output))
    }

    /// The handler of the pending step in state `stateName` failed.
    @discardableResult
    public mutating func fail(_ stateName: String, kind: String = "handler", message: String = "failed",
                              retryable: Bool? = nil) throws(Refusal) -> [CoreEffect] {
        guard let step = step(stateName) else {
            throw Refusal(.notFound, "(driver) no pending step in state '\(stateName)'; pending: \(state.steps.map(\.state))")
        }
        return try apply(.handlerFailed(step: step.key, kind: kind, message: message, retryable: retryable))
    }

    /// The child started for the `workflow` state `stateName` ended.
    @discardableResult
    public mutating func finishChild(_ stateName: String, child: String, outcome: Outcome = .completed,
                                     outputs: ExpressionObject = [:]) throws(Refusal) -> [CoreEffect] {
        guard let scope = state.scopes.first(where: { $0.status == nil && $0.current?.name == stateName }) else {
            throw Refusal(.notFound, "(driver) no scope is in state '\(stateName)'; current: \(state.currentStates)")
        }
        return try apply(.childFinished(scope: scope.index, state: stateName, child: child, outcome: outcome,
                                        outputs: outputs))
    }

    /// Fires the timer `id` now, whatever its time.
    @discardableResult
    public mutating func fire(_ id: String) throws(Refusal) -> [CoreEffect] {
        try apply(.timerFired(timer: id))
    }

    /// Moves the clock to `instant`, firing each timer that comes due on the way at its own
    /// time, earliest first (timers with the same time in the order they were set).
    ///
    /// Returns the effects of the fired timers, in order.
    @discardableResult
    public mutating func advance(to instant: Instant) throws(Refusal) -> [CoreEffect] {
        var fired: [CoreEffect] = []
        while state.status == .running, let next = nextTimer, next.at <= instant {
            if next.at > clock.now { clock.set(to: next.at) }
            fired += try fire(next.id)
        }
        if instant > clock.now { clock.set(to: instant) }
        return fired
    }

    /// Moves the clock forward by `milliseconds`, firing timers on the way (see `advance(to:)`).
    @discardableResult
    public mutating func advance(milliseconds: Int64) throws(Refusal) -> [CoreEffect] {
        try advance(to: clock.now.adding(milliseconds: milliseconds))
    }

    // MARK: looking things up

    /// The first open task of state `stateName`.
    public func task(_ stateName: String) -> OpenTask? {
        state.tasks.first { $0.state == stateName }
    }

    /// The pending step of state `stateName`.
    public func step(_ stateName: String) -> PendingStep? {
        state.steps.first { $0.state == stateName }
    }

    /// The timers set for state `stateName`, of one kind or all.
    public func timers(_ stateName: String, kind: Timer.Kind? = nil) -> [Timer] {
        state.timers.filter { $0.state == stateName && (kind == nil || $0.kind == kind) }
    }

    /// The timer that comes due first (the one set first among equals).
    public var nextTimer: Timer? {
        state.timers.min { $0.at < $1.at }
    }

    /// The record a state left in the scope that ran it (the last such scope).
    public func record(_ stateName: String) -> StateRecord? {
        state.scopes.last { $0.records[stateName] != nil }?.records[stateName]
    }

    /// Rebuilds the instance from the recorded start and events with `WorkflowMachine.replay`.
    public func replayed() throws(Refusal) -> InstanceState {
        try machine.replay(id: state.id, start: start, events: events, parent: parent, rules: state.decisionRules)
    }
}
