import StewardCore
import StewardModel

/// What `steward tasks` shows of an open task besides its line: the task as the workflow
/// defines it (actions, form) and how it came to the people who hold it now.
public struct TaskDetails: Sendable {
    /// How the task reached its current people, when not as the workflow's `assignee` says.
    public enum HandOver: Sendable, Equatable {
        /// An admin handed it over (`steward reassign`), saying why.
        case reassigned(by: String)
        /// An `escalate` step of the task handed it over when it was late.
        case escalated
    }

    public let spec: TaskSpec
    public let task: OpenTask
    public let handOver: HandOver?
    /// The titles of the states the actions lead to, by state name (literal titles only).
    public let stateTitles: [String: String]
}

extension Engine {
    /// The open task `task` of `instance` with its definition; nil when it is no longer open.
    public func taskDetails(instance: String, task id: String) throws(EngineError) -> TaskDetails? {
        let state = try self.instance(instance)
        guard let task = state.tasks.first(where: { $0.id == id }) else { return nil }
        let compiled = try read { tx in try machine(hash: state.definitionHash, in: tx) }.workflow
        let states = compiled.flows.flatMap(\.states).map(\.state)
        guard let found = states.first(where: { $0.name == task.state }), case .task(let spec) = found.kind else { return nil }
        var titles: [String: String] = [:]
        for s in states {
            if let title = s.title, !title.isExpression { titles[s.name] = title.raw }
        }
        return TaskDetails(spec: spec, task: task, handOver: try handOver(of: task, spec: spec, instance: instance),
                           stateTitles: titles)
    }

    /// Read from the trail only when the task's people differ from what its `assignee` gives.
    private func handOver(of task: OpenTask, spec: TaskSpec, instance: String) throws(EngineError) -> TaskDetails.HandOver? {
        switch spec.assignee {
        case .role(let role) where task.roles == [role.value]: return nil
        case .person(let person) where task.assignees == [person.value] && task.roles.isEmpty: return nil
        default: break  // a person an expression named: only the trail tells
        }
        var found: TaskDetails.HandOver?
        try trail(instance: instance, person: nil, since: task.openedAt.millisecondsSinceEpoch, until: nil) { entry in
            if entry.event == "reassigned", entry.details.contains("\"\(task.id)\"") {
                found = .reassigned(by: entry.person)
            } else if entry.event == "timer-fired",
                      EntryDetails.parse(entry.details)?.notes?.contains(where: {
                          $0.from == task.state && $0.what.hasPrefix("escalated to ")
                      }) == true {
                // The core's own note of an escalation step that handed the task on.
                found = .escalated
            }
        }
        return found
    }
}
