import Foundation
import StewardCore
import StewardExpressions
import StewardModel
import StewardStore
import StewardTime

extension Engine {
    /// Starts instances for cron `schedule:` entries that came due since the last tick.
    ///
    /// After downtime, `catch_up: once` (the default) starts one instance for all missed
    /// times, `skip` starts none until the next time, `all` starts one per missed time (at
    /// most 100). The last fire time is stored with the start, in the same transaction, so
    /// concurrent ticks start each fire once.
    func startScheduled(now: Instant, report: inout TickReport) throws(EngineError) {
        // Every file, not only those that read: a file an edit broke must be reported, since
        // its schedule silently stopping is what an office would not notice for weeks.
        // The system failing to list or read them is not a broken file: the tick stops (5) and
        // the next one follows the schedules it could not read.
        let folder = project.workflowsFolder
        var byID: [String: CompiledWorkflow] = [:]
        for name in try Project.names(in: folder).sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            do {
                let compiled = try project.compile(file: folder.appendingPathComponent(name), handlers: handlers)
                byID[compiled.workflow.id.value] = compiled
            } catch {
                if error.kind == .store { throw error }
                report.brokenWorkflows.append(name)
            }
        }
        for (id, compiled) in byID.sorted(by: { $0.key < $1.key }) where !compiled.workflow.schedule.isEmpty {
            let zone = compiled.workflow.timezone.flatMap { TimeZone(identifier: $0.value) } ?? project.zone
            for (index, entry) in compiled.workflow.schedule.enumerated() {
                try write { tx in
                    guard let last = try tx.lastFire(workflow: id, entry: index) else {
                        // First sight of this entry: remember now, start nothing for the past.
                        try tx.setLastFire(workflow: id, entry: index, at: now.millisecondsSinceEpoch)
                        return
                    }
                    var fires: [Instant] = []
                    var cursor = Instant(millisecondsSinceEpoch: last)
                    while fires.count < 101, let next = entry.cron.next(after: cursor, in: zone), next <= now {
                        fires.append(next)
                        cursor = next
                    }
                    guard let latest = fires.last else { return }
                    let starts: [Instant]
                    switch project.config.catchUp {
                    case .once: starts = [latest]
                    case .skip: starts = fires.count == 1 ? fires : []
                    case .all: starts = Array(fires.prefix(100))
                    }
                    for at in starts {
                        var inputs: ExpressionObject = [:]
                        for (name, text) in entry.inputs {
                            let context = EvaluationContext(instanceID: "", now: at)
                            inputs[name] = (try? text.template?.evaluate(in: context)) ?? .string(text.raw)
                        }
                        _ = try? tx.insertDefinition(DefinitionRow(hash: compiled.sourceHash, workflowID: id,
                                                                   source: compiled.source, createdAt: now.millisecondsSinceEpoch))
                        try startInstance(workflow: id, inputs: inputs, parent: nil, actor: engineActor, now: now, tx: tx,
                                          compiled: compiled)
                        report.started += 1
                    }
                    try tx.setLastFire(workflow: id, entry: index, at: latest.millisecondsSinceEpoch)
                }
            }
        }
    }
}
