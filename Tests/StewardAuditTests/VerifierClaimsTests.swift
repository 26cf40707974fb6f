import StewardAudit
import Testing

/// What the verifier checks besides the chain: the checkpoints a store records about itself,
/// the previous checkpoint a version 2 checkpoint names, entries dated backwards, and what it
/// says it proved (anchoring, signatures).
@Suite struct VerifierClaimsTests {
    static let trail = TrailFixture.trail(count: 40)

    @Test("a recorded checkpoint beyond the end, or with another root, fails as the store's, not as an anchor")
    func recordedCheckpoints() {
        let recorded = TrailFixture.checkpoint(Self.trail, size: 38)
        let cut = TrailVerifier.verify(Self.trail.prefix(33), recorded: [recorded])
        #expect(cut.failure?.reason == .storeTruncated)
        #expect(cut.failure?.seq == 34)
        #expect(cut.failure?.message.contains("the store's checkpoint table records a checkpoint of 38 entries") == true)
        var replaced = recorded
        replaced.rootHash = TrailFixture.checkpoint(Self.trail, size: 37).rootHash
        let rewritten = TrailVerifier.verify(Self.trail, recorded: [replaced])
        #expect(rewritten.failure?.reason == .storeCheckpointMismatch)
        #expect(rewritten.failure?.seq == 38)
        let sound = TrailVerifier.verify(Self.trail, recorded: [recorded])
        #expect(sound.isOK)
        #expect(sound.storeCheckpointsChecked == 1)
        #expect(sound.checkpointsChecked == 0)
        #expect(!sound.isAnchored, "the store's own checkpoints anchor nothing")
    }

    @Test("an outside checkpoint is named rather than the store's when both reach beyond the end")
    func outsideIsNamedFirst() {
        let report = TrailVerifier.verify(Self.trail.prefix(20), checkpoints: [TrailFixture.checkpoint(Self.trail, size: 30)],
                                          recorded: [TrailFixture.checkpoint(Self.trail, size: 38)])
        #expect(report.failure?.reason == .truncated)
    }

    @Test("the previous checkpoint a version 2 checkpoint names is checked against the trail too")
    func previousLink() {
        var checkpoint = TrailFixture.checkpoint(Self.trail, size: 40)
        checkpoint.previous = TrailFixture.checkpoint(Self.trail, size: 25).link
        let sound = TrailVerifier.verify(Self.trail, checkpoints: [checkpoint])
        #expect(sound.isOK)
        #expect(sound.anchoredSize == 40)
        checkpoint.previous = TrailFixture.checkpoint(Self.trail, size: 24).link
        checkpoint.previous?.treeSize = 25
        let wrong = TrailVerifier.verify(Self.trail, checkpoints: [checkpoint])
        #expect(wrong.failure?.reason == .checkpointMismatch)
        #expect(wrong.failure?.seq == 25)
        #expect(wrong.failure?.message.contains("the previous checkpoint") == true)
        checkpoint.previous = CheckpointLink.emptyTrail
        #expect(TrailVerifier.verify(Self.trail, checkpoints: [checkpoint]).isOK, "the first checkpoint names the empty tree")
    }

    @Test("anchoring covers the entries up to the largest outside checkpoint that matched")
    func anchoring() {
        let report = TrailVerifier.verify(Self.trail, checkpoints: [TrailFixture.checkpoint(Self.trail, size: 30),
                                                                    TrailFixture.checkpoint(Self.trail, size: 10)])
        #expect(report.isAnchored)
        #expect(report.anchoredSize == 30)
        #expect(report.checkpointsChecked == 2)
        #expect(!TrailVerifier.verify(Self.trail).isAnchored)
    }

    @Test("signatures: none, unsigned, not checked without a key, verified with it")
    func signatureStatus() throws {
        let checkpoint = TrailFixture.checkpoint(Self.trail, size: 40)
        let signer = CheckpointSigner.generateKey()
        let signed = try signer.sign(checkpoint)
        #expect(TrailVerifier.verify(Self.trail).signatures == .none)
        #expect(TrailVerifier.verify(Self.trail, checkpoints: [checkpoint]).signatures == .unsigned)
        #expect(TrailVerifier.verify(Self.trail, checkpoints: [signed, checkpoint]).signatures == .notChecked)
        let verified = TrailVerifier.verify(Self.trail, checkpoints: [signed], trustedKey: signer.publicKey)
        #expect(verified.isOK)
        #expect(verified.signatures == .verified)
    }

    @Test("an entry dated before the entry before it is a warning naming its seq; the chain still verifies")
    func timeGoesBack() {
        var entries: [TrailEntry] = []
        for (index, at) in [1000, 2000, 1500, 1500, 900].enumerated() {
            let draft = TrailEntry(seq: 0, at: Int64(at), instance: "i", definition: "", event: "acted", account: "a",
                                   host: "h", engineVersion: "1", previousHash: "")
            entries.append(draft.sealed(after: index == 0 ? nil : entries[index - 1]))
        }
        let report = TrailVerifier.verify(entries)
        #expect(report.isOK)
        #expect(report.timeRegressions.map(\.seq) == [3, 5])
        #expect(report.problems.map(\.seq) == [3, 5])
        #expect(report.problems.allSatisfy { $0.severity == .warning && $0.kind == "timeBackwards" })
        #expect(report.problems.first?.message.hasPrefix("entry 3 is dated 1970-01-01T00:00:01.500Z, before entry 2") == true)
    }
}
