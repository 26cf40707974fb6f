import StewardAudit

extension CheckpointRow {
    /// The row that stores `checkpoint` (its origin is the store's id, kept in `meta`).
    public init(_ checkpoint: Checkpoint) {
        self.init(size: checkpoint.treeSize, root: checkpoint.rootHash, createdAt: checkpoint.createdAt,
                  keyID: checkpoint.keyID, signature: checkpoint.signature)
    }

    /// The audit module's checkpoint for this row, about the trail of store `origin`.
    public func checkpoint(origin: String) -> Checkpoint {
        Checkpoint(origin: origin, treeSize: size, rootHash: root, createdAt: createdAt, keyID: keyID, signature: signature)
    }
}
