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

extension ReadTransaction {
    /// The checkpoints the store recorded about its own trail, smallest first, for
    /// `TrailVerifier(recorded:)`; their origin is the store's id (or "store" when `meta`
    /// lost it: the rows are checked by size and root only).
    public func recordedCheckpoints() throws(StoreError) -> [Checkpoint] {
        let origin = try meta(MetaKey.storeID) ?? "store"
        return try checkpoints().map { $0.checkpoint(origin: origin) }
    }
}
