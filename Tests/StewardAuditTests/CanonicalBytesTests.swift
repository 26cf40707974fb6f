import Crypto
import StewardAudit
import Testing

@Suite struct CanonicalBytesTests {
    static let sample = TrailEntry(
        seq: 1, at: 1_764_033_000_123, instance: "inst-1", definition: "", event: "started", toState: "draft",
        person: "张伟", account: "root", host: "h", engineVersion: "0.1.0", details: "{}",
        previousHash: TrailEntry.genesisHash)

    @Test func layoutIsTagThenBigEndianIntegersThenLengthPrefixedStrings() {
        let bytes = Self.sample.canonicalBytes
        #expect(bytes.count == 176)
        #expect(Array(bytes.prefix(16)) == Array("steward-trail-v1".utf8))
        #expect(Array(bytes[16..<24]) == [0, 0, 0, 0, 0, 0, 0, 1])
        #expect(Array(bytes[24..<32]) == [0x00, 0x00, 0x01, 0x9a, 0xb8, 0x8f, 0x72, 0xbb])
        #expect(Array(bytes[32..<42]) == [0, 0, 0, 6] + Array("inst-1".utf8))
        #expect(Array(bytes[42..<46]) == [0, 0, 0, 0])
        #expect(Array(bytes.suffix(68)) == [0, 0, 0, 64] + Array(String(repeating: "0", count: 64).utf8))
    }

    /// Golden hashes computed independently (Python hashlib over the documented layout).
    @Test func hashIsLeafHashOfCanonicalBytes() {
        #expect(Self.sample.computeHash() == "36b895967ef9e391af08122456d1e54782799f076e47a995a27823029cf154e4")
        let bytes = [0x00] + Self.sample.canonicalBytes
        #expect(Self.sample.computeHash() == MerkleHash(bytes: Array(SHA256.hash(data: bytes)))?.hex)
        let negative = TrailEntry(seq: -2, at: -1, instance: "", definition: "", event: "", account: "", host: "",
                                  engineVersion: "", details: "", previousHash: "")
        #expect(negative.computeHash() == "bc31afb0271cc5de2667156b65b5a2299ba1b9a143cd7f7add00785388cc2ee6")
    }

    @Test func hashFieldIsNotCovered() {
        var entry = Self.sample
        entry.hash = "anything"
        #expect(entry.canonicalBytes == Self.sample.canonicalBytes)
    }

    @Test func lengthPrefixesKeepAdjacentFieldsApart() {
        var a = Self.sample
        var b = Self.sample
        a.fromState = "ab"
        a.toState = "c"
        b.fromState = "a"
        b.toState = "bc"
        #expect(a.computeHash() != b.computeHash())
    }

    @Test func sealingChainsEntries() {
        let first = Self.sample.sealed(after: nil)
        #expect(first.seq == 1)
        #expect(first.previousHash == TrailEntry.genesisHash)
        #expect(first.hash == first.computeHash())
        #expect(first.hasValidHash)
        let second = Self.sample.sealed(after: first)
        #expect(second.seq == 2)
        #expect(second.previousHash == first.hash)
        #expect(second.hasValidHash)
        #expect(second == Self.sample.sealed(seq: 2, previousHash: first.hash))
        #expect(TrailVerifier.verify([first, second]).isOK)
    }
}
