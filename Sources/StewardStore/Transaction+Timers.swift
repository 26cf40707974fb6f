let timerColumns = "id, instance_id, kind, due_at, payload"

extension ReadTransaction {
    /// Timers due at or before `now`, earliest first (ties by id), at most `limit`.
    ///
    /// A range scan of the `timers_due` index: its cost follows the timers due, not the
    /// number of instances.
    public func dueTimers(at now: Int64, limit: Int) throws(StoreError) -> [TimerRow] {
        try rows(Queries.dueTimers, [.int(now), .limit(limit)], timerRow)
    }

    /// When the next timer falls due, or nil when there are none.
    public func nextTimerDue() throws(StoreError) -> Int64? {
        try firstRow("SELECT due_at FROM timers ORDER BY due_at LIMIT 1") { $0.int64(0) }
    }

    /// The timers of `instance`, earliest first.
    public func timers(forInstance instance: String) throws(StoreError) -> [TimerRow] {
        try rows("SELECT \(timerColumns) FROM timers WHERE instance_id = ? ORDER BY due_at, id", [.text(instance)], timerRow)
    }

    private func timerRow(_ row: any Statement) -> TimerRow {
        TimerRow(id: row.text(0), instanceID: row.text(1), kind: row.text(2), dueAt: row.int64(3), payload: row.text(4))
    }
}

extension WriteTransaction {
    /// Stores `timer`, replacing any timer with its id.
    public func setTimer(_ timer: TimerRow) throws(StoreError) {
        try change("INSERT INTO timers(\(timerColumns)) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                   + "instance_id = excluded.instance_id, kind = excluded.kind, due_at = excluded.due_at, payload = excluded.payload",
                   [.text(timer.id), .text(timer.instanceID), .text(timer.kind), .int(timer.dueAt), .text(timer.payload)])
    }

    /// Deletes the timer `id`; true if it existed. Across processes exactly one caller gets
    /// true: that is how a tick claims a timer.
    /// Claims a due timer for firing by deleting it: true for the one transaction that removed
    /// it. On PostgreSQL a timer another worker is firing right now is passed over at once (it
    /// is theirs, or back for a later tick if they fail) rather than waited for.
    public func claimTimer(id: String) throws(StoreError) -> Bool {
        switch dialect {
        case .sqlite:
            return try deleteTimer(id: id)
        case .postgres:
            return try change("DELETE FROM timers WHERE id = (SELECT id FROM timers WHERE id = ? FOR UPDATE SKIP LOCKED)",
                              [.text(id)]) > 0
        }
    }

    @discardableResult
    public func deleteTimer(id: String) throws(StoreError) -> Bool {
        try change("DELETE FROM timers WHERE id = ?", [.text(id)]) > 0
    }

    /// Makes `timers` the timers of `instance`, deleting all others it had.
    public func replaceTimers(forInstance instance: String, with timers: [TimerRow]) throws(StoreError) {
        if let stray = timers.first(where: { $0.instanceID != instance }) {
            throw StoreError(.misuse, "timer '\(stray.id)' belongs to instance '\(stray.instanceID)', not '\(instance)'")
        }
        try change("DELETE FROM timers WHERE instance_id = ?", [.text(instance)])
        for timer in timers {
            try setTimer(timer)
        }
    }
}
