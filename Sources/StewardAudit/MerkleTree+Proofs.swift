/// Inclusion and consistency proofs (RFC 9162 §2.1.3 and §2.1.4).
///
/// A consistency proof shows that the tree of a later checkpoint extends the tree of an
/// earlier one (nothing below the earlier size was rewritten) without reading the entries.
extension MerkleTree {
    /// The audit path of leaf `leafIndex` (0-based) in the tree of `leafHashes` (PATH, §2.1.3.1);
    /// nil when the index is out of range.
    public static func inclusionProof(leafIndex: Int, leafHashes: [MerkleHash]) -> [MerkleHash]? {
        guard leafIndex >= 0, leafIndex < leafHashes.count else { return nil }
        return path(leafIndex, leafHashes[...])
    }

    /// True when `proof` shows that `leafHash` is leaf `leafIndex` of the tree of `treeSize`
    /// leaves with root `root` (§2.1.3.2).
    public static func verifyInclusion(leafHash: MerkleHash, leafIndex: Int64, treeSize: Int64,
                                       proof: [MerkleHash], root: MerkleHash) -> Bool {
        guard leafIndex >= 0, leafIndex < treeSize else { return false }
        var fn = UInt64(leafIndex)
        var sn = UInt64(treeSize - 1)
        var r = leafHash
        for p in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// The consistency proof from the first `oldSize` leaves to all of `leafHashes`
    /// (PROOF, §2.1.4.1); empty when `oldSize` is 0 or the full size; nil when out of range.
    public static func consistencyProof(oldSize: Int, leafHashes: [MerkleHash]) -> [MerkleHash]? {
        guard oldSize >= 0, oldSize <= leafHashes.count else { return nil }
        guard oldSize > 0, oldSize < leafHashes.count else { return [] }
        return subproof(oldSize, leafHashes[...], complete: true)
    }

    /// True when `proof` shows that the tree of `newSize` leaves with root `newRoot` extends
    /// the tree of `oldSize` leaves with root `oldRoot` (§2.1.4.2).
    public static func verifyConsistency(oldSize: Int64, newSize: Int64, oldRoot: MerkleHash, newRoot: MerkleHash,
                                         proof: [MerkleHash]) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty }
        guard !proof.isEmpty else { return false }
        var path = proof[...]
        if oldSize & (oldSize - 1) == 0 {
            path = ([oldRoot] + proof)[...]
        }
        var fn = UInt64(oldSize - 1)
        var sn = UInt64(newSize - 1)
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        guard var fr = path.first else { return false }
        var sr = fr
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }

    private static func path(_ m: Int, _ leaves: ArraySlice<MerkleHash>) -> [MerkleHash] {
        guard leaves.count > 1 else { return [] }
        let k = split(leaves.count)
        let start = leaves.startIndex
        if m < k {
            return path(m, leaves[start..<start + k]) + [root(leafHashes: leaves[(start + k)...])]
        }
        return path(m - k, leaves[(start + k)...]) + [root(leafHashes: leaves[start..<start + k])]
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<MerkleHash>, complete: Bool) -> [MerkleHash] {
        let n = leaves.count
        if m == n {
            return complete ? [] : [root(leafHashes: leaves)]
        }
        let k = split(n)
        let start = leaves.startIndex
        if m <= k {
            return subproof(m, leaves[start..<start + k], complete: complete) + [root(leafHashes: leaves[(start + k)...])]
        }
        return subproof(m - k, leaves[(start + k)...], complete: false) + [root(leafHashes: leaves[start..<start + k])]
    }
}
