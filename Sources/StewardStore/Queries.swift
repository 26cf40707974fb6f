/// The queries a tick runs over the whole store: each must be an index range scan, never a
/// table scan or a sort (guarantee 7). Kept here so tests can check their plans.
enum Queries {
    static let dueTimers = "SELECT \(timerColumns) FROM timers WHERE due_at <= ? ORDER BY due_at, id LIMIT ?"

    static let readyInstances = "SELECT instance_id, since FROM ready ORDER BY since, instance_id LIMIT ?"

    static let pendingIntents =
        "SELECT \(stepColumns) FROM steps WHERE status = 'intent' ORDER BY started_at, key LIMIT ?"

    static let overdueTasks =
        "SELECT \(taskColumns) FROM tasks WHERE status = 'open' AND due_at <= ? ORDER BY due_at, id LIMIT ?"

    static func openTasks(_ dialect: SQLDialect) -> String {
        // The roles arrive as one JSON list, so the statement's text is the same for any number.
        let roles = switch dialect {
        case .sqlite: "SELECT value FROM json_each(?2)"
        case .postgres: "SELECT json_array_elements_text(CAST(?2 AS json))"
        }
        return """
            SELECT \(taskColumnsT) FROM tasks t WHERE t.id IN (
                SELECT task_id FROM task_assignees WHERE kind = 'person' AND name = ?1
                UNION SELECT task_id FROM task_assignees WHERE kind = 'role' AND name IN (\(roles)))
            AND t.status = 'open' ORDER BY t.opened_at, t.id LIMIT ?3
            """
    }
}
