import StewardExpressions
import StewardModel
import StewardTime

extension Run {
    /// Moves `scope` into the state at `index` and does what that state does on entry.
    mutating func enter(scope: Int, index: Int, from: String?) {
        guard state.status == .running else { return }
        moves += 1
        if moves > machine.moveBudget {
            fail("more than \(machine.moveBudget) automatic moves in one step; the workflow loops without a person or a wait")
            return
        }
        let compiledState = flow(of: scope).states[index]
        let s = compiledState.state
        let attempt = (state.scopes[scope].current?.name == s.name ? state.scopes[scope].current?.attempt ?? 0 : 0)
        state.scopes[scope].current = Position(name: s.name, index: index, since: now, attempt: max(attempt, 1))
        note(scope: scope, from: from, to: s.name, .entered(type: s.kind.typeName, name: s.name))
        switch s.kind {
        case .task(let task): openTask(task, scope: scope, state: s)
        case .action(let action): startStep(action, scope: scope, state: s, attempt: 1)
        case .choice(let choice): decide(choice, scope: scope, state: s)
        case .wait(let wait): startWait(wait, scope: scope, state: s)
        case .parallel(let parallel): fork(parallel, scope: scope, index: index, state: s)
        case .foreach(let foreach): fanOut(foreach, scope: scope, index: index, state: s)
        case .workflow(let sub): startChild(sub, scope: scope, state: s)
        case .final(let final): endScope(scope, outcome: final.outcome)
        }
    }

    /// Leaves the current state of `scope` along its transition number `transition`.
    mutating func follow(scope: Int, target: Int) {
        guard let current = state.scopes[scope].current else { return }
        leave(scope: scope, state: current.name)
        enter(scope: scope, index: target, from: current.name)
    }

    /// The index of `name` in the flow of `scope`.
    func index(of name: String, in scope: Int) -> Int? { flow(of: scope).index(of: name) }

    mutating func goNext(_ next: Located<String>?, scope: Int) {
        guard let next, let target = index(of: next.value, in: scope) else {
            fail("state '\(state.scopes[scope].current?.name ?? "?")' has nowhere to go")
            return
        }
        follow(scope: scope, target: target)
    }

    private mutating func decide(_ choice: ChoiceSpec, scope: Int, state s: State) {
        for (condition, target) in choice.choices {
            do {
                let value = try evaluate(condition, scope: scope)
                guard case .bool(let holds) = value else {
                    fail("the condition '\(condition.raw)' of choice '\(s.name)' gave \(value.typeName), not true or false")
                    return
                }
                if holds, let index = index(of: target.value, in: scope) {
                    follow(scope: scope, target: index)
                    return
                }
            } catch {
                fail("the condition '\(condition.raw)' of choice '\(s.name)' could not be evaluated: \(error.message)", because: error)
                return
            }
        }
        guard let fallback = choice.defaultTarget, let index = index(of: fallback.value, in: scope) else {
            fail("no condition of choice '\(s.name)' held and it has no 'default'")
            return
        }
        follow(scope: scope, target: index)
    }

    private mutating func startWait(_ wait: WaitSpec, scope: Int, state s: State) {
        let at: Instant
        do {
            if let duration = wait.duration {
                at = try moment(duration, scope: scope)
            } else if let until = wait.until {
                at = try instant(from: try evaluate(until, scope: scope), what: "'until' of '\(s.name)'")
            } else {
                at = now
            }
        } catch {
            fail("the wait of '\(s.name)' could not be computed: \(Run.describe(error))", because: error)
            return
        }
        addTimer(.wait, at: at, scope: scope, state: s.name)
    }

    mutating func addTimer(_ kind: Timer.Kind, at: Instant, scope: Int, state name: String, task: String? = nil,
                           step: Int? = nil) {
        let timer = Timer(id: state.nextID("timer"), kind: kind, at: at, scope: scope, state: name, task: task, step: step)
        state.timers.append(timer)
        effects.append(.setTimer(timer))
    }

    private mutating func startChild(_ sub: SubworkflowSpec, scope: Int, state s: State) {
        var inputs: ExpressionObject = [:]
        for (name, text) in sub.with {
            do {
                inputs[name] = try evaluate(text, scope: scope)
            } catch {
                fail("input '\(name)' for workflow '\(sub.uses.value)' could not be computed: \(error.message)", because: error)
                return
            }
        }
        effects.append(.startChild(workflow: sub.uses.value, inputs: inputs,
                                   parent: ParentLink(instance: state.id, scope: scope, state: s.name)))
    }

    mutating func childFinished(scope: Int, state name: String, child: String, outcome: Outcome,
                                outputs: ExpressionObject) throws(Refusal) {
        guard scope < state.scopes.count, state.scopes[scope].current?.name == name,
              case .workflow(let sub) = flow(of: scope).states[state.scopes[scope].current?.index ?? 0].state.kind else {
            throw Refusal(.conflict, "instance \(state.id) is no longer waiting in '\(name)' for a child workflow")
        }
        var record = state.scopes[scope].records[name] ?? StateRecord()
        record.output = .object(ExpressionObject([("outcome", .string(outcome.rawValue)), ("instance", .string(child)),
                                                  ("outputs", .object(outputs))]))
        record.at = now
        state.scopes[scope].records[name] = record
        note(scope: scope, from: name, to: nil, "child workflow \(child) ended \(outcome.rawValue)")
        goNext(sub.next, scope: scope)
    }

    /// When a fixed or computed duration ends, counted from now.
    func moment(_ duration: DurationValue, scope: Int) throws(MomentError) -> Instant {
        switch duration {
        case .fixed(let spec, _):
            do {
                return try spec.deadline(from: now, zone: environment.zone, calendar: environment.calendar)
            } catch {
                var gap = false
                if case .calendar(.yearNotCovered) = error { gap = true }
                throw MomentError(message: error.description, calendarGap: gap)
            }
        case .expression(let text):
            do {
                return try instant(from: try evaluate(text, scope: scope), what: "'\(text.raw)'")
            } catch let error as MomentError {
                throw error
            } catch {
                throw MomentError(message: Run.describe(error), calendarGap: Run.isCalendarGap(error))
            }
        }
    }

    /// A date means the end of that day in the organization's zone; a time means itself.
    func instant(from value: ExpressionValue, what: String) throws(MomentError) -> Instant {
        switch value {
        case .datetime(let t): return t
        case .date(let d):
            guard let midnight = LocalDateTime(date: d.adding(days: 1), hour: 0) else {
                throw MomentError(message: "\(what) gave a date out of range")
            }
            return Instant(local: midnight, in: environment.zone).adding(milliseconds: -1)
        case .string(let s):
            if let d = CivilDate(iso: s) { return try instant(from: .date(d), what: what) }
            if let t = try? Instant(iso8601: s) { return t }
            throw MomentError(message: "\(what) gave '\(s)', which is not a date or a time")
        default:
            throw MomentError(message: "\(what) gave \(value.typeName), not a date or a time")
        }
    }
}

/// Why a deadline or wait could not be computed.
struct MomentError: Error {
    let message: String
    /// The calendar cannot answer: no working days for the year the moment falls in, or no
    /// calendar at all. The office can mend that without losing the instance.
    var calendarGap = false
}

extension Run {
    /// Whether `error` is the calendar's: a year it has no working days for, or no calendar
    /// where `addWorkdays` needs one.
    static func isCalendarGap(_ error: any Error) -> Bool {
        switch error {
        case let e as MomentError: e.calendarGap
        case let e as ExpressionError: e.code == .calendar
        default: false
        }
    }

    /// A plain sentence for any error the core meets while running.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let e as ExpressionError: e.message
        case let e as MomentError: e.message
        case let e as Refusal: e.message
        default: "\(error)"
        }
    }
}
