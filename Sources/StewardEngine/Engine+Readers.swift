import StewardCore

extension Engine {
    /// Whether `person` may read instance `state`, by its workflow's `readers:` (see
    /// `WorkflowMachine.mayRead`).
    public func mayRead(_ person: String, _ state: InstanceState) throws(EngineError) -> Bool {
        let machine = try read { tx in try self.machine(hash: state.definitionHash, in: tx) }
        return machine.mayRead(person, state)
    }

    /// The same for the instance with this id, read from the store.
    public func mayRead(_ person: String, instance id: String) throws(EngineError) -> Bool {
        try mayRead(person, try instance(id))
    }

    /// Refuses (exit code 2, reason `not-a-reader`) a person the workflow does not let read the
    /// instance; nil (nobody named: the operator at the office's machine) is not asked.
    public func checkReader(_ person: String?, _ state: InstanceState) throws(EngineError) {
        guard let person, try !mayRead(person, state) else { return }
        throw EngineError(.refused, "\(person) may not read instance \(state.id): workflow '\(state.workflowID)' "
                              + "lets only its readers see it (its 'readers:', whoever holds one of its tasks, and the admins)",
                          reason: "not-a-reader")
    }
}
