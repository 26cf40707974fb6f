import StewardExpressions
import StewardModel

extension WorkflowMachine {
    /// Whether `person` may read instance `state` (its inputs, forms, votes and trail).
    ///
    /// Without `readers:` anyone on the roster may. With it: the people and roles it names
    /// (expressions read as a task's `assignee` does, against the instance as it stands; one
    /// that cannot be computed yet, such as a cadre not chosen yet, names nobody), whoever holds
    /// or has acted on one of the instance's tasks, and the roster's admins.
    public func mayRead(_ person: String, _ state: InstanceState) -> Bool {
        let readers = workflow.workflow.readers
        if readers.isEmpty || environment.roster?.admins.contains(person) == true { return true }
        if state.tasks.contains(where: { $0.assignees.contains(person) || $0.voters.contains(person) }) { return true }
        if state.scopes.contains(where: { $0.records.values.contains { $0.actors.contains(person) } }) { return true }
        let run = Run(machine: self, state: state, now: state.startedAt)
        for reader in readers {
            do {
                if try run.resolve(reader, scope: 0).0.contains(person) { return true }
            } catch {
                continue
            }
        }
        return false
    }
}
