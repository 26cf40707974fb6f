import Crypto

/// The Merkle Tree Hash of RFC 9162 §2.1 over SHA-256, with leaf prefix 0x00 and node prefix 0x01.
///
/// The leaves of the audit trail's tree are the entries' own hashes
/// (`TrailEntry.hash` is already the leaf hash `SHA-256(0x00 ‖ canonicalBytes)`).
public enum MerkleTree {
    /// The root of the empty tree: SHA-256 of the empty string.
    public static let emptyRoot = MerkleHash(sha256: [])

    /// The leaf hash of `data`: SHA-256(0x00 ‖ data).
    public static func leafHash(_ data: some Sequence<UInt8>) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        Array(data).withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return MerkleHash(digest: hasher.finalize())
    }

    /// The interior node hash: SHA-256(0x01 ‖ left ‖ right).
    public static func nodeHash(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        left.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        right.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return MerkleHash(digest: hasher.finalize())
    }

    /// MTH(D[n]) of already-hashed leaves, in O(log n) memory (through `MerkleAccumulator`).
    public static func root(leafHashes: some Sequence<MerkleHash>) -> MerkleHash {
        var accumulator = MerkleAccumulator()
        for leaf in leafHashes {
            accumulator.append(leaf)
        }
        return accumulator.root
    }

    /// The largest power of two strictly less than `n` (n ≥ 2).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n {
            k <<= 1
        }
        return k
    }
}
