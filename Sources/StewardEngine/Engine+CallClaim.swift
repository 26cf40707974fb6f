import Foundation
import StewardCore
import StewardStore
import StewardTime

extension Engine {
    /// What a tick may do with a non-idempotent step it found waiting.
    enum CallClaim: Equatable {
        /// This tick marked it and makes the call.
        case claimed
        /// A live process on this machine marked it and is making the call now.
        case inProgress
        /// It was marked by a process that is gone: a crash came between call and result, and
        /// it was flagged for a person (guarantee 5).
        case flagged
        /// Its result is recorded already.
        case finished
    }

    /// Checks and sets the "calling" mark of a non-idempotent step in one write transaction, so
    /// two overlapping ticks can never both make the call. The mark names the process
    /// (`pid host time`), so a mark left by a live tick is told from one left by a crash.
    func claimCall(_ step: PendingStep, instance: InstanceState, now: Instant) throws(EngineError) -> CallClaim {
        let marker = "calling:" + step.key
        return try write { tx -> CallClaim in
            guard let row = try tx.loadStepForUpdate(key: step.key), row.status == .intent else { return .finished }
            if let mark = try tx.meta(marker) {
                if Self.markIsLive(mark, host: identity.host, now: now) { return .inProgress }
                try flag(step, instance: instance, now: now, tx: tx)
                return .flagged
            }
            try tx.setMeta(marker, "\(getpid()) \(identity.host) \(now.millisecondsSinceEpoch)")
            return .claimed
        }
    }

    /// Whether a "calling" mark was set by a process still running. On this machine the
    /// process is looked up; a mark from another machine (workers on several machines share a
    /// PostgreSQL store) is taken as live for `Engine.foreignMarkLife` after it was set, time
    /// enough for any call to end. A mark from an older Steward (only a time) is taken as left
    /// by a crash.
    static func markIsLive(_ mark: String, host: String, now: Instant) -> Bool {
        let parts = mark.split(separator: " ", maxSplits: 2)
        guard parts.count == 3, let pid = pid_t(parts[0]), pid > 0 else { return false }
        guard parts[1] == host else {
            guard let set = Int64(parts[2]) else { return false }
            return now.millisecondsSinceEpoch - set < foreignMarkLife
        }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// How long a mark set on another machine is taken as live (milliseconds): 15 minutes.
    static let foreignMarkLife: Int64 = 15 * 60 * 1000

    /// A non-idempotent step whose result was lost: a person must decide (guarantee 5).
    func flag(_ step: PendingStep, instance: InstanceState, now: Instant, tx: WriteTransaction) throws {
        _ = try tx.removeMeta("calling:" + step.key)
        guard try tx.finishStep(key: step.key, status: .flagged, at: now.millisecondsSinceEpoch, result: nil) else { return }
        _ = try tx.clearReady(instance: instance.id)
        var details = EntryDetails()
        details.step = step.key
        details.handler = step.handler
        details.message = "the step may or may not have run before a crash; an admin checks, then "
            + "'steward resolve \(instance.id) --outcome succeeded|failed --reason …'"
        try appendNote("step-flagged", instance: instance.id, definition: instance.definitionHash, states: step.state,
                       actor: engineActor, details: details, at: now, tx: tx)
    }

    /// On a shared store, takes an idempotent step for this worker: locks its row, passing
    /// over one another worker is deciding about, and marks it "running" unless a mark younger
    /// than `foreignMarkLife` is there. False: another worker has it. A mark outlives a worker
    /// that died mid-call only that long; then the step is called again, which an idempotent
    /// handler allows. The result's transaction removes the mark.
    func claimSharedCall(_ step: PendingStep, now: Instant) throws(EngineError) -> Bool {
        let marker = "running:" + step.key
        return try write { tx -> Bool in
            guard try tx.lockPendingStep(key: step.key) else { return false }
            if let mark = try tx.meta(marker), let set = mark.split(separator: " ").last.flatMap({ Int64($0) }),
               now.millisecondsSinceEpoch - set < Self.foreignMarkLife {
                return false
            }
            try tx.setMeta(marker, "\(getpid()) \(identity.host) \(now.millisecondsSinceEpoch)")
            return true
        }
    }
}
