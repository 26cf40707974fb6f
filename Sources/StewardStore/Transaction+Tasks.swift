let taskColumns = "id, instance_id, state, title, assignees, roles, opened_at, due_at, status"
let taskColumnsT = "t.id, t.instance_id, t.state, t.title, t.assignees, t.roles, t.opened_at, t.due_at, t.status"

extension ReadTransaction {
    /// The task with `id`, or nil.
    public func loadTask(id: String) throws(StoreError) -> TaskRow? {
        try firstRow("SELECT \(taskColumns) FROM tasks WHERE id = ?", [.text(id)], taskRow)
    }

    /// Every task of `instance`, open and closed, oldest first.
    public func tasks(forInstance instance: String) throws(StoreError) -> [TaskRow] {
        try rows("SELECT \(taskColumns) FROM tasks WHERE instance_id = ? ORDER BY opened_at, id", [.text(instance)], taskRow)
    }

    /// The open tasks that `person` may act on, directly or through any of `roles`; oldest first.
    ///
    /// Found through the `task_assignees` index, so the cost follows the person's open tasks,
    /// not the size of the store.
    public func openTasks(person: String?, roles: [String] = [], limit: Int) throws(StoreError) -> [TaskRow] {
        try rows(Queries.openTasks(dialect), [.optional(person), .text(ColumnCoding.encodeList(roles)), .limit(limit)], taskRow)
    }

    /// Open tasks matching `filter`, oldest first (then by id), at most `limit`, from just
    /// after `position` on (the last one of the page before).
    public func openTasks(_ filter: TaskFilter, after position: ListPosition? = nil,
                          limit: Int) throws(StoreError) -> [TaskRow] {
        let query = filter.pageQuery(columns: taskColumnsT, after: position)
        return try rows(query.sql, query.values + [.limit(limit)], taskRow)
    }

    /// Where the task `id` (open or closed) stands in lists of tasks, or nil when there is none.
    public func listPosition(ofTask id: String) throws(StoreError) -> ListPosition? {
        try firstRow("SELECT opened_at, id FROM tasks WHERE id = ?", [.text(id)]) {
            ListPosition(time: $0.int64(0), id: $0.text(1))
        }
    }

    /// Open tasks whose deadline is at or before `now`, earliest first (through an index).
    public func overdueTasks(at now: Int64, limit: Int) throws(StoreError) -> [TaskRow] {
        try rows(Queries.overdueTasks, [.int(now), .limit(limit)], taskRow)
    }

    /// The inbox index entries of task `id`: the people and the roles it is listed under, sorted.
    public func inbox(task id: String) throws(StoreError) -> (people: [String], roles: [String]) {
        let rows = try rows("SELECT kind, name FROM task_assignees WHERE task_id = ? ORDER BY kind, name", [.text(id)]) {
            ($0.text(0), $0.text(1))
        }
        return (rows.filter { $0.0 == "person" }.map(\.1), rows.filter { $0.0 != "person" }.map(\.1))
    }

    /// How many open tasks match `filter` (every open task by default); with `position`,
    /// only those listed at or before it (the pages up to it).
    public func openTaskCount(_ filter: TaskFilter = TaskFilter(), through position: ListPosition? = nil)
        throws(StoreError) -> Int {
        let query = filter.countQuery(through: position)
        return Int(try firstRow(query.sql, query.values) { $0.int64(0) } ?? 0)
    }

    private func taskRow(_ row: any Statement) throws(StoreError) -> TaskRow {
        TaskRow(id: row.text(0), instanceID: row.text(1), state: row.text(2), title: row.text(3),
                assignees: try ColumnCoding.decodeList(row.text(4)), roles: try ColumnCoding.decodeList(row.text(5)),
                openedAt: row.int64(6), dueAt: row.optionalInt64(7),
                status: try ColumnCoding.decode(row.text(8), as: TaskStatus.self))
    }
}

extension WriteTransaction {
    /// Stores `task`, replacing any task with its id, and updates the inbox index.
    public func upsertTask(_ task: TaskRow) throws(StoreError) {
        try change("""
            INSERT INTO tasks(\(taskColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET instance_id = excluded.instance_id, state = excluded.state,
                title = excluded.title, assignees = excluded.assignees, roles = excluded.roles,
                opened_at = excluded.opened_at, due_at = excluded.due_at, status = excluded.status
            """, [.text(task.id), .text(task.instanceID), .text(task.state), .text(task.title),
                  .text(ColumnCoding.encodeList(task.assignees)), .text(ColumnCoding.encodeList(task.roles)),
                  .int(task.openedAt), .optional(task.dueAt), .text(task.status.rawValue)])
        try change("DELETE FROM task_assignees WHERE task_id = ?", [.text(task.id)])
        guard task.status == .open else { return }
        let insert = "INSERT INTO task_assignees(task_id, kind, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
        for person in task.assignees {
            try change(insert, [.text(task.id), .text("person"), .text(person)])
        }
        for role in task.roles {
            try change(insert, [.text(task.id), .text("role"), .text(role)])
        }
    }

    /// Takes open task `id` out of `person`'s inbox (they have voted; the task waits for others).
    public func leaveInbox(task id: String, person: String) throws(StoreError) {
        try change("DELETE FROM task_assignees WHERE task_id = ? AND kind = 'person' AND name = ?", [.text(id), .text(person)])
    }

    /// Closes the task `id`; true if it was open.
    @discardableResult
    public func closeTask(id: String) throws(StoreError) -> Bool {
        let closed = try change("UPDATE tasks SET status = 'closed' WHERE id = ? AND status = 'open'", [.text(id)]) > 0
        if closed { try change("DELETE FROM task_assignees WHERE task_id = ?", [.text(id)]) }
        return closed
    }

    /// Makes `tasks` the open tasks of `instance`: stores each, and closes every other task
    /// of the instance that is still open. Every row must belong to `instance` (`.misuse`).
    public func replaceTasks(forInstance instance: String, with tasks: [TaskRow]) throws(StoreError) {
        if let stray = tasks.first(where: { $0.instanceID != instance }) {
            throw StoreError(.misuse, "task '\(stray.id)' belongs to instance '\(stray.instanceID)', not '\(instance)'")
        }
        let keep = Set(tasks.map(\.id))
        let open = try rows("SELECT id FROM tasks WHERE instance_id = ? AND status = 'open'", [.text(instance)]) { $0.text(0) }
        for id in open where !keep.contains(id) {
            try closeTask(id: id)
        }
        for task in tasks {
            try upsertTask(task)
        }
    }
}
