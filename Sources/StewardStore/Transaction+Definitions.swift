extension ReadTransaction {
    /// The pinned definition with `hash`, or nil.
    public func loadDefinition(hash: String) throws(StoreError) -> DefinitionRow? {
        try firstRow("SELECT hash, workflow_id, source, created_at FROM definitions WHERE hash = ?", [.text(hash)]) {
            DefinitionRow(hash: $0.text(0), workflowID: $0.text(1), source: $0.blob(2), createdAt: $0.int64(3))
        }
    }
}

extension WriteTransaction {
    /// Stores `definition` unless one with its hash is there; true if it was new.
    @discardableResult
    public func insertDefinition(_ definition: DefinitionRow) throws(StoreError) -> Bool {
        try change("INSERT INTO definitions(hash, workflow_id, source, created_at) VALUES (?, ?, ?, ?) "
                   + "ON CONFLICT(hash) DO NOTHING",
                   [.text(definition.hash), .text(definition.workflowID), .blob(definition.source),
                    .int(definition.createdAt)]) > 0
    }
}
