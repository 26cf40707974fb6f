/// The queries a tick runs over the whole store: each must be an index range scan, never a
/// table scan or a sort (guarantee 7). Kept here so tests can check their plans.
enum Queries {
    static let dueTimers = "SELECT \(timerColumns) FROM timers WHERE due_at <= ? ORDER BY due_at, id LIMIT ?"

    static let readyInstances = "SELECT instance_id, since FROM ready ORDER BY since, instance_id LIMIT ?"

    static let pendingIntents =
        "SELECT \(stepColumns) FROM steps WHERE status = 'intent' ORDER BY started_at, key LIMIT ?"

    static let overdueTasks =
        "SELECT \(taskColumns) FROM tasks WHERE status = 'open' AND due_at <= ? ORDER BY due_at, id LIMIT ?"

    static let openTasks = """
        SELECT \(taskColumnsT) FROM tasks t WHERE t.id IN (
            SELECT task_id FROM task_assignees WHERE kind = 'person' AND name = ?1
            UNION SELECT task_id FROM task_assignees
                  WHERE kind = 'role' AND name IN (SELECT value FROM json_each(?2)))
        AND t.status = 'open' ORDER BY t.opened_at, t.id LIMIT ?3
        """
}
