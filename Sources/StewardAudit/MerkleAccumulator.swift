/// A streaming Merkle tree builder: append leaf hashes one by one, read the root at any size.
///
/// Keeps only the roots of the perfect subtrees that make up the tree so far (the
/// "compact range" of the leaves 0..<size): one hash per set bit of `size`, so memory
/// is O(log n) however long the trail.
public struct MerkleAccumulator: Sendable, Hashable {
    /// How many leaves were appended.
    public private(set) var size: Int64 = 0
    /// Roots of the perfect subtrees, largest (leftmost) first.
    private var peaks: [MerkleHash] = []

    /// An empty tree.
    public init() {}

    /// Adds the next leaf hash (already leaf-hashed, e.g. `TrailEntry.hash`).
    public mutating func append(_ leafHash: MerkleHash) {
        var hash = leafHash
        var remaining = size
        while remaining & 1 == 1, let left = peaks.popLast() {
            hash = MerkleTree.nodeHash(left, hash)
            remaining >>= 1
        }
        peaks.append(hash)
        size &+= 1
    }

    /// The Merkle Tree Hash of the leaves appended so far (`MerkleTree.emptyRoot` when none).
    public var root: MerkleHash {
        guard var hash = peaks.last else { return MerkleTree.emptyRoot }
        for left in peaks.dropLast().reversed() {
            hash = MerkleTree.nodeHash(left, hash)
        }
        return hash
    }
}
