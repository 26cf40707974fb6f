import Crypto
import StewardAudit
import Testing

/// RFC 6962/9162 reference data from transparency-dev/merkle `testonly/constants.go`.
enum MerkleVectors {
    static let leafInputs: [[UInt8]] = [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ]
    /// Root hashes by tree size 0…8.
    static let roots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
    /// Leaf hashes (level 0 of `NodeHashes()`).
    static let leafHashes = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ]
}

/// The recursive definition of RFC 9162 §2.1.1, written independently of the library.
func referenceMTH(_ leaves: ArraySlice<MerkleHash>) -> MerkleHash {
    if leaves.isEmpty { return MerkleHash(sha256: []) }
    if leaves.count == 1, let only = leaves.first { return only }
    var k = 1
    while k * 2 < leaves.count { k *= 2 }
    let left = referenceMTH(leaves.prefix(k))
    let right = referenceMTH(leaves.dropFirst(k))
    return MerkleHash(sha256: [0x01] + left.bytes + right.bytes)
}

@Suite struct MerkleTreeTests {
    @Test func leafHashesMatchReference() {
        for (input, expected) in zip(MerkleVectors.leafInputs, MerkleVectors.leafHashes) {
            #expect(MerkleTree.leafHash(input).hex == expected)
        }
    }

    @Test(arguments: 0...8)
    func rootMatchesReference(size: Int) {
        let leaves = MerkleVectors.leafInputs.prefix(size).map { MerkleTree.leafHash($0) }
        #expect(MerkleTree.root(leafHashes: leaves).hex == MerkleVectors.roots[size])
        var accumulator = MerkleAccumulator()
        leaves.forEach { accumulator.append($0) }
        #expect(accumulator.size == Int64(size))
        #expect(accumulator.root.hex == MerkleVectors.roots[size])
    }

    @Test func emptyRootIsHashOfEmptyString() {
        #expect(MerkleTree.emptyRoot.hex == MerkleVectors.roots[0])
        #expect(MerkleAccumulator().root == MerkleTree.emptyRoot)
    }

    @Test func accumulatorEqualsRecursiveDefinitionUpTo100() {
        let leaves = (0..<100).map { MerkleTree.leafHash(Array("leaf \($0)".utf8)) }
        var accumulator = MerkleAccumulator()
        #expect(accumulator.root == referenceMTH(leaves[0..<0]))
        for size in 1...100 {
            accumulator.append(leaves[size - 1])
            #expect(accumulator.root == referenceMTH(leaves[0..<size]), "size \(size)")
        }
    }

    @Test func nodeHashUsesPrefixOne() throws {
        let a = try #require(MerkleHash(hex: MerkleVectors.leafHashes[0]))
        let b = try #require(MerkleHash(hex: MerkleVectors.leafHashes[1]))
        #expect(MerkleTree.nodeHash(a, b).hex == MerkleVectors.roots[2])
        #expect(MerkleTree.nodeHash(a, b).bytes == Array(SHA256.hash(data: [0x01] + a.bytes + b.bytes)))
    }

    @Test func merkleHashRejectsBadInput() {
        #expect(MerkleHash(hex: "abc") == nil)
        #expect(MerkleHash(hex: String(repeating: "g", count: 64)) == nil)
        #expect(MerkleHash(bytes: [1, 2, 3]) == nil)
        #expect(MerkleHash(hex: String(repeating: "AB", count: 32))?.hex == String(repeating: "ab", count: 32))
    }
}
