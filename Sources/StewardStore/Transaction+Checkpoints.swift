private let checkpointColumns = "size, root, created_at, key_id, signature"

extension ReadTransaction {
    /// The checkpoint covering the most entries, or nil when there is none.
    public func latestCheckpoint() throws(StoreError) -> CheckpointRow? {
        try firstRow("SELECT \(checkpointColumns) FROM checkpoints ORDER BY size DESC LIMIT 1", [], checkpointRow)
    }

    /// The checkpoint of `size` entries, or nil.
    public func checkpoint(size: Int64) throws(StoreError) -> CheckpointRow? {
        try firstRow("SELECT \(checkpointColumns) FROM checkpoints WHERE size = ?", [.int(size)], checkpointRow)
    }

    /// Every checkpoint, smallest first.
    public func checkpoints() throws(StoreError) -> [CheckpointRow] {
        try rows("SELECT \(checkpointColumns) FROM checkpoints ORDER BY size", [], checkpointRow)
    }

    private func checkpointRow(_ row: any Statement) -> CheckpointRow {
        CheckpointRow(size: row.int64(0), root: row.text(1), createdAt: row.int64(2), keyID: row.optionalText(3),
                      signature: row.optionalText(4))
    }
}

extension WriteTransaction {
    /// Stores a checkpoint; `.conflict` if one with its size exists.
    public func insertCheckpoint(_ checkpoint: CheckpointRow) throws(StoreError) {
        do throws(StoreError) {
            try change("INSERT INTO checkpoints(\(checkpointColumns)) VALUES (?, ?, ?, ?, ?)",
                       [.int(checkpoint.size), .text(checkpoint.root), .int(checkpoint.createdAt),
                        .optional(checkpoint.keyID), .optional(checkpoint.signature)])
        } catch where ColumnCoding.isDuplicate(error) {
            throw StoreError(.conflict, "a checkpoint at size \(checkpoint.size) already exists", sqliteCode: error.sqliteCode)
        }
    }
}
