import StewardModel

extension Run {
    /// An admin hands task `id` to `people`: the votes so far lapse (they were the old
    /// people's), the four-eyes rule still holds, and the new people are told.
    mutating func reassign(task id: String, people: [String], roles: [String], by: String, reason: String) throws(Refusal) {
        let (t, spec) = try findOpenTask(id)
        guard !people.isEmpty else { throw Refusal(.notEligible, "a task must go to at least one person") }
        if let roster = environment.roster {
            for person in people where roster.people[person] == nil {
                throw Refusal(.notEligible, "'\(person)' is not a person of the roster")
            }
        }
        let scope = state.tasks[t].scope
        let name = state.tasks[t].state
        _ = try checkFourEyes(people, spec: spec, task: name)
        let before = state.tasks[t].assignees
        state.tasks[t].assignees = people
        state.tasks[t].roles = roles
        state.tasks[t].votes = []
        state.tasks[t].ballots = nil
        effects.append(.openTask(state.tasks[t]))
        note(scope: scope, from: name, to: nil, "reassigned to \(people.joined(separator: ", ")) by \(by): \(reason)")
        effects.append(.notify(Notice(people: people, subject: "转办：\(state.tasks[t].title)",
                                      body: "\(names([by])) 转交：\(todo(state.tasks[t]))（\(reason)）", reason: "reassigned",
                                      task: state.tasks[t].id)))
        tellTaken(state.tasks[t], from: before, how: "已由 \(names([by])) 改派")
    }
}
