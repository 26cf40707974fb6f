import Foundation
import StewardAudit
import StewardCore
import StewardExpressions
import StewardModel
import StewardStore
import StewardTime

extension Engine {
    /// Writes what one event did: instance row (version-checked), tasks, timers, step
    /// intents, the ready mark, and the trail entry, all in the caller's transaction.
    @discardableResult
    func persist(_ step: WorkflowMachine.Step, event: CoreEvent, before previous: (row: InstanceRow, state: InstanceState)?,
                 actor: ActorIdentity, now: Instant, tx: WriteTransaction,
                 extra: EntryDetails = EntryDetails()) throws -> TrailEntry {
        let state = step.state
        let before = previous?.row
        let ms = now.millisecondsSinceEpoch
        let row = InstanceRow(id: state.id, workflowID: state.workflowID, definitionHash: state.definitionHash,
                              parentID: state.parent?.instance, status: Self.rowStatus(state.status),
                              state: try Self.encode(state), version: (before?.version ?? 0) + 1,
                              createdAt: before?.createdAt ?? ms, updatedAt: ms, environment: project.environmentHash)
        if let before {
            try tx.updateInstance(row, expectedVersion: before.version)
        } else {
            try tx.insertInstance(row)
        }
        try writeTasks(of: state, previous: previous?.state, tx: tx)
        try writeTimers(of: state, previous: previous?.state, tx: tx)
        // Notices the caller brings (a `notify` step's message) come first, then the core's.
        var notices: [Notice] = extra.notices ?? []
        for effect in step.effects {
            switch effect {
            case .callHandler(let pending):
                try tx.recordIntent(StepRow(key: pending.key, instanceID: state.id, state: pending.state,
                                            handler: pending.handler, attempt: pending.attempt, startedAt: ms))
            case .notify(let notice):
                notices.append(notice)
            case .awaitCalendar:
                // Looked at by each tick once the calendars in force differ from these.
                try tx.setMeta(Self.calendarGapKey + state.id, project.environmentHash)
            default:
                break
            }
        }
        if state.steps.isEmpty || state.status != .running {
            _ = try tx.clearReady(instance: state.id)
        } else {
            try tx.markReady(instance: state.id, since: ms)
        }
        var details = extra
        details.event = event
        details.notes = step.notes
        details.notices = notices.isEmpty ? nil : notices
        details.onBehalfBy = actor.onBehalfBy
        details.clock = clockNote
        // The roster and calendars are named when they differ from those of the instance's
        // previous event (always on its first); replay carries them forward.
        if before?.environment != project.environmentHash {
            details.environment = try recordEnvironment(now: now, tx: tx)
        }
        let entry = try tx.appendTrail(TrailEntry(
            seq: 0, at: ms, instance: state.id, definition: state.definitionHash, event: Self.entryName(event, step),
            fromState: previous?.state.currentStates.joined(separator: ",") ?? "",
            toState: state.status == .running ? state.currentStates.joined(separator: ",") : state.status.rawValue,
            person: actor.person ?? "", account: actor.account, host: actor.host, engineVersion: version,
            details: try Self.text(of: details), previousHash: ""))
        pendingNotices += notices.enumerated().map { OutboxNotice(chain: entry.chain, seq: entry.seq, index: $0.offset + 1,
                                                                   notice: $0.element) }
        try followEffects(step, now: now, tx: tx)
        return entry
    }

    /// Children started by `workflow` states, and parents told when a child ends, in the same transaction.
    private func followEffects(_ step: WorkflowMachine.Step, now: Instant, tx: WriteTransaction) throws {
        for effect in step.effects {
            switch effect {
            case let .startChild(workflow, inputs, parent):
                try startInstance(workflow: workflow, inputs: inputs, parent: parent, actor: engineActor, now: now, tx: tx)
            case .cancelChild(let link):
                // When the whole instance ends, `.finish` below cancels every child, saying so.
                guard step.state.status == .running else { continue }
                for child in try tx.childInstances(of: link.instance) where child.status == .running {
                    guard try Self.decode(child).parent == link else { continue }
                    do {
                        try deliver(.cancelled(reason: "its parent \(link.instance) left '\(link.state)' without it", by: nil),
                                    to: child.id, actor: engineActor, now: now, tx: tx)
                    } catch is EngineRefusal {
                        continue
                    }
                }
            case .finish(let status):
                // Children still running when their parent ends are cancelled with it.
                for child in try tx.childInstances(of: step.state.id) where child.status == .running {
                    do {
                        try deliver(.cancelled(reason: "its parent \(step.state.id) ended \(status.rawValue)", by: nil),
                                    to: child.id, actor: engineActor, now: now, tx: tx)
                    } catch is EngineRefusal {
                        continue
                    }
                }
                guard let parent = step.state.parent, let outcome = Outcome(rawValue: status.rawValue) else { continue }
                do {
                    try deliver(.childFinished(scope: parent.scope, state: parent.state, child: step.state.id,
                                               outcome: outcome, outputs: step.state.outputs),
                                to: parent.instance, actor: engineActor, now: now, tx: tx)
                } catch is EngineRefusal {
                    // The parent no longer waits (it ended or moved on): the child still ends.
                    continue
                }
            default:
                continue
            }
        }
    }

    /// The project's environment hash, its snapshot stored in `tx` unless this engine already
    /// stored it in a committed transaction.
    func recordEnvironment(now: Instant, tx: WriteTransaction) throws -> String {
        let hash = project.environmentHash
        if !environmentStored {
            try tx.insertEnvironment(hash: hash, source: project.environment.source, createdAt: now.millisecondsSinceEpoch)
            environmentPending = true
        }
        return hash
    }

    var engineActor: ActorIdentity { ActorIdentity.engine(account: identity.account, host: identity.host) }

    /// Appends an entry that records something other than an applied event (a refusal, a
    /// flagged step, a timer set aside): the clock note and engine version are added here.
    /// Its notices go to the outbox once the transaction commits.
    func appendNote(_ event: String, instance: String, definition: String, states: String, actor: ActorIdentity,
                    details: EntryDetails, at now: Instant, tx: WriteTransaction) throws {
        var details = details
        details.clock = clockNote
        let entry = try tx.appendTrail(TrailEntry(
            seq: 0, at: now.millisecondsSinceEpoch, instance: instance, definition: definition, event: event,
            fromState: states, toState: states, person: actor.person ?? "", account: actor.account, host: actor.host,
            engineVersion: version, details: try Self.text(of: details), previousHash: ""))
        pendingNotices += (details.notices ?? []).enumerated().map {
            OutboxNotice(chain: entry.chain, seq: entry.seq, index: $0.offset + 1, notice: $0.element)
        }
    }

    /// The details' canonical text; what cannot be written stops the transaction, so an entry
    /// never goes into the trail without its details.
    static func text(of details: EntryDetails) throws(EngineError) -> String {
        do {
            return try details.json()
        } catch {
            throw EngineError(.checkFailed, "the event could not be recorded: \(error.description); nothing changed")
        }
    }

    /// Applies an event to a stored instance in `tx`; refusals are recorded and rethrown.
    @discardableResult
    func deliver(_ event: CoreEvent, to id: String, actor: ActorIdentity, now: Instant, tx: WriteTransaction,
                 known: (row: InstanceRow, state: InstanceState)? = nil,
                 details: EntryDetails = EntryDetails()) throws -> (InstanceState, TrailEntry) {
        // An instance already read in this transaction need not be read and decoded again.
        let row: InstanceRow
        let state: InstanceState
        if let known, known.row.id == id {
            (row, state) = known
        } else {
            guard let loaded = try tx.loadInstance(id: id) else { throw EngineError(.notFound, "no instance '\(id)'") }
            (row, state) = (loaded, try Self.decode(loaded))
        }
        let machine = try machine(hash: row.definitionHash, in: tx)
        let step: WorkflowMachine.Step
        do {
            step = try machine.apply(event, to: state, now: now)
        } catch {
            throw EngineRefusal(refusal: error, instance: state, event: machine.recordable(event, in: state))
        }
        let entry = try persist(step, event: step.recorded ?? event, before: (row, state), actor: actor, now: now, tx: tx, extra: details)
        return (step.state, entry)
    }

    static func rowStatus(_ status: StewardCore.InstanceStatus) -> StewardStore.InstanceStatus {
        StewardStore.InstanceStatus(rawValue: status.rawValue) ?? .running
    }

    static func entryName(_ event: CoreEvent, _ step: WorkflowMachine.Step) -> String {
        if case .acted(let task, _, _, _, _, _) = event, step.state.tasks.contains(where: { $0.id == task }) {
            return "voted"
        }
        // A secret ballot's vote: `voted` until the vote that counts the ballots.
        if case .ballotCast(_, _, _, let tally) = event { return tally == nil ? "voted" : "acted" }
        return event.name
    }

    /// Only the tasks that changed are written: an event usually touches one task, if any.
    private func writeTasks(of state: InstanceState, previous: InstanceState?, tx: WriteTransaction) throws {
        let old = Dictionary((previous?.tasks ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let current = Set(state.tasks.map(\.id))
        for id in old.keys where !current.contains(id) { try tx.closeTask(id: id) }
        // Votes are not in the row: a vote that does not decide the task writes nothing here.
        for task in state.tasks {
            let rewritten = !Self.sameRow(old[task.id], task)
            if rewritten {
                try tx.upsertTask(TaskRow(id: task.id, instanceID: state.id, state: task.state, title: task.title,
                                          assignees: task.assignees, roles: task.roles,
                                          openedAt: task.openedAt.millisecondsSinceEpoch,
                                          dueAt: task.dueAt?.millisecondsSinceEpoch, status: .open))
            }
            // Whoever has voted no longer finds the task waiting in their inbox.
            let before = rewritten ? [] : Set(old[task.id]?.voters ?? [])
            for person in task.voters where !before.contains(person) { try tx.leaveInbox(task: task.id, person: person) }
        }
    }

    /// Whether `old` and `new` store the same task row (what the inbox and the deadline scan read).
    private static func sameRow(_ old: OpenTask?, _ new: OpenTask) -> Bool {
        guard let old else { return false }
        return old.state == new.state && old.title == new.title && old.assignees == new.assignees && old.roles == new.roles
            && old.openedAt == new.openedAt && old.dueAt == new.dueAt
    }

    /// Only the timers that were set or cleared are written.
    private func writeTimers(of state: InstanceState, previous: InstanceState?, tx: WriteTransaction) throws {
        let old = Set((previous?.timers ?? []).map(\.id))
        let current = Set(state.timers.map(\.id))
        for id in old where !current.contains(id) { _ = try tx.deleteTimer(id: id) }
        for timer in state.timers where !old.contains(timer.id) {
            try tx.setTimer(TimerRow(id: timer.id, instanceID: state.id, kind: timer.kind.rawValue,
                                     dueAt: timer.at.millisecondsSinceEpoch))
        }
    }
}

/// A refusal by the rules, carried out of a transaction so the caller can record it.
struct EngineRefusal: Error {
    let refusal: Refusal
    let instance: InstanceState
    let event: CoreEvent

    /// The event came too late (the timer or step is gone, the instance ended): dropping it
    /// loses nothing. A refusal of the workflow's own (a calendar without the year) is not.
    var isStale: Bool { [.conflict, .finished, .notFound].contains(refusal.kind) }
}
