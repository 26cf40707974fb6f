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
    func persist(_ step: WorkflowMachine.Step, event: CoreEvent, before: InstanceRow?, actor: ActorIdentity,
                 now: Instant, tx: WriteTransaction, extra: EntryDetails = EntryDetails()) throws -> TrailEntry {
        let state = step.state
        let ms = now.millisecondsSinceEpoch
        let row = InstanceRow(id: state.id, workflowID: state.workflowID, definitionHash: state.definitionHash,
                              parentID: state.parent?.instance, status: Self.rowStatus(state.status),
                              state: try Self.encode(state), version: (before?.version ?? 0) + 1,
                              createdAt: before?.createdAt ?? ms, updatedAt: ms)
        if let before {
            try tx.updateInstance(row, expectedVersion: before.version)
        } else {
            try tx.insertInstance(row)
        }
        try tx.replaceTasks(forInstance: state.id, with: state.tasks.map { task in
            TaskRow(id: task.id, instanceID: state.id, state: task.state, title: task.title, assignees: task.assignees,
                    roles: task.roles, openedAt: task.openedAt.millisecondsSinceEpoch,
                    dueAt: task.dueAt?.millisecondsSinceEpoch, status: .open)
        })
        try tx.replaceTimers(forInstance: state.id, with: state.timers.map { timer in
            TimerRow(id: timer.id, instanceID: state.id, kind: timer.kind.rawValue, dueAt: timer.at.millisecondsSinceEpoch)
        })
        var notices: [Notice] = []
        for effect in step.effects {
            switch effect {
            case .callHandler(let pending):
                try tx.recordIntent(StepRow(key: pending.key, instanceID: state.id, state: pending.state,
                                            handler: pending.handler, attempt: pending.attempt, startedAt: ms))
            case .notify(let notice):
                notices.append(notice)
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
        let entry = try tx.appendTrail(TrailEntry(
            seq: 0, at: ms, instance: state.id, definition: state.definitionHash, event: Self.entryName(event, step),
            fromState: before.flatMap { try? Self.decode($0).currentStates.joined(separator: ",") } ?? "",
            toState: state.status == .running ? state.currentStates.joined(separator: ",") : state.status.rawValue,
            person: actor.person ?? "", account: actor.account, host: actor.host, engineVersion: version,
            details: details.json, previousHash: ""))
        for notice in notices { pendingNotices.append((entry.seq, notice)) }
        try followEffects(step, now: now, tx: tx)
        return entry
    }

    /// Children started by `workflow` states, and parents told when a child ends, in the same transaction.
    private func followEffects(_ step: WorkflowMachine.Step, now: Instant, tx: WriteTransaction) throws {
        for effect in step.effects {
            switch effect {
            case let .startChild(workflow, inputs, parent):
                try startInstance(workflow: workflow, inputs: inputs, parent: parent, actor: engineActor, now: now, tx: tx)
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

    var engineActor: ActorIdentity { ActorIdentity.engine(account: identity.account, host: identity.host) }

    /// Applies an event to a stored instance in `tx`; refusals are recorded and rethrown.
    @discardableResult
    func deliver(_ event: CoreEvent, to id: String, actor: ActorIdentity, now: Instant,
                 tx: WriteTransaction) throws -> (InstanceState, TrailEntry) {
        guard let row = try tx.loadInstance(id: id) else { throw EngineError(.notFound, "no instance '\(id)'") }
        let state = try Self.decode(row)
        let machine = try machine(hash: row.definitionHash, in: tx)
        let step: WorkflowMachine.Step
        do {
            step = try machine.apply(event, to: state, now: now)
        } catch {
            throw EngineRefusal(refusal: error, instance: state, event: event)
        }
        let entry = try persist(step, event: event, before: row, actor: actor, now: now, tx: tx)
        return (step.state, entry)
    }

    static func rowStatus(_ status: StewardCore.InstanceStatus) -> StewardStore.InstanceStatus {
        StewardStore.InstanceStatus(rawValue: status.rawValue) ?? .running
    }

    static func entryName(_ event: CoreEvent, _ step: WorkflowMachine.Step) -> String {
        if case .acted(let task, _, _, _, _, _) = event, step.state.tasks.contains(where: { $0.id == task }) {
            return "voted"
        }
        return event.name
    }

    /// Writes the messages of a committed transaction into the outbox (one file each).
    func flushNotices() {
        let notices = pendingNotices
        pendingNotices = []
        guard !notices.isEmpty else { return }
        let folder = project.path(project.config.outbox)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (index, (seq, notice)) in notices.enumerated() {
            let text = "to: \(notice.people.joined(separator: ", "))\nsubject: \(notice.subject)\nreason: \(notice.reason)\n\n\(notice.body)\n"
            let file = folder.appendingPathComponent(String(format: "%08lld-%02d-%@.txt", seq, index, notice.reason))
            try? Data(text.utf8).write(to: file, options: .atomic)
        }
    }
}

/// A refusal by the rules, carried out of a transaction so the caller can record it.
struct EngineRefusal: Error {
    let refusal: Refusal
    let instance: InstanceState
    let event: CoreEvent
}
