import StewardModel

extension Run {
    /// An admin hands task `id` to `people`: the votes so far lapse (they were the old
    /// people's), the four-eyes rule still holds, and the new people are told.
    mutating func reassign(task id: String, people: [String], roles: [String], by: String, reason: String) throws(Refusal) {
        guard let t = state.tasks.firstIndex(where: { $0.id == id }) else {
            throw Refusal(.conflict, "task \(id) is not open (it was done or closed meanwhile)")
        }
        guard !people.isEmpty else { throw Refusal(.notEligible, "a task must go to at least one person") }
        if let roster = environment.roster {
            for person in people where roster.people[person] == nil {
                throw Refusal(.notEligible, "'\(person)' is not a person of the roster")
            }
        }
        let scope = state.tasks[t].scope
        let name = state.tasks[t].state
        if let position = state.scopes[scope].current, case .task(let spec) = flow(of: scope).states[position.index].state.kind {
            for other in spec.separateFrom {
                let earlier = actors(of: other.value)
                if let barred = people.first(where: { earlier.contains($0) }) {
                    throw Refusal(.fourEyes, "\(barred) acted in '\(other.value)' and may not also act in '\(name)' (four-eyes rule)")
                }
            }
        }
        state.tasks[t].assignees = people
        state.tasks[t].roles = roles
        state.tasks[t].votes = []
        effects.append(.openTask(state.tasks[t]))
        note(scope: scope, from: name, to: nil, "reassigned to \(people.joined(separator: ", ")) by \(by): \(reason)")
        effects.append(.notify(Notice(people: people, subject: "转办：\(state.tasks[t].title)",
                                      body: "task \(id), from \(by): \(reason)", reason: "reassigned")))
    }
}
