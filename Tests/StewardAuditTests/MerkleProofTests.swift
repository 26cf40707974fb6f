import StewardAudit
import Testing

/// Proof vectors from transparency-dev/merkle `proof/verify_test.go` over the same 8 leaves.
@Suite struct MerkleProofTests {
    static let leaves = MerkleVectors.leafInputs.map { MerkleTree.leafHash($0) }
    static func hashes(_ hex: [String]) -> [MerkleHash] { hex.compactMap(MerkleHash.init(hex:)) }
    static func root(_ size: Int) -> MerkleHash { MerkleTree.root(leafHashes: leaves.prefix(size)) }

    /// (1-based leaf, tree size, audit path).
    static let inclusion: [(Int, Int, [String])] = [
        (1, 1, []),
        (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (6, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (2, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    ]

    /// (old size, new size, proof).
    static let consistency: [(Int, Int, [String])] = [
        (1, 1, []),
        (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    ]

    @Test func inclusionProofsMatchReference() {
        for (leaf, size, expected) in Self.inclusion {
            let proof = MerkleTree.inclusionProof(leafIndex: leaf - 1, leafHashes: Array(Self.leaves.prefix(size)))
            #expect(proof == Self.hashes(expected), "leaf \(leaf) of \(size)")
            #expect(MerkleTree.verifyInclusion(leafHash: Self.leaves[leaf - 1], leafIndex: Int64(leaf - 1),
                                               treeSize: Int64(size), proof: Self.hashes(expected), root: Self.root(size)))
            #expect(!MerkleTree.verifyInclusion(leafHash: Self.leaves[leaf - 1], leafIndex: Int64(leaf),
                                                treeSize: Int64(size), proof: Self.hashes(expected), root: Self.root(size)))
        }
    }

    @Test func consistencyProofsMatchReference() {
        for (old, new, expected) in Self.consistency {
            let proof = MerkleTree.consistencyProof(oldSize: old, leafHashes: Array(Self.leaves.prefix(new)))
            #expect(proof == Self.hashes(expected), "\(old) → \(new)")
            #expect(MerkleTree.verifyConsistency(oldSize: Int64(old), newSize: Int64(new), oldRoot: Self.root(old),
                                                 newRoot: Self.root(new), proof: Self.hashes(expected)))
        }
    }

    @Test func everyProofUpTo40VerifiesAndCorruptionsFail() {
        let leaves = (0..<40).map { MerkleTree.leafHash(Array("entry \($0)".utf8)) }
        for new in 1...40 {
            let newRoot = MerkleTree.root(leafHashes: leaves.prefix(new))
            for old in 1...new {
                let oldRoot = MerkleTree.root(leafHashes: leaves.prefix(old))
                let proof = MerkleTree.consistencyProof(oldSize: old, leafHashes: Array(leaves.prefix(new))) ?? []
                #expect(MerkleTree.verifyConsistency(oldSize: Int64(old), newSize: Int64(new), oldRoot: oldRoot,
                                                     newRoot: newRoot, proof: proof))
                if old < new {
                    #expect(!MerkleTree.verifyConsistency(oldSize: Int64(old), newSize: Int64(new), oldRoot: newRoot,
                                                          newRoot: oldRoot, proof: proof))
                    #expect(!MerkleTree.verifyConsistency(oldSize: Int64(old), newSize: Int64(new), oldRoot: oldRoot,
                                                          newRoot: newRoot, proof: proof.dropLast()))
                    #expect(!MerkleTree.verifyConsistency(oldSize: Int64(old), newSize: Int64(new * 2), oldRoot: oldRoot,
                                                          newRoot: newRoot, proof: proof))
                }
                let index = old - 1
                let path = MerkleTree.inclusionProof(leafIndex: index, leafHashes: Array(leaves.prefix(new))) ?? []
                #expect(MerkleTree.verifyInclusion(leafHash: leaves[index], leafIndex: Int64(index), treeSize: Int64(new),
                                                   proof: path, root: newRoot))
                #expect(!MerkleTree.verifyInclusion(leafHash: leaves[index], leafIndex: Int64(index), treeSize: Int64(new),
                                                    proof: path + [newRoot], root: newRoot))
            }
        }
    }
}
