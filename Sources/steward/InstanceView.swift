import Foundation
import StewardCore
import StewardExpressions
import StewardTime

/// An instance as `status` and `--json` show it.
struct InstanceView: Encodable {
    struct TaskView: Encodable {
        let id: String
        let state: String
        let title: String
        let assignees: [String]
        let due: String?
        let overdue: Bool
        let votes: [String]
    }

    let id: String
    let workflow: String
    let definition: String
    let status: String
    let states: [String]
    let tasks: [TaskView]
    let started: String
    /// Typed as the workflow declares them (`TypedValue`): 2026 is a number, a list an array.
    let inputs: [String: TypedValue]
    let outputs: [String: TypedValue]
    let reason: String?

    init(_ s: InstanceState, zone: TimeZone) {
        id = s.id
        workflow = s.workflowID
        definition = s.definitionHash
        status = s.status.rawValue
        states = s.currentStates
        tasks = s.tasks.map {
            TaskView(id: $0.id, state: $0.state, title: $0.title, assignees: $0.assignees,
                     due: $0.dueAt?.iso8601(in: zone), overdue: $0.overdue, votes: $0.votes.map { $0.isSealed ? "\($0.person): 已投票" : "\($0.person): \($0.action)" })
        }
        started = s.startedAt.iso8601(in: zone)
        inputs = TypedValue.object(s.inputs, zone: zone)
        outputs = TypedValue.object(s.outputs, zone: zone)
        reason = s.reason
    }

    /// Every line shown safely (`Display.shown`): titles, reasons, votes and outputs come from people.
    func text(_ display: Display) -> String {
        var lines = ["\(id)  \(workflow)  \(status)", "  definition: \(definition.prefix(12))  started: \(Display.moment(started))"]
        if !states.isEmpty { lines.append("  now in: \(states.joined(separator: ", "))") }
        let shared = Display.sharedStates(tasks.map { (id, $0.state) })
        for task in tasks {
            let handle = shared.contains(Display.Key(instance: id, state: task.state)) ? " [\(Display.handle(task.id, in: id))]" : ""
            lines.append("  task \(task.state)\(handle) 「\(task.title)」 for \(display.people(task.assignees))"
                + Display.due(task.due, overdue: task.overdue))
            if !task.votes.isEmpty { lines.append("    so far: \(task.votes.joined(separator: "; "))") }
        }
        if let reason { lines.append("  reason: \(reason)") }
        for (key, value) in outputs.sorted(by: { $0.key < $1.key }) { lines.append("  output \(key): \(value.value.text)") }
        return lines.map(Display.shown).joined(separator: "\n") + "\n"
    }
}
