import StewardAudit
import StewardCore
import StewardStore
import StewardTime

extension Engine {
    /// What differs between the rows the store keeps beside an instance (its open tasks, their
    /// inbox entries, its timers) and `replayed`, the instance its trail gives; nil when they
    /// agree. These rows decide who sees a task and when a deadline fires, so an edit of them
    /// (a task handed to someone else, a deleted deadline) is as much a rewrite as an edit of
    /// the instance row. `setAside` holds the details of the instance's `timer-set-aside`
    /// entries: a timer one names is rightly gone from the store.
    func compareRows(of instance: String, with replayed: InstanceState, setAside: [String]) throws(EngineError) -> String? {
        let (tasks, timers, inboxes) = try read { tx in
            let tasks = try tx.tasks(forInstance: instance).filter { $0.status == .open }
            return (tasks, try tx.timers(forInstance: instance), try tasks.map { try tx.inbox(task: $0.id) })
        }
        let open = tasks.map(\.id)
        if Set(open) != Set(replayed.tasks.map(\.id)) {
            return "the open tasks in the store (\(open.sorted().joined(separator: ", "))) differ from the trail's "
                + "(\(replayed.tasks.map(\.id).sorted().joined(separator: ", ")))"
        }
        for (stored, inbox) in zip(tasks, inboxes) {
            guard let task = replayed.tasks.first(where: { $0.id == stored.id }) else { continue }
            if let problem = Self.compare(stored, inbox: inbox, with: task) { return "task \(stored.id): \(problem)" }
        }
        return Self.compare(timers, with: replayed.timers.filter { timer in
            !setAside.contains { $0.contains("timer \(timer.id) ") }
        })
    }

    private static func compare(_ row: TaskRow, inbox: (people: [String], roles: [String]), with task: OpenTask) -> String? {
        if row.assignees != task.assignees || row.roles != task.roles {
            return "the store gives it to \(list(row.assignees, row.roles)), the trail to \(list(task.assignees, task.roles))"
        }
        // The inbox holds the people who have not yet acted (stores from before kept every assignee).
        let waiting = Set(task.assignees).subtracting(task.voters)
        if (Set(inbox.people) != waiting && Set(inbox.people) != Set(task.assignees)) || Set(inbox.roles) != Set(task.roles) {
            return "it is in the inboxes of \(list(inbox.people, inbox.roles)), but the trail gives it to "
                + list(task.assignees, task.roles)
        }
        var fields: [String] = []
        if row.state != task.state { fields.append("state") }
        if row.title != task.title { fields.append("title") }
        if row.openedAt != task.openedAt.millisecondsSinceEpoch { fields.append("opening time") }
        if row.dueAt != task.dueAt?.millisecondsSinceEpoch { fields.append("deadline") }
        return fields.isEmpty ? nil : "its row's \(fields.joined(separator: ", ")) differ from the trail's"
    }

    private static func compare(_ rows: [TimerRow], with timers: [StewardCore.Timer]) -> String? {
        let stored = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for timer in timers {
            let when = TrailTime.iso8601(timer.at.millisecondsSinceEpoch)
            guard let row = stored[timer.id] else {
                return "its \(timer.kind.rawValue) timer \(timer.id) (due \(when)) is missing from the store: it was "
                    + "deleted, so it would never fire"
            }
            if row.dueAt != timer.at.millisecondsSinceEpoch || row.kind != timer.kind.rawValue {
                return "its timer \(timer.id) is a \(row.kind) due \(TrailTime.iso8601(row.dueAt)) in the store, "
                    + "a \(timer.kind.rawValue) due \(when) by the trail"
            }
        }
        let expected = Set(timers.map(\.id))
        if let extra = rows.first(where: { !expected.contains($0.id) }) {
            return "the store has a \(extra.kind) timer \(extra.id) (due \(TrailTime.iso8601(extra.dueAt))) the trail never set"
        }
        return nil
    }

    private static func list(_ people: [String], _ roles: [String]) -> String {
        let all = people + roles.map { "role " + $0 }
        return all.isEmpty ? "nobody" : all.joined(separator: ", ")
    }
}
