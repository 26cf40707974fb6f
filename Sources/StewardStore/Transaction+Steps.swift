let stepColumns = "key, instance_id, state, handler, attempt, status, started_at, finished_at, result"

extension ReadTransaction {
    /// The step with idempotency key `key`, or nil.
    public func loadStep(key: String) throws(StoreError) -> StepRow? {
        try firstRow("SELECT \(stepColumns) FROM steps WHERE key = ?", [.text(key)], stepRow)
    }

    /// Intents without a result (handler calls a crash may have cut short), oldest first.
    public func pendingIntents(limit: Int) throws(StoreError) -> [StepRow] {
        try rows(Queries.pendingIntents, [.limit(limit)], stepRow)
    }

    /// Flagged steps (a crash came between their call and its result) of running instances,
    /// oldest first: work for an admin, until `steward resolve`.
    public func flaggedSteps(limit: Int) throws(StoreError) -> [(step: StepRow, workflow: String)] {
        try rows("SELECT s.key, s.instance_id, s.state, s.handler, s.attempt, s.status, s.started_at, s.finished_at, s.result, "
                 + "i.workflow_id FROM steps s JOIN instances i ON i.id = s.instance_id "
                 + "WHERE s.status = 'flagged' AND i.status = 'running' ORDER BY s.finished_at, s.key LIMIT ?",
                 [.limit(limit)]) { (row: any Statement) throws(StoreError) in (try stepRow(row), row.text(9)) }
    }

    /// Every step of `instance`, oldest first.
    public func steps(forInstance instance: String) throws(StoreError) -> [StepRow] {
        try rows("SELECT \(stepColumns) FROM steps WHERE instance_id = ? ORDER BY started_at, key", [.text(instance)], stepRow)
    }

    func stepRow(_ row: any Statement) throws(StoreError) -> StepRow {
        StepRow(key: row.text(0), instanceID: row.text(1), state: row.text(2), handler: row.text(3),
                attempt: Int(row.int64(4)), status: try ColumnCoding.decode(row.text(5), as: StepStatus.self),
                startedAt: row.int64(6), finishedAt: row.optionalInt64(7), result: row.optionalText(8))
    }
}

extension WriteTransaction {
    /// The step with `key`, its row locked until the transaction ends, so that two workers
    /// deciding about the same call decide one after the other (the embedded store's writer
    /// is alone already).
    /// Locks the step `key` while it waits for its call: true when this transaction holds it.
    /// On PostgreSQL a step another worker holds right now is passed over (SKIP LOCKED).
    public func lockPendingStep(key: String) throws(StoreError) -> Bool {
        let lock = dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try firstRow("SELECT 1 FROM steps WHERE key = ? AND status = 'intent'\(lock)", [.text(key)]) { _ in true } ?? false
    }

    public func loadStepForUpdate(key: String) throws(StoreError) -> StepRow? {
        let lock = dialect == .postgres ? " FOR UPDATE" : ""
        return try firstRow("SELECT \(stepColumns) FROM steps WHERE key = ?\(lock)", [.text(key)], stepRow)
    }

    /// Writes the intent to call a handler, before the call. False (and nothing written) when
    /// a step with the same key exists: that attempt was already started.
    ///
    /// The row is stored as an intent whatever its `status`, `finishedAt` and `result` say.
    @discardableResult
    public func recordIntent(_ step: StepRow) throws(StoreError) -> Bool {
        try change("INSERT INTO steps(\(stepColumns)) VALUES (?, ?, ?, ?, ?, 'intent', ?, NULL, NULL) "
                   + "ON CONFLICT(key) DO NOTHING",
                   [.text(step.key), .text(step.instanceID), .text(step.state), .text(step.handler),
                    .int(Int64(step.attempt)), .int(step.startedAt)]) > 0
    }

    /// Writes the outcome of the call with `key`, after it. True if that step was an intent
    /// still waiting; false (nothing written) if it is unknown or already finished.
    @discardableResult
    public func finishStep(key: String, status: StepStatus, at finishedAt: Int64, result: String?) throws(StoreError) -> Bool {
        guard status != .intent else {
            throw StoreError(.misuse, "step '\(key)' cannot be finished as an intent: give done, failed or flagged")
        }
        return try change("UPDATE steps SET status = ?, finished_at = ?, result = ? WHERE key = ? AND status = 'intent'",
                          [.text(status.rawValue), .int(finishedAt), .optional(result), .text(key)]) > 0
    }

    /// Records what a person found a flagged step did (`done` or `failed`). True if the step
    /// was flagged; false (nothing written) otherwise.
    @discardableResult
    public func resolveFlaggedStep(key: String, status: StepStatus, at finishedAt: Int64) throws(StoreError) -> Bool {
        guard status == .done || status == .failed else {
            throw StoreError(.misuse, "flagged step '\(key)' can only be resolved as done or failed")
        }
        return try change("UPDATE steps SET status = ?, finished_at = ? WHERE key = ? AND status = 'flagged'",
                          [.text(status.rawValue), .int(finishedAt), .text(key)]) > 0
    }
}
