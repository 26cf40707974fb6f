import Foundation
import StewardAudit
import StewardCore
import StewardExpressions
import StewardModel
import StewardPlugins
import StewardStore
import StewardTime

/// What one tick did.
public struct TickReport: Sendable, Equatable {
    public var timersFired = 0
    public var stepsRun = 0
    public var started = 0
    /// Timers another tick took first, and events refused as stale.
    public var skipped = 0
    public var flagged = 0
    /// Timers whose own instance could not apply them this time (recorded; tried again next tick).
    public var failed = 0
    /// Timers that failed `Engine.timerFailureBudget` times and were set aside with a trail
    /// entry and a notice to the admins, until `steward retry` puts them back.
    public var setAside = 0
    /// Workflow files that do not compile, so any schedule in them is not followed.
    public var brokenWorkflows: [String] = []
    /// The checkpoint file written because `checkpoints:` in steward.yaml asked for one now.
    public var checkpointFile: String?
    /// Why the checkpoint asked for could not be written or recorded (the tick's other work stands).
    public var checkpointFailure: EngineError?

    /// Instances whose tasks waited for calendar data, sent `calendarUpdated` after it changed.
    public var deadlinesPlaced = 0
    /// Notices written to the outbox again, after the process that committed them did not.
    public var noticesRewritten = 0

    /// Whether anything this tick did was committed.
    var hasCommitted: Bool { timersFired + stepsRun + started + failed + setAside + flagged + deadlinesPlaced + noticesRewritten > 0 }

    /// `3 timers, 1 step, 0 started`, with failures and flags when there are any.
    public var counts: String {
        var parts = ["\(timersFired) timers", "\(stepsRun) steps", "\(started) started"]
        if failed > 0 { parts.append("\(failed) timers failed (tried again next tick)") }
        if setAside > 0 { parts.append("\(setAside) timers set aside (see 'steward retry')") }
        if flagged > 0 { parts.append("\(flagged) steps flagged for a person") }
        if deadlinesPlaced > 0 { parts.append("deadlines placed in \(deadlinesPlaced) instances") }
        if noticesRewritten > 0 { parts.append("\(noticesRewritten) notices written to the outbox again") }
        return parts.joined(separator: ", ")
    }

    /// The line `tick` prints.
    public var summary: String { "tick: " + counts }
}

extension Engine {
    /// One pass of the cron loop: due timers, pending handler calls, scheduled starts, and the
    /// checkpoint steward.yaml asks for, when one is due.
    ///
    /// Work is found through indexes (due timers by time, ready instances), so a tick over a
    /// million idle instances costs about what it costs over a thousand (guarantee 7).
    ///
    /// Each piece of work commits on its own; when the store fails part way (the disk full, a
    /// lock held too long), the error says what this tick had committed before it stopped.
    /// Last, it writes the notices that processes committed but did not get into the outbox; an
    /// outbox that cannot be written stops the tick there (5), with the work done kept.
    public func tick(batch: Int = 256, maxEvents: Int = 100_000) throws(EngineError) -> TickReport {
        let now = clock()
        var report = TickReport()
        var singleton = false
        do throws(EngineError) {
            // Steps waiting from before are called first and run while timers fire; the steps
            // the timers start join them. Results are recorded as they come, so a slow handler
            // holds up only its own step, never the timers or the other calls.
            let calls = CallBatch(limit: project.config.stepConcurrency)
            calls.add(try prepareCalls(now: now, report: &report))
            do throws(EngineError) {
                try fireTimers(now: now, batch: batch, maxEvents: maxEvents, report: &report)
                calls.add(try prepareCalls(now: now, skipping: calls.keys, report: &report))
            } catch {
                // What was called is recorded even so: a result dropped here would be called again.
                try collect(calls, report: &report)
                throw error
            }
            try collect(calls, report: &report)
            // Work for one worker at a time: whoever holds the lease does it this tick.
            singleton = try holdsTickLease(now: now)
            if singleton {
                if followsSchedules { try startScheduled(now: now, report: &report) }
                report.deadlinesPlaced = try placeWaitingDeadlines(now: now)
            }
            report.noticesRewritten = try repairOutbox(now: now)
        } catch {
            guard report.hasCommitted else { throw error }
            throw EngineError(error.kind, "\(error.message); before that, this tick committed: \(report.counts)", reason: error.reason)
        }
        // Last, so that it covers what this tick did; a failure here undoes none of it.
        if singleton {
            do { report.checkpointFile = try autoCheckpoint(now: now) } catch { report.checkpointFailure = error }
        }
        return report
    }

    private func fireTimers(now: Instant, batch: Int, maxEvents: Int, report: inout TickReport) throws(EngineError) {
        var handled = 0
        while handled < maxEvents {
            let due = try read { tx in try tx.dueTimers(at: now.millisecondsSinceEpoch, limit: batch) }
            if due.isEmpty { return }
            var fired = 0
            var skipped = 0
            if store.isShared {
                // A shared store fires each timer in a transaction of its own: a worker then
                // holds one family's rows (and one trail chain) at a time, never several.
                // Every worker reads the same due timers; each goes through them in its own
                // order, so that they seldom reach for the same one at once.
                (fired, skipped) = try fireOneByOne(due.shuffled(), now: now, report: &report)
            } else {
                // One transaction per batch; each timer is claimed by deleting it, so a timer
                // another tick already took is skipped and none fires twice.
                do {
                    try rawWrite { tx in
                        for timer in due {
                            guard try tx.claimTimer(id: timer.id) else { skipped += 1; continue }
                            do {
                                try deliver(.timerFired(timer: timer.id), to: timer.instanceID, actor: engineActor, now: now, tx: tx)
                                fired += 1
                            } catch let refusal as EngineRefusal where refusal.isStale {
                                skipped += 1
                            }
                        }
                    }
                } catch {
                    // One timer the engine cannot apply must not stop everyone's: retry the batch
                    // one timer per transaction, and set aside the ones that still fail.
                    (fired, skipped) = try fireOneByOne(due, now: now, report: &report)
                }
            }
            report.timersFired += fired
            report.skipped += skipped
            handled += due.count
            // Every timer left was being fired by other workers: theirs, not ours to wait for.
            if store.isShared, fired == 0 { return }
            if due.count < batch { return }
        }
    }

    private func fireOneByOne(_ due: [TimerRow], now: Instant, report: inout TickReport) throws(EngineError) -> (Int, Int) {
        var fired = 0
        var skipped = 0
        for timer in due {
            do {
                let claimed = try rawWrite { tx -> Bool in
                    guard try tx.claimTimer(id: timer.id) else { return false }
                    do {
                        try deliver(.timerFired(timer: timer.id), to: timer.instanceID, actor: engineActor, now: now, tx: tx)
                    } catch let refusal as EngineRefusal where refusal.isStale {
                        return false
                    }
                    return true
                }
                if claimed { fired += 1 } else { skipped += 1 }
            } catch {
                let problem = Self.storeError(error)
                // The store failing (locked, full, I/O) says nothing about this timer: the tick
                // stops, and the timer stays for the next one.
                if problem.isStoreUnavailable { throw problem }
                // Another worker changed the instance meanwhile: the timer stays, for the next tick.
                if problem.kind == .conflict {
                    skipped += 1
                    continue
                }
                let reason = (error as? EngineRefusal)?.refusal.message ?? problem.message
                if try recordFailure(of: timer, because: reason, now: now) { report.setAside += 1 } else { report.failed += 1 }
            }
        }
        return (fired, skipped)
    }
}

extension Engine {
    /// How long a tick's lease on singleton work lasts: longer than a tick, short enough that
    /// another worker takes over soon after its holder stops.
    static let tickLeaseLife: Int64 = 60_000

    /// Whether this process holds (or now takes, or renews) the lease on work only one worker
    /// does at a time: scheduled starts, calendar deadlines, automatic checkpoints.
    func holdsTickLease(now: Instant) throws(EngineError) -> Bool {
        // The embedded store's ticks are kept apart by its lock file: no transaction needed.
        guard store.isShared else { return true }
        let holder = "\(getpid()) \(identity.host)"
        let ms = now.millisecondsSinceEpoch
        return try write { tx in
            try tx.takeLease("tick", holder: holder, now: ms, until: ms + Self.tickLeaseLife)
        }
    }
}
