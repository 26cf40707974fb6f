import Foundation
import StewardAudit
import Testing

/// docs/trail-format.md describes the trail byte for byte and gives test vectors; this
/// computes each vector with the code and compares it with the document, so the two cannot
/// drift apart. (On a mismatch the message holds the computed text to paste.)
@Suite struct TrailFormatVectorTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/trail-format.md")

    /// The five entries of the vectors: one instance of a plan, started, refused once, acted on twice, ended.
    static let trail: [TrailEntry] = {
        let definition = MerkleHash(sha256: Array("steward: 1\nid: plan\n".utf8)).hex
        let instance = "plan-20261102-0412d82f"
        let drafts = [
            TrailEntry(seq: 0, at: 1_793_581_200_000, instance: instance, definition: definition, event: "started",
                       toState: "draft", person: "li.ming", account: "liming", host: "office-pc", engineVersion: "0.1.0",
                       details: #"{"event":{"started":{"by":"li.ming","inputs":{"year":2026}}}}"#, previousHash: ""),
            TrailEntry(seq: 0, at: 1_793_584_800_123, instance: instance, definition: definition, event: "refused",
                       fromState: "draft", toState: "draft", person: "zhang.wei", account: "zhangwei", host: "office-pc",
                       engineVersion: "0.1.0", details: #"{"reason":"张伟 is not among the people of 'draft'","refusal":"not-eligible"}"#,
                       previousHash: ""),
            TrailEntry(seq: 0, at: 1_793_588_400_000, instance: instance, definition: definition, event: "acted",
                       fromState: "draft", toState: "review", person: "li.ming", account: "liming", host: "office-pc",
                       engineVersion: "0.1.0", details: #"{"action":"submit","comment":"计划已提交，请审阅。"}"#, previousHash: ""),
            TrailEntry(seq: 0, at: 1_793_592_000_000, instance: instance, definition: definition, event: "acted",
                       fromState: "review", toState: "completed", person: "zhang.wei", account: "zhangwei",
                       host: "office-pc", engineVersion: "0.1.0", details: #"{"action":"approve"}"#, previousHash: ""),
            TrailEntry(seq: 0, at: 1_793_592_060_000, instance: "plan-20261102-9b71e0aa", definition: definition,
                       event: "started", toState: "draft", account: "steward", host: "office-pc", engineVersion: "0.1.0",
                       details: #"{"event":{"started":{"inputs":{"year":2027}}}}"#, previousHash: ""),
        ]
        var sealed: [TrailEntry] = []
        for draft in drafts { sealed.append(draft.sealed(after: sealed.last)) }
        return sealed
    }()

    /// The vector trail in two chains: the first four entries in chain 0, the fifth in chain 1.
    static let chainTrail: [TrailEntry] = {
        var entries = Array(trail.prefix(4))
        var last = trail[4].sealed(seq: 1, previousHash: TrailEntry.genesisHash(chain: 1))
        last.chain = 1
        entries.append(last)
        return entries
    }()

    /// Each chain's size and root in `chainTrail`.
    static var chainHeads: [ChainHead] {
        (0..<2).map { chain in
            var tree = MerkleAccumulator()
            for entry in chainTrail where entry.chain == chain { tree.append(MerkleHash(hex: entry.hash) ?? MerkleTree.emptyRoot) }
            return ChainHead(tree)
        }
    }

    /// The version 3 checkpoint of `chainTrail`, the first of its trail.
    static var chainCheckpoint: Checkpoint {
        Checkpoint(origin: "steward:federation", treeSize: 5, rootHash: ChainHead.superRoot(chainHeads)?.hex ?? "",
                   createdAt: 1_793_592_100_000, previous: .emptyTrail, chains: chainHeads)
    }

    /// The signing key of the vectors: the 32 bytes 0x01 … 0x20 (never use a key like it).
    static let signer: CheckpointSigner = {
        guard let signer = try? CheckpointSigner(rawPrivateKey: Array(1...32)) else { fatalError("the vector key is 32 bytes") }
        return signer
    }()

    static var leaves: [MerkleHash] { trail.compactMap { MerkleHash(hex: $0.hash) } }

    static func root(_ size: Int) -> String { MerkleTree.root(leafHashes: leaves.prefix(size)).hex }

    /// The checkpoint of all five entries, naming the one of the first two as its previous.
    static var checkpoint: Checkpoint {
        Checkpoint(origin: "steward:office", treeSize: 5, rootHash: root(5), createdAt: 1_793_592_100_000,
                   previous: CheckpointLink(treeSize: 2, rootHash: root(2)))
    }

    /// Every vector by name, as its text appears in the document's code block.
    static func computed() throws -> [String: String] {
        let canonical = hexLines(trail[0].canonicalBytes)
        let signed = try signer.sign(checkpoint)
        return [
            "entries": trail.map(TrailJSONL.line(for:)).joined(),
            "canonical-1": canonical,
            "hashes": trail.map { "\($0.seq) \($0.hash)\n" }.joined(),
            "roots": (0...5).map { "\($0) \(root($0))\n" }.joined(),
            "private-key": signer.keyFileContents,
            "public-key": signer.publicKey.base64 + "\n",
            "key-id": signer.keyID + "\n",
            "checkpoint-body": checkpoint.body,
            "checkpoint": try signed.serialized(),
            "checkpoint-v1": try Checkpoint(origin: "steward:office", treeSize: 2, rootHash: root(2),
                                            createdAt: 1_793_584_900_000).serialized(),
            "proof": ConsistencyProof(old: 2, leafHashes: leaves).map(\.text) ?? "",
            "chains-genesis": (1...2).map { "\($0) \(TrailEntry.genesisHash(chain: $0))\n" }.joined(),
            "chains-entries": chainTrail.map { TrailJSONL.line(for: $0, chained: true) }.joined(),
            "chains-leaves": chainHeads.enumerated().map { "\($0.offset) \($0.element.leafHash(chain: $0.offset)?.hex ?? "")\n" }
                .joined() + "root \(ChainHead.superRoot(chainHeads)?.hex ?? "")\n",
            "chains-checkpoint": try chainCheckpoint.serialized(),
        ]
    }

    /// The document's vectors: each `<!-- vector: NAME -->` line and the fenced block after it.
    static func documented() throws -> [String: String] {
        let lines = try String(contentsOf: document, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var vectors: [String: String] = [:]
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.hasPrefix("<!-- vector: "), line.hasSuffix(" -->") else { continue }
            let name = String(line.dropFirst("<!-- vector: ".count).dropLast(" -->".count))
            guard index < lines.count, lines[index].hasPrefix("```") else { continue }
            index += 1
            var text = ""
            while index < lines.count, lines[index] != "```" {
                text += lines[index] + "\n"
                index += 1
            }
            vectors[name] = text
        }
        return vectors
    }

    @Test("every vector in docs/trail-format.md is what the code computes")
    func vectorsMatchTheCode() throws {
        let documented = try Self.documented()
        let computed = try Self.computed()
        #expect(Set(documented.keys) == Set(computed.keys))
        for (name, text) in computed.sorted(by: { $0.key < $1.key }) where name != "checkpoint" {
            #expect(documented[name] == text, "vector '\(name)' should be:\n\(text)")
        }
    }

    @Test("the documented signature is a valid Ed25519 signature by the documented key over the documented body")
    func signatureVector() throws {
        let documented = try Self.documented()
        let text = try #require(documented["checkpoint"])
        let checkpoint = try Checkpoint(parsing: text)
        #expect(checkpoint.body == Self.checkpoint.body)
        let key = try CheckpointPublicKey(base64: try #require(documented["public-key"]))
        let computed = try Self.computed()["checkpoint"] ?? ""
        #expect(key.isValidSignature(on: checkpoint), "computed: \(computed)")
        #expect(checkpoint.keyID == key.keyID)
    }

    @Test("the vector trail verifies, against the documented checkpoints; the proof holds")
    func vectorsVerify() throws {
        let documented = try Self.documented()
        let reader = TrailJSONLReader(bytes: Array(try #require(documented["entries"]).utf8))
        let checkpoints = [try Checkpoint(parsing: try #require(documented["checkpoint"])),
                           try Checkpoint(parsing: try #require(documented["checkpoint-v1"]))]
        let report = TrailVerifier.verify(reader: reader, checkpoints: checkpoints, trustedKey: Self.signer.publicKey)
        #expect(report.failure?.reason == .badSignature, "the version 1 checkpoint is unsigned")
        #expect(TrailVerifier.verify(reader: TrailJSONLReader(bytes: Array(try #require(documented["entries"]).utf8)),
                                     checkpoints: checkpoints).isOK)
        #expect(try ConsistencyProof(parsing: try #require(documented["proof"])).isValid)
    }

    @Test("the vector trail in chains verifies against its documented version 3 checkpoint")
    func chainVectorsVerify() throws {
        let documented = try Self.documented()
        var verifier = TrailChainsVerifier(chains: nil, checkpoints: [try Checkpoint(parsing: try #require(documented["chains-checkpoint"]))])
        verifier.append(contentsOf: TrailJSONLReader(bytes: Array(try #require(documented["chains-entries"]).utf8)))
        let report = verifier.finish()
        #expect(report.isOK, "\(report)")
        #expect(report.chains?.map(\.size) == [4, 1])
        #expect(report.checkpointsChecked == 1)
    }
}

/// Lower-case hex of `bytes`, 64 digits (32 bytes) a line, as the document prints byte strings.
func hexLines(_ bytes: [UInt8]) -> String {
    let digits = bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }
    return stride(from: 0, to: digits.count, by: 32).map { digits[$0..<min($0 + 32, digits.count)].joined() + "\n" }.joined()
}
