import StewardEngine
import StewardModel

/// How people and moments read in the text that organizers see (the JSON keeps ids and ISO 8601).
struct Display {
    let roster: Roster?

    /// `张伟 (zhang.wei)`: the name people know, with the id that `--as` takes. Someone no
    /// longer in the roster is marked: they cannot act, so the task needs reassigning.
    func person(_ id: String) -> String {
        guard let roster else { return id }
        guard let person = roster.people[id] else { return "\(id) (not in the roster)" }
        guard let name = person.name, !name.isEmpty else { return id }
        return "\(name) (\(id))"
    }

    func people(_ ids: [String]) -> String { ids.map(person).joined(separator: ", ") }

    struct Key: Hashable {
        let instance: String
        let state: String
    }

    /// The (instance, state) pairs that have more than one task.
    static func sharedStates(_ pairs: [(String, String)]) -> Set<Key> {
        var counts: [Key: Int] = [:]
        for (instance, state) in pairs { counts[Key(instance: instance, state: state), default: 0] += 1 }
        return Set(counts.filter { $0.value > 1 }.keys)
    }

    /// `task7`: what `act --state` takes to pick one of several tasks of a state.
    static func handle(_ task: String, in instance: String) -> String { Engine.handle(ofTask: task, in: instance) }

    /// `2026-12-31 23:59` from the local ISO 8601 text `2026-12-31T23:59:59.999+08:00`: a
    /// deadline to the minute, in the organization's time zone.
    static func moment(_ iso: String) -> String { Engine.moment(iso) }

    /// `  due 2026-12-31 23:59 (overdue)`, or nothing without a deadline.
    static func due(_ iso: String?, overdue: Bool) -> String {
        iso.map { "  due \(moment($0))\(overdue ? " (overdue)" : "")" } ?? ""
    }
}
