import StewardExpressions
import StewardModel
import StewardTime

extension Run {
    /// Enters an action state: pure built-ins run here; others become a handler call.
    mutating func startStep(_ spec: ActionSpec, scope: Int, state s: State, attempt: Int) {
        var arguments = ExpressionValue.object([:])
        do {
            if let with = spec.with { arguments = try value(of: with, scope: scope) }
        } catch {
            handleFailure(spec, scope: scope, state: s.name, attempt: attempt, kind: "expression", message: error.message)
            return
        }
        if environment.inlineHandlers.contains(spec.uses.value) {
            runInline(spec, arguments: arguments, scope: scope, state: s.name, attempt: attempt)
            return
        }
        // The serial makes each call's key unique: a later visit to this state (a reject loop)
        // must not reuse an earlier visit's key, which the engine would take as already called.
        state.serial += 1
        if attempt == 1 || state.scopes[scope].current?.visit == 0 { state.scopes[scope].current?.visit = state.serial }
        let step = PendingStep(key: "\(state.id)/\(s.name)/\(scope)/\(attempt)/\(state.serial)", scope: scope, state: s.name,
                               handler: spec.uses.value, arguments: arguments, attempt: attempt)
        state.steps.append(step)
        effects.append(.callHandler(step))
        if let timeout = spec.timeout {
            do {
                let at = try timeout.deadline(from: now, zone: environment.zone, calendar: environment.calendar)
                addTimer(.timeout, at: at, scope: scope, state: s.name, step: attempt)
            } catch {
                // The call still goes out; the trail and the admins know it has no time limit.
                note(scope: scope, from: nil, to: s.name, "step '\(s.name)' runs without its timeout: \(error.description)")
                effects.append(.notify(Notice(people: environment.roster?.admins ?? [], subject: "无法计算时限：\(s.name)",
                                              body: "step \(step.key) runs without its timeout: \(error.description)",
                                              reason: "calendar-gap")))
            }
        }
    }

    private func value(of argument: ArgumentValue, scope: Int) throws(ExpressionError) -> ExpressionValue {
        switch argument {
        case .text(let text): return try evaluate(text, scope: scope)
        case .list(let items, _):
            var values: [ExpressionValue] = []
            for item in items { values.append(try value(of: item, scope: scope)) }
            return .list(values)
        case .mapping(let pairs, _):
            var object: ExpressionObject = [:]
            for pair in pairs { object[pair.key] = try value(of: pair.value, scope: scope) }
            return .object(object)
        }
    }

    /// `set`, `log` and `fail` change only the instance, so the core runs them in the same step.
    private mutating func runInline(_ spec: ActionSpec, arguments: ExpressionValue, scope: Int, state name: String,
                                    attempt: Int) {
        switch spec.uses.value {
        case "set":
            if case .object(let values) = arguments {
                for (key, value) in values.entries { state.vars[key] = value }
            }
            stepSucceeded(spec, output: arguments, scope: scope, state: name)
        case "log":
            var message = ""
            if case .object(let o) = arguments, let m = o["message"] { message = m.text }
            effects.append(.log(message))
            stepSucceeded(spec, output: .string(message), scope: scope, state: name)
        default:
            var reason = "failed on purpose"
            var kind = "fail"
            if case .object(let o) = arguments {
                if let r = o["reason"] { reason = r.text }
                if let k = o["kind"] { kind = k.text }
            }
            handleFailure(spec, scope: scope, state: name, attempt: attempt, kind: kind, message: reason)
        }
    }

    private mutating func stepSucceeded(_ spec: ActionSpec, output: ExpressionValue, scope: Int, state name: String) {
        var record = state.scopes[scope].records[name] ?? StateRecord()
        record.output = output
        record.at = now
        state.scopes[scope].records[name] = record
        if let outputName = spec.output { state.vars[outputName] = output }
        goNext(spec.next, scope: scope)
    }

    mutating func succeeded(step key: String, output: ExpressionValue) throws(Refusal) {
        let (step, spec) = try pending(key)
        state.steps.removeAll { $0.key == key }
        note(scope: step.scope, from: step.state, to: nil, "handler '\(step.handler)' succeeded")
        stepSucceeded(spec, output: output, scope: step.scope, state: step.state)
    }

    mutating func failed(step key: String, kind: String, message: String, retryable: Bool) throws(Refusal) {
        let (step, spec) = try pending(key)
        state.steps.removeAll { $0.key == key }
        note(scope: step.scope, from: step.state, to: nil, "handler '\(step.handler)' failed (\(kind)): \(message)")
        handleFailure(spec, scope: step.scope, state: step.state, attempt: step.attempt, kind: kind, message: message,
                      retryable: retryable)
    }

    private func pending(_ key: String) throws(Refusal) -> (PendingStep, ActionSpec) {
        guard let step = state.steps.first(where: { $0.key == key }),
              let position = state.scopes[step.scope].current, position.name == step.state,
              case .action(let spec) = flow(of: step.scope).states[position.index].state.kind else {
            throw Refusal(.conflict, "step \(key) is not waiting for a result (already done or abandoned)")
        }
        return (step, spec)
    }

    /// Retry while attempts remain, else the first matching `catch`, else the instance fails.
    mutating func handleFailure(_ spec: ActionSpec, scope: Int, state name: String, attempt: Int, kind: String,
                                message: String, retryable: Bool = true) {
        for timer in state.timers where timer.scope == scope && timer.state == name && timer.kind == .timeout {
            effects.append(.clearTimer(timer.id))
        }
        state.timers.removeAll { $0.scope == scope && $0.state == name && $0.kind == .timeout }
        if retryable, let retry = spec.retry, attempt <= retry.maxAttempts, kind != "expression" {
            let delay = Self.retryDelay(retry, attempt: attempt)
            state.scopes[scope].current?.attempt = attempt + 1
            addTimer(.retry, at: now.adding(milliseconds: delay), scope: scope, state: name, step: attempt + 1)
            note(scope: scope, from: name, to: nil, "attempt \(attempt) failed; retry \(attempt + 1) in \(delay / 1000) s")
            return
        }
        var record = state.scopes[scope].records[name] ?? StateRecord()
        record.output = .object(ExpressionObject([("error", .string(kind)), ("message", .string(message))]))
        record.at = now
        state.scopes[scope].records[name] = record
        if let clause = spec.catch.first(where: { $0.error == kind || $0.error == "any" }),
           let target = index(of: clause.target.value, in: scope) {
            follow(scope: scope, target: target)
            return
        }
        fail("step '\(name)' failed (\(kind)): \(message)")
    }

    /// Fixed `interval`, or `backoff` doubling each attempt up to `max_delay`; 30 s when neither is given.
    static func retryDelay(_ retry: RetryPolicy, attempt: Int) -> Int64 {
        func ms(_ spec: DurationSpec?) -> Int64? {
            switch spec {
            case .elapsed(let ms)?: ms
            case .calendarDays(let d)?: Int64(d) * 86_400_000
            case .calendarDaysAndElapsed(let d, let ms)?: Int64(d) * 86_400_000 + ms
            case .workdays(let d)?: Int64(d) * 86_400_000
            case nil: nil
            }
        }
        if let base = ms(retry.backoff) {
            let factor = Int64(1) << Int64(min(max(attempt - 1, 0), 30))
            let (grown, overflow) = base.multipliedReportingOverflow(by: factor)
            let delay = overflow ? Int64.max : grown
            return min(delay, ms(retry.maxDelay) ?? Int64.max)
        }
        return min(ms(retry.interval) ?? 30_000, ms(retry.maxDelay) ?? Int64.max)
    }
}
