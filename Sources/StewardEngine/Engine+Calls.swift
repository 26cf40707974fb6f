import Foundation
import StewardCore
import StewardExpressions
import StewardPlugins
import StewardStore
import StewardTime

/// One handler call a tick makes: prepared on the tick's thread, made on another.
struct StepCall: Sendable {
    let pending: PendingStep
    let instance: String
    let definition: String
    let states: String
    let handler: any StepHandler
    let request: StepRequest
}

/// The calls of one tick in flight: at most `limit` at once, each result handed back to the
/// tick's thread (which alone uses the store) as soon as it comes, so one slow call holds up
/// only its own step.
final class CallBatch: @unchecked Sendable {
    /// How long past its deadline a handler that does not stop is waited for before its step
    /// fails with `timeout` (its work is abandoned, not undone).
    static let grace: Duration = .seconds(5)

    private let condition = NSCondition()
    private var waiting: [StepCall] = []
    /// Every call this batch was given, so a step seen again while in flight is not called twice.
    private var given: Set<String> = []
    private var running: [Int: StepCall] = [:]
    private var finished: [(StepCall, StepOutcome)] = []
    private var serial = 0
    private let limit: Int

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// The keys of every call given so far.
    var keys: Set<String> {
        condition.lock()
        defer { condition.unlock() }
        return given
    }

    /// Starts the calls (as many as there is room for; the rest as others end).
    func add(_ calls: [StepCall]) {
        condition.lock()
        defer { condition.unlock() }
        for call in calls where given.insert(call.pending.key).inserted { waiting.append(call) }
        launchWhileRoom()
    }

    /// The next result; blocks until one comes or a call outlives its deadline and grace
    /// (then that call's result is a `timeout` failure). Nil once every call is answered.
    func next() -> (StepCall, StepOutcome)? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if !finished.isEmpty { return finished.removeFirst() }
            if running.isEmpty { return nil }
            let now = ContinuousClock.now
            if let (id, call) = running.first(where: { $0.value.request.deadline + Self.grace <= now }) {
                running[id] = nil
                launchWhileRoom()
                return (call, .failure(kind: "timeout", message: "'\(call.pending.handler)' did not answer within its time limit"))
            }
            let earliest = running.values.map { $0.request.deadline + Self.grace }.min() ?? now
            _ = condition.wait(until: Date(timeIntervalSinceNow: Self.seconds(now.duration(to: earliest)) + 0.01))
        }
    }

    private func launchWhileRoom() {
        while running.count < limit, !waiting.isEmpty {
            let call = waiting.removeFirst()
            serial += 1
            let id = serial
            running[id] = call
            let thread = CallThread(name: "steward call \(call.pending.handler)")
            Task(executorPreference: thread) { [self] in
                let outcome = await call.handler.call(call.request)
                self.complete(id, outcome)
                thread.finish()
            }
        }
    }

    private func complete(_ id: Int, _ outcome: StepOutcome) {
        condition.lock()
        defer { condition.unlock() }
        // A call already given up on (past its deadline) has its late answer dropped.
        guard let call = running.removeValue(forKey: id) else { return }
        finished.append((call, outcome))
        launchWhileRoom()
        condition.broadcast()
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return max(0, Double(s) + Double(attoseconds) / 1e18)
    }
}

extension Engine {
    /// The handler calls waiting in ready instances, claimed (non-idempotent ones marked in
    /// the store first) and ready to be made; unknown handlers fail at once.
    func prepareCalls(now: Instant, skipping inFlight: Set<String> = [], report: inout TickReport) throws(EngineError) -> [StepCall] {
        let ready = try read { tx in try tx.readyInstances(limit: 500) }
        var calls: [StepCall] = []
        guard !ready.isEmpty else { return calls }
        let context = handlerContext
        for row in ready {
            calls += try prepareCalls(of: row.instanceID, now: now, skipping: inFlight, context: context, report: &report)
        }
        return calls
    }

    /// The calls one instance waits for.
    func prepareCalls(of id: String, now: Instant, skipping inFlight: Set<String>, context: HandlerContext,
                      report: inout TickReport) throws(EngineError) -> [StepCall] {
        var calls: [StepCall] = []
        do {
            let (instance, steps) = try read { tx -> (InstanceState?, [StepRow]) in
                guard let r = try tx.loadInstance(id: id) else { return (nil, []) }
                return (try Self.decode(r), try tx.steps(forInstance: id))
            }
            guard let instance, instance.status == .running else { return [] }
            for pending in instance.steps where !inFlight.contains(pending.key) {
                let record = steps.first { $0.key == pending.key }
                if let record, record.status != .intent { continue }
                guard let handler = handlers.handler(named: pending.handler) else {
                    try finishStep(pending, instance: instance.id, outcome: .failure(kind: "plugin-missing",
                                   message: "no step handler named '\(pending.handler)' is installed"), provenance: nil, now: now)
                    report.stepsRun += 1
                    continue
                }
                // A non-idempotent call is marked before it is made, in the transaction that
                // checks for the mark; a mark left by a crash is flagged for a person.
                if !handler.contract.idempotent {
                    switch try claimCall(pending, instance: instance, now: now) {
                    case .claimed: break
                    case .flagged:
                        report.flagged += 1
                        continue
                    case .inProgress, .finished: continue
                    }
                } else if store.isShared {
                    // Many workers read the same pending steps: one of them calls each.
                    guard try claimSharedCall(pending, now: now) else { continue }
                }
                let request: StepRequest
                do {
                    request = try makeRequest(pending, instance: instance, contract: handler.contract, context: context)
                } catch let failure {
                    try finishStep(pending, instance: instance.id, outcome: StepOutcome(.failure(failure)),
                                   provenance: handler.contract.provenance, now: now)
                    report.stepsRun += 1
                    continue
                }
                calls.append(StepCall(pending: pending, instance: instance.id, definition: instance.definitionHash,
                                      states: instance.currentStates.joined(separator: ","), handler: handler,
                                      request: request))
            }
        }
        return calls
    }

    /// How many calls one instance may make in one tick: a result usually leads to the next
    /// step (render, then archive) at once, but a `catch` that leads straight back to the
    /// failing step must wait for the next tick rather than spin.
    public static let callsPerInstanceAndTick = 16

    /// Records each result as it comes, and makes the calls it leads to in the same tick,
    /// until every call of the batch is answered.
    func collect(_ batch: CallBatch, report: inout TickReport) throws(EngineError) {
        var made: [String: Int] = [:]
        let context = handlerContext
        while let (call, outcome) = batch.next() {
            let redacted = Redaction(secrets: Array(call.request.secrets.values)).apply(to: outcome)
            let now = clock()
            try finishStep(call.pending, instance: call.instance, outcome: redacted,
                           provenance: call.handler.contract.provenance, now: now)
            report.stepsRun += 1
            made[call.instance, default: 0] += 1
            guard made[call.instance, default: 0] < Self.callsPerInstanceAndTick else { continue }
            batch.add(try prepareCalls(of: call.instance, now: now, skipping: batch.keys, context: context, report: &report))
        }
    }

    private func makeRequest(_ pending: PendingStep, instance: InstanceState, contract: HandlerContract,
                             context: HandlerContext) throws(StepFailure) -> StepRequest {
        let visit = instance.scopes.indices.contains(pending.scope) ? instance.scopes[pending.scope].current?.visit ?? 0 : 0
        let secrets = try secretValues(for: contract, arguments: pending.arguments)
        let record = contract.needsRecord ? try instanceRecord(instance) : nil
        return StepRequest(key: pending.key, operationKey: pending.operationKey(visit: visit), instance: instance.id,
                           workflow: instance.workflowID, state: pending.state, attempt: pending.attempt,
                           arguments: pending.arguments, places: handlerPlaces,
                           deadline: ContinuousClock.now + contract.timeout, record: record, secrets: secrets,
                           context: context)
    }

    /// The roster, the channels and the handlers, as built-ins are given them.
    var handlerContext: HandlerContext {
        let roster = project.roster.map { roster in
            HandlerRoster(people: roster.people.values.map {
                HandlerRoster.Person(id: $0.id, name: $0.name, email: $0.email, phone: $0.phone)
            }, roles: roster.roles.mapValues(\.members))
        }
        return HandlerContext(roster: roster, channels: project.config.channels, handlers: handlers)
    }

    var handlerPlaces: HandlerPlaces {
        HandlerPlaces(outbox: folders.outbox, ledger: folders.ledger, documents: folders.documents,
                      templates: project.path(project.config.templates), work: folders.work)
    }

    func finishStep(_ step: PendingStep, instance: String, outcome: StepOutcome, provenance: String?,
                    now: Instant) throws(EngineError) {
        let event: CoreEvent
        let status: StepStatus
        switch outcome.result {
        case .success(let output):
            event = .handlerSucceeded(step: step.key, output: output)
            status = .done
        case .failure(let failure):
            event = .handlerFailed(step: step.key, kind: failure.kind, message: failure.message,
                                   retryable: failure.retryable ? nil : false)
            status = .failed
        }
        var details = EntryDetails()
        details.handler = provenance
        details.logs = outcome.logs.isEmpty ? nil : outcome.logs.map { "\($0.level.rawValue): \($0.message)" }
        // What the call told people goes with its result, first among the entry's notices,
        // to the outbox and each person's `notices` like every other notice.
        if case .success = outcome.result, !outcome.notices.isEmpty {
            details.notices = outcome.notices.map {
                Notice(people: $0.people, subject: $0.subject, body: $0.body, reason: step.handler)
            }
        }
        do {
            try rawWrite { tx in
                _ = try tx.removeMeta("calling:" + step.key)
                _ = try tx.removeMeta("running:" + step.key)
                guard try tx.finishStep(key: step.key, status: status, at: now.millisecondsSinceEpoch, result: nil) else { return }
                try deliver(event, to: instance, actor: engineActor, now: now, tx: tx, details: details)
            }
        } catch is EngineRefusal {
            return
        } catch {
            throw Self.storeError(error)
        }
    }
}
