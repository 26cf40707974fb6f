import StewardCore
import StewardExpressions
import StewardStore

/// What an admin found a flagged step did.
public enum ResolvedOutcome: String, Sendable, CaseIterable {
    /// It ran: the instance goes on as after the handler's success, with the given output.
    case succeeded
    /// It did not (or failed): the instance goes on as after a failure of kind `resolved-failed`,
    /// its `retry:` and `catch:` applying as to any failure.
    case failed
}

/// A step a crash left flagged: work for an admin (`steward tasks`), until `steward resolve`.
public struct FlaggedStep: Sendable, Equatable {
    public let instance: String
    public let workflow: String
    public let state: String
    /// The step's idempotency key.
    public let step: String
    public let handler: String
    /// When it was flagged (UTC milliseconds).
    public let flaggedAt: Int64?
}

extension Engine {
    /// The failure kind `steward resolve --outcome failed` gives the step.
    public static let resolvedFailedKind = "resolved-failed"

    /// The flagged steps of running instances, oldest first.
    public func flaggedSteps(limit: Int = 1000) throws(EngineError) -> [FlaggedStep] {
        try read { tx in try tx.flaggedSteps(limit: limit) }.map { row, workflow in
            FlaggedStep(instance: row.instanceID, workflow: workflow, state: row.state, step: row.key, handler: row.handler,
                        flaggedAt: row.finishedAt)
        }
    }

    /// `steward resolve`: a roster admin says what a flagged step did, after checking (did the
    /// payment go out, was the mail sent?), and the instance goes on from there. The trail entry
    /// is the handler's result as the admin gave it, with who and why. Refusals (not an admin,
    /// no step flagged) are recorded like any other.
    public func resolve(instance id: String, state: String?, outcome: ResolvedOutcome, output: ExpressionObject,
                        reason: String, actor: ActorIdentity) throws(EngineError) -> InstanceState {
        guard let admin = actor.person else {
            throw EngineError(.usage, "say who is resolving: --as PERSON (one of the roster's admins)")
        }
        let now = clock()
        return try writeRecordingRefusals(actor: actor, now: now) { tx in
            guard let current = try tx.loadInstance(id: id) else {
                throw EngineError(.notFound, "no instance '\(id)'; 'steward status' lists them")
            }
            let decoded = try Self.decode(current)
            let flagged = try tx.steps(forInstance: id).filter { row in
                row.status == .flagged && (state == nil || row.state == state) && decoded.steps.contains { $0.key == row.key }
            }
            let event = Self.resolution(of: flagged.first?.key ?? "", outcome: outcome, output: output, reason: reason)
            do throws(EngineError) {
                guard project.roster?.admins.contains(admin) == true else {
                    throw EngineError(.refused, "only the roster's admins may resolve a flagged step; \(admin) is not one",
                                      reason: "not-admin")
                }
                try Self.checkOne(flagged, instance: decoded, state: state)
            } catch {
                guard error.kind == .refused || error.kind == .conflict else { throw error }
                throw EarlyRefusal(error: error, instance: decoded, event: event)
            }
            let step = flagged[0]
            guard try tx.resolveFlaggedStep(key: step.key, status: outcome == .succeeded ? .done : .failed,
                                            at: now.millisecondsSinceEpoch) else {
                throw EngineError(.conflict, "step \(step.key) was resolved meanwhile; 'steward status \(id)' shows where it is")
            }
            var details = EntryDetails()
            details.step = step.key
            details.message = "\(admin) resolved the flagged step '\(step.state)' (\(step.handler)) as \(outcome.rawValue): \(reason)"
            return try deliver(event, to: id, actor: actor, now: now, tx: tx, known: (current, decoded), details: details).0
        }
    }

    /// Exactly one flagged step must be meant: none is a conflict (4), several need `--state`.
    private static func checkOne(_ flagged: [StepRow], instance: InstanceState, state: String?) throws(EngineError) {
        if flagged.count > 1 {
            throw EngineError(.usage, "several steps of \(instance.id) are flagged (\(flagged.map(\.state).joined(separator: ", "))); "
                + "name one with --state")
        }
        guard flagged.isEmpty else { return }
        let which = state.map { "state '\($0)' of \(instance.id) has no flagged step" } ?? "no step of \(instance.id) is flagged"
        let ended = instance.status == .running ? "" : " (the instance is \(instance.status.rawValue))"
        throw EngineError(.conflict, "\(which)\(ended); only a step a crash left flagged can be resolved, "
            + "and 'steward tasks' lists those for the admins", reason: "not-flagged")
    }

    private static func resolution(of step: String, outcome: ResolvedOutcome, output: ExpressionObject,
                                   reason: String) -> CoreEvent {
        switch outcome {
        case .succeeded: .handlerSucceeded(step: step, output: .object(output))
        case .failed: .handlerFailed(step: step, kind: resolvedFailedKind, message: reason, retryable: nil)
        }
    }
}
