/// A pinned workflow definition: its source exactly as started, under its content hash.
public struct DefinitionRow: Sendable, Hashable {
    /// The definition's content hash (lower-case hex SHA-256, as the model computes it); the primary key.
    public var hash: String
    /// The workflow's id (`id:` in its file).
    public var workflowID: String
    /// The source bytes, as read when the first instance started.
    public var source: [UInt8]
    /// UTC milliseconds when it was first stored.
    public var createdAt: Int64

    /// A row with every field given.
    public init(hash: String, workflowID: String, source: [UInt8], createdAt: Int64) {
        self.hash = hash
        self.workflowID = workflowID
        self.source = source
        self.createdAt = createdAt
    }
}
