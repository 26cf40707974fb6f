/// One chain of a trail in chains, as a checkpoint states it: how many entries it had and
/// the Merkle root (RFC 9162) of those entries' hashes.
public struct ChainHead: Sendable, Hashable, Codable {
    /// How many entries of the chain (seq 1 through size) the root covers.
    public var size: Int64
    /// Lower-case hex MTH of those entries (the empty tree's root when size is 0).
    public var root: String

    /// A head from its fields.
    public init(size: Int64, root: String) {
        self.size = size
        self.root = root
    }

    /// The head of an accumulator's tree.
    public init(_ accumulator: MerkleAccumulator) {
        self.init(size: accumulator.size, root: accumulator.root.hex)
    }

    /// The domain of the leaves of the tree over the chains (docs/trail-format.md).
    static let leafDomain = Array("steward-trail-chains".utf8)

    /// The leaf for chain `chain` in the tree over the chains: SHA-256(0x00 ‖ "steward-trail-chains"
    /// ‖ chain as 4 bytes big-endian ‖ size as 8 bytes big-endian ‖ the chain's 32-byte root);
    /// nil when the root is not 64 hex digits.
    public func leafHash(chain: Int) -> MerkleHash? {
        guard let rootBytes = MerkleHash(hex: root)?.bytes else { return nil }
        let number = UInt32(truncatingIfNeeded: chain)
        let size = UInt64(bitPattern: self.size)
        let bytes = Self.leafDomain + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: number >> $0) }
            + stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: size >> UInt64($0)) } + rootBytes
        return MerkleTree.leafHash(bytes)
    }

    /// The root a checkpoint of a trail in chains states: the MTH over one leaf per chain,
    /// in chain order; nil when a root is not 64 hex digits.
    public static func superRoot(_ chains: [ChainHead]) -> MerkleHash? {
        var accumulator = MerkleAccumulator()
        for (chain, head) in chains.enumerated() {
            guard let leaf = head.leafHash(chain: chain) else { return nil }
            accumulator.append(leaf)
        }
        return accumulator.root
    }
}
