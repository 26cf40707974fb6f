/// A checkpoint of the trail: the Merkle root over its first `size` entries, maybe signed.
public struct CheckpointRow: Sendable, Hashable {
    /// How many entries the root covers; the primary key.
    public var size: Int64
    /// Lower-case hex Merkle tree hash of entries 1…size.
    public var root: String
    /// UTC milliseconds.
    public var createdAt: Int64
    /// Which key signed it, if any.
    public var keyID: String?
    /// The signature (encoding is the audit module's), if any.
    public var signature: String?

    /// A row with every field given.
    public init(size: Int64, root: String, createdAt: Int64, keyID: String? = nil, signature: String? = nil) {
        self.size = size
        self.root = root
        self.createdAt = createdAt
        self.keyID = keyID
        self.signature = signature
    }
}
