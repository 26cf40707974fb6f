extension ReadTransaction {
    /// The last fire of each schedule entry, of `workflow` or (nil) of every workflow.
    public func schedules(workflow: String? = nil) throws(StoreError) -> [ScheduleRow] {
        let read = { (row: any Statement) in
            ScheduleRow(workflowID: row.text(0), entry: Int(row.int64(1)), lastFire: row.int64(2))
        }
        guard let workflow else {
            return try rows("SELECT workflow_id, entry, last_fire FROM schedules ORDER BY workflow_id, entry", [], read)
        }
        return try rows("SELECT workflow_id, entry, last_fire FROM schedules WHERE workflow_id = ? ORDER BY entry",
                        [.text(workflow)], read)
    }

    /// The last fire of one schedule entry, or nil if it never fired.
    public func lastFire(workflow: String, entry: Int) throws(StoreError) -> Int64? {
        // In a write on PostgreSQL the row stays locked: a second worker deciding the same
        // scheduled start waits, then reads the time the first one recorded.
        let lock = dialect == .postgres && self is WriteTransaction ? " FOR UPDATE" : ""
        return try firstRow("SELECT last_fire FROM schedules WHERE workflow_id = ? AND entry = ?\(lock)",
                            [.text(workflow), .int(Int64(entry))]) { $0.int64(0) }
    }
}

extension WriteTransaction {
    /// Records that schedule `entry` of `workflow` last fired at `at`.
    public func setLastFire(workflow: String, entry: Int, at: Int64) throws(StoreError) {
        try change("INSERT INTO schedules(workflow_id, entry, last_fire) VALUES (?, ?, ?) "
                   + "ON CONFLICT(workflow_id, entry) DO UPDATE SET last_fire = excluded.last_fire",
                   [.text(workflow), .int(Int64(entry)), .int(at)])
    }
}
