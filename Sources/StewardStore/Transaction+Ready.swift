extension ReadTransaction {
    /// Instances with automatic work to do, longest waiting first, at most `limit`.
    public func readyInstances(limit: Int) throws(StoreError) -> [ReadyRow] {
        try rows(Queries.readyInstances, [.limit(limit)]) {
            ReadyRow(instanceID: $0.text(0), since: $0.int64(1))
        }
    }
}

extension WriteTransaction {
    /// Marks `instance` ready for automatic work; an earlier `since` already stored is kept.
    public func markReady(instance: String, since: Int64) throws(StoreError) {
        try change("INSERT INTO ready(instance_id, since) VALUES (?, ?) "
                   + "ON CONFLICT(instance_id) DO UPDATE SET since = "
                   + "CASE WHEN excluded.since < ready.since THEN excluded.since ELSE ready.since END",
                   [.text(instance), .int(since)])
    }

    /// Takes `instance` off the ready list; true if it was on it.
    @discardableResult
    public func clearReady(instance: String) throws(StoreError) -> Bool {
        try change("DELETE FROM ready WHERE instance_id = ?", [.text(instance)]) > 0
    }
}
