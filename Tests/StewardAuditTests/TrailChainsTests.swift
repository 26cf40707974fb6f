import Crypto
import StewardAudit
import Testing

/// A trail in chains: the version 3 checkpoint, the root over the chains, and the checks
/// that name the chain where a problem is.
@Suite struct TrailChainsTests {
    /// `counts[c]` entries in chain c, each chain sealed from its own genesis hash.
    static func trail(_ counts: [Int]) -> [TrailEntry] {
        var entries: [TrailEntry] = []
        for (chain, count) in counts.enumerated() {
            var previous = TrailEntry.genesisHash(chain: chain)
            for (index, draft) in TrailFixture.trail(count: count, salt: chain + 1).enumerated() {
                var entry = draft.sealed(seq: Int64(index + 1), previousHash: previous)
                entry.chain = chain
                previous = entry.hash
                entries.append(entry)
            }
        }
        return entries
    }

    static func heads(_ trail: [TrailEntry], sizes: [Int]) -> [ChainHead] {
        sizes.enumerated().map { chain, size in
            let leaves = trail.filter { $0.chain == chain }.prefix(size).compactMap { MerkleHash(hex: $0.hash) }
            return ChainHead(size: Int64(size), root: MerkleTree.root(leafHashes: leaves).hex)
        }
    }

    static func checkpoint(_ trail: [TrailEntry], sizes: [Int], at: Int64 = 1_764_100_000_000,
                           previous: CheckpointLink = .emptyTrail) -> Checkpoint {
        let heads = heads(trail, sizes: sizes)
        return Checkpoint(origin: "steward:federation", treeSize: Int64(sizes.reduce(0, +)),
                          rootHash: ChainHead.superRoot(heads)?.hex ?? "", createdAt: at, previous: previous, chains: heads)
    }

    static func verify(_ entries: [TrailEntry], chains: Int? = 3, checkpoints: [Checkpoint] = [],
                       recorded: [Checkpoint] = []) -> VerificationReport {
        var verifier = TrailChainsVerifier(chains: chains, checkpoints: checkpoints, recorded: recorded)
        for entry in entries where !verifier.append(entry) { break }
        return verifier.finish()
    }

    @Test("a chain's leaf is SHA-256 of 0x00, the domain, the chain, the size and the root; the root is RFC 9162's over them")
    func superRootByHand() throws {
        let roots = [MerkleHash(sha256: Array("a".utf8)), MerkleHash(sha256: Array("b".utf8))]
        let heads = [ChainHead(size: 3, root: roots[0].hex), ChainHead(size: 258, root: roots[1].hex)]
        func leaf(_ chain: UInt8, _ size: [UInt8], _ root: MerkleHash) -> [UInt8] {
            Array(SHA256.hash(data: [0x00] + Array("steward-trail-chains".utf8) + [0, 0, 0, chain] + size + root.bytes))
        }
        let left = leaf(0, [0, 0, 0, 0, 0, 0, 0, 3], roots[0])
        let right = leaf(1, [0, 0, 0, 0, 0, 0, 1, 2], roots[1])
        let expected = Array(SHA256.hash(data: [0x01] + left + right))
        #expect(try #require(ChainHead.superRoot(heads)).bytes == expected)
        #expect(heads[0].leafHash(chain: 0)?.bytes == left)
        #expect(ChainHead(size: 1, root: "zz").leafHash(chain: 0) == nil)
    }

    @Test("a version 3 checkpoint is written and read back line for line, signed or not")
    func versionThreeRoundTrip() throws {
        let trail = Self.trail([3, 0, 2])
        let checkpoint = Self.checkpoint(trail, sizes: [3, 0, 2], previous: CheckpointLink(treeSize: 2, rootHash:
            String(repeating: "b", count: 64)))
        let text = try checkpoint.serialized()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "steward-trail-checkpoint v3")
        #expect(lines[7] == "3")
        #expect(lines[9] == "1 0 \(MerkleTree.emptyRoot.hex)")
        #expect(try Checkpoint(parsing: text) == checkpoint)
        let signer = try CheckpointSigner(rawPrivateKey: Array(1...32))
        let signed = try signer.sign(checkpoint)
        let read = try Checkpoint(parsing: try signed.serialized())
        #expect(read == signed)
        #expect(signer.publicKey.isValidSignature(on: read))
        var forged = read
        forged.chains?[2].size = 1
        #expect(!signer.publicKey.isValidSignature(on: forged), "the chains' lines are signed")
    }

    @Test("a version 3 checkpoint whose lines disagree is refused, naming the line", arguments: [
        ("0 3 ", "1 3 ", 9), ("\n3\n", "\n1\n", 8), ("\n5\n", "\n6\n", 3), ("2 2 ", "2 02 ", 11),
    ])
    func malformedVersionThree(from: String, to: String, line: Int) throws {
        let text = try Self.checkpoint(Self.trail([3, 0, 2]), sizes: [3, 0, 2]).serialized()
        let changed = text.replacingFirst(from, with: to)
        #expect(changed != text)
        do {
            _ = try Checkpoint(parsing: changed)
            Issue.record("accepted: \(changed)")
        } catch {
            #expect(error.line == line, "\(error)")
        }
    }

    @Test("a sound trail of three chains verifies against its checkpoints; its root is the root over the chains")
    func soundTrailVerifies() {
        let trail = Self.trail([4, 0, 5])
        let earlier = Self.checkpoint(trail, sizes: [2, 0, 5])
        let later = Self.checkpoint(trail, sizes: [4, 0, 5], at: 1_764_200_000_000, previous: earlier.link)
        let report = Self.verify(trail, checkpoints: [earlier, later])
        #expect(report.isOK, "\(report)")
        #expect(report.entriesChecked == 9)
        #expect(report.chains == Self.heads(trail, sizes: [4, 0, 5]))
        #expect(report.rootHash == later.rootHash)
        #expect(report.checkpointsChecked == 2)
        #expect(report.anchoredSize == 9)
        // A file does not say how many chains: the checkpoints do.
        #expect(Self.verify(trail, chains: nil, checkpoints: [later]).rootHash == later.rootHash)
    }

    @Test("an altered entry, an entry out of chain order, a chain that does not start at 1 and a chain beyond K are named")
    func problemsNameTheChain() {
        let trail = Self.trail([4, 3, 5])
        var altered = trail
        altered[5].details = #"{"action":"forged"}"#
        let report = Self.verify(altered)
        #expect(report.failure?.reason == .hashMismatch)
        #expect(report.failure?.chain == 1)
        #expect(report.failure?.message.hasPrefix("chain 1: entry 2 was altered") == true, "\(report)")

        let swapped = Array(trail[0..<4]) + Array(trail[7...]) + Array(trail[4..<7])
        #expect(Self.verify(swapped).failure?.reason == .outOfOrder)

        let headless = trail.filter { !($0.chain == 2 && $0.seq == 1) }
        let missing = Self.verify(headless).failure
        #expect(missing?.reason == .seqGap)
        #expect(missing?.message.hasPrefix("chain 2: entry 1 is missing") == true, "\(String(describing: missing))")

        let beyond = Self.verify(trail, chains: 2).failure
        #expect(beyond?.chain == 2)
        #expect(beyond?.message.contains("the trail has 2 chains") == true)
        var far = trail[0]
        far.chain = 4_000_000_000
        #expect(Self.verify([far], chains: nil).failure?.message.contains("at most 4096 chains") == true)

        // An entry moved to another chain does not follow that chain's genesis hash.
        var moved = Self.trail([0, 1, 0])
        moved[0].chain = 2
        #expect(Self.verify(moved).failure?.message.hasPrefix("chain 2: entry 1 does not start chain 2") == true)
    }

    @Test("an entry cut off one chain below a checkpoint, or a chain shrunk between checkpoints, is found in that chain")
    func truncationAndShrinking() {
        let trail = Self.trail([4, 3, 5])
        let checkpoint = Self.checkpoint(trail, sizes: [4, 3, 5])
        let cut = trail.filter { !($0.chain == 1 && $0.seq == 3) }
        let outside = Self.verify(cut, checkpoints: [checkpoint]).failure
        #expect(outside?.reason == .truncated)
        #expect(outside?.chain == 1)
        #expect(Self.verify(cut, recorded: [checkpoint]).failure?.reason == .storeTruncated)

        let earlier = Self.checkpoint(trail, sizes: [2, 3, 1])
        let shrunk = Self.checkpoint(trail, sizes: [4, 2, 5], at: 1_764_200_000_000)
        let shrinking = Self.verify(trail, checkpoints: [earlier, shrunk]).failure
        #expect(shrinking?.reason == .checkpointMismatch)
        #expect(shrinking?.chain == 1)
    }

    @Test("a checkpoint of one chain speaks of chain 0; one of another number of chains is not this trail's")
    func otherShapes() {
        let trail = Self.trail([2, 2, 2])
        let chainZero = TrailFixture.checkpoint(Array(trail.prefix(2)), size: 2)
        #expect(Self.verify(trail, checkpoints: [chainZero], recorded: [chainZero]).isOK)
        let wrong = Checkpoint(origin: "x", treeSize: 2, rootHash: MerkleTree.emptyRoot.hex, createdAt: 0, previous: .emptyTrail)
        let failure = Self.verify(trail, checkpoints: [wrong]).failure
        #expect(failure?.reason == .checkpointMismatch)
        #expect(failure?.chain == 0)
        let two = Self.checkpoint(trail, sizes: [2, 2])
        #expect(Self.verify(trail, checkpoints: [two]).failure?.message.contains("of a trail of 2 chains") == true)
        var forgedRow = Self.checkpoint(trail, sizes: [2, 2, 2])
        forgedRow.treeSize = 5
        #expect(Self.verify(trail, recorded: [forgedRow]).failure?.reason == .storeCheckpointMismatch)
    }

    @Test("an exported trail in chains names each chain first; the reader takes it back, strictly")
    func jsonLines() throws {
        let trail = Self.trail([1, 2])
        let text = trail.map { TrailJSONL.line(for: $0, chained: true) }.joined()
        #expect(text.hasPrefix(#"{"chain":0,"seq":1,"#))
        let reader = TrailJSONLReader(bytes: Array(text.utf8))
        var read: [TrailEntry] = []
        while let entry = try reader.next() { read.append(entry) }
        #expect(read == trail)
        #expect(reader.chained == true)
        var verifier = TrailChainsVerifier(chains: nil)
        verifier.append(contentsOf: TrailJSONLReader(bytes: Array(text.utf8)))
        #expect(verifier.finish().chains?.count == 2)

        let line = TrailJSONL.line(for: trail[1], chained: true).dropLast()
        for bad in [#"{"chain":-1,"#, #"{"chain":"1","#, #"{"chain":1.5,"#] {
            #expect(throws: TrailFileError.self) { try TrailJSONL.entry(fromLine: line.replacingFirst(#"{"chain":1,"#, with: bad), lineNumber: 1) }
        }
        let mixed = TrailJSONL.line(for: trail[0], chained: true) + TrailJSONL.line(for: trail[1])
        let mixedReader = TrailJSONLReader(bytes: Array(mixed.utf8))
        _ = try mixedReader.next()
        #expect(throws: TrailFileError.self) { try mixedReader.next() }
        #expect(TrailCSV.header(chained: true).hasPrefix("\u{FEFF}chain,seq,"))
        #expect(TrailCSV.row(for: trail[2], utcOffset: { _ in 0 }, chained: true).hasPrefix("1,2,"))
    }
}

extension StringProtocol {
    /// This text with the first `target` replaced by `replacement`.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return String(self) }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
