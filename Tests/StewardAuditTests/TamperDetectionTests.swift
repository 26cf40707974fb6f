import StewardAudit
import Testing

/// Every single-bit flip, deletion, insertion, swap and duplication in a 100-entry trail is
/// detected, and the first bad seq is named. Flips are checked from a snapshot of the
/// verifier taken just before the changed entry (the entries before it are unchanged, so a
/// full run would only repeat that work); a sample is re-checked end to end.
@Suite struct TamperDetectionTests {
    static let trail = TrailFixture.trail(count: 100)
    static let snapshots = TrailFixture.snapshots(trail)
    static var stringFields: [(String, WritableKeyPath<TrailEntry, String>)] {
        [("instance", \.instance), ("definition", \.definition), ("event", \.event), ("fromState", \.fromState),
         ("toState", \.toState), ("person", \.person), ("account", \.account), ("host", \.host),
         ("engineVersion", \.engineVersion), ("details", \.details), ("previousHash", \.previousHash), ("hash", \.hash)]
    }
    static var integerFields: [(String, WritableKeyPath<TrailEntry, Int64>)] { [("seq", \.seq), ("at", \.at)] }

    /// All single-bit flips of one field of one entry.
    static func flips(of entry: TrailEntry) -> [(String, TrailEntry)] {
        var result: [(String, TrailEntry)] = []
        for (name, path) in stringFields {
            let bytes = Array(entry[keyPath: path].utf8)
            for index in bytes.indices {
                for bit in 0..<8 {
                    var changed = bytes
                    changed[index] ^= 1 << bit
                    var mutated = entry
                    // Invalid UTF-8 cannot be stored in a String: it is repaired (U+FFFD), still a change.
                    mutated[keyPath: path] = String(decoding: changed, as: UTF8.self)
                    result.append(("\(name) byte \(index) bit \(bit)", mutated))
                }
            }
        }
        for (name, path) in integerFields {
            for bit in 0..<64 {
                var mutated = entry
                mutated[keyPath: path] ^= Int64(bitPattern: 1 << UInt64(bit))
                result.append(("\(name) bit \(bit)", mutated))
            }
        }
        return result
    }

    @Test func trailVerifiesUntouched() {
        let report = TrailVerifier.verify(Self.trail)
        #expect(report.isOK, "\(report)")
        #expect(report.entriesChecked == 100)
        #expect(report.rootHash == TrailFixture.checkpoint(Self.trail, size: 100).rootHash)
        #expect(Self.trail.contains { $0.details.contains("批准了申请") })
    }

    @Test func everySingleBitFlipOfEveryFieldIsDetectedAtItsEntry() {
        var checked = 0
        var missed: [String] = []
        for (index, entry) in Self.trail.enumerated() {
            for (what, mutated) in Self.flips(of: entry) {
                var verifier = Self.snapshots[index]
                verifier.append(mutated)
                checked += 1
                let failure = verifier.failure
                if failure?.seq != entry.seq || failure?.reason != .hashMismatch {
                    missed.append("entry \(entry.seq) \(what): \(failure?.message ?? "not detected")")
                }
            }
        }
        #expect(missed.isEmpty, "\(missed.prefix(5))")
        #expect(checked > 250_000)
    }

    @Test(arguments: [1, 2, 37, 99, 100])
    func flipsAreDetectedEndToEnd(seq: Int) throws {
        let entry = Self.trail[seq - 1]
        for (what, mutated) in Self.flips(of: entry).enumerated().filter({ $0.offset % 97 == 0 }).map(\.element) {
            var trail = Self.trail
            trail[seq - 1] = mutated
            let failure = try #require(TrailVerifier.verify(trail).failure, "\(what)")
            #expect(failure.seq == Int64(seq), "\(what)")
            #expect(failure.reason == .hashMismatch)
            #expect(failure.message == "entry \(seq) was altered: its hash does not match its contents")
        }
    }

    @Test func everyDeletionIsDetected() {
        for seq in 1..<100 {
            var trail = Self.trail
            trail.remove(at: seq - 1)
            let failure = TrailVerifier.verify(trail).failure
            #expect(failure?.seq == Int64(seq) && failure?.reason == .seqGap, "deleting \(seq): \(String(describing: failure))")
        }
        let tail = Self.trail.dropLast()
        // Removing the last entry is truncation: a valid shorter trail unless a checkpoint covers it.
        #expect(TrailVerifier.verify(tail).isOK)
        let covered = TrailVerifier.verify(tail, checkpoints: [TrailFixture.checkpoint(Self.trail, size: 100)])
        #expect(covered.failure?.reason == .truncated && covered.failure?.seq == 100)
    }

    @Test func everyInsertionOfAForeignEntryIsDetected() {
        let foreign = TrailFixture.trail(count: 101, salt: 7)
        for position in 0...100 {
            // A foreign entry with the right seq for the spot, and one with some other seq.
            for stranger in [foreign[position], foreign[(position * 37 + 11) % 101]] {
                var trail = Self.trail
                trail.insert(stranger, at: position)
                let failure = TrailVerifier.verify(trail).failure
                // Another trail's first entry also starts from the genesis hash: put first, it
                // reads as a valid start, and the original entry 1 right after it is the first misfit.
                let seq = Int64(position + 1) + (position == 0 && stranger.seq == 1 ? 1 : 0)
                #expect(failure?.seq == seq, "inserting seq \(stranger.seq) before \(seq): \(String(describing: failure))")
                #expect([.brokenChain, .seqRepeat, .seqGap, .outOfOrder].contains(failure?.reason))
            }
        }
    }

    @Test func resealedInsertionIsCaughtAtTheNextEntryOrByACheckpoint() {
        var trail = Self.trail
        let forged = TrailFixture.trail(count: 1, salt: 3)[0].sealed(after: trail[49])
        trail.insert(forged, at: 50)
        // The forged entry chains correctly onto entry 50; the original entry 51 after it no longer fits.
        let failure = TrailVerifier.verify(trail).failure
        #expect(failure?.seq == 52 && failure?.reason == .seqRepeat)
        // Re-sealing everything after it leaves a consistent chain: only a checkpoint catches that.
        var rewritten = Array(trail.prefix(51))
        for entry in trail.dropFirst(51) {
            rewritten.append(entry.sealed(after: rewritten.last))
        }
        #expect(TrailVerifier.verify(rewritten).isOK)
        let checkpoints = [TrailFixture.checkpoint(Self.trail, size: 40), TrailFixture.checkpoint(Self.trail, size: 80)]
        let caught = TrailVerifier.verify(rewritten, checkpoints: checkpoints).failure
        #expect(caught?.reason == .checkpointMismatch && caught?.seq == 80)
        #expect(caught?.message.contains("between entry 41 and entry 80 was rewritten") == true)
    }

    @Test func everyAdjacentSwapIsDetected() {
        for seq in 1..<100 {
            var trail = Self.trail
            trail.swapAt(seq - 1, seq)
            let failure = TrailVerifier.verify(trail).failure
            #expect(failure?.seq == Int64(seq) && failure?.reason == .outOfOrder, "swapping \(seq): \(String(describing: failure))")
            #expect(failure?.message == "entries \(seq) and \(seq + 1) are out of order: entry \(seq + 1) comes before entry \(seq)")
        }
    }

    @Test func everyDuplicationIsDetected() {
        for seq in 1...100 {
            var trail = Self.trail
            trail.insert(trail[seq - 1], at: seq)
            let failure = TrailVerifier.verify(trail).failure
            #expect(failure?.seq == Int64(seq + 1) && failure?.reason == .seqRepeat, "duplicating \(seq): \(String(describing: failure))")
        }
    }

    /// Cutting entries off the end leaves a valid shorter trail: only a checkpoint that covers
    /// the removed entries can tell. Truncation above the newest checkpoint goes unnoticed.
    @Test func truncationIsDetectedOnlyBelowACheckpoint() {
        let checkpoint = TrailFixture.checkpoint(Self.trail, size: 100)
        for length in 0..<100 {
            let short = Array(Self.trail.prefix(length))
            #expect(TrailVerifier.verify(short).isOK)
            let failure = TrailVerifier.verify(short, checkpoints: [checkpoint]).failure
            #expect(failure?.reason == .truncated && failure?.seq == Int64(length + 1), "length \(length)")
        }
        let failure = TrailVerifier.verify(Self.trail.prefix(60), checkpoints: [checkpoint]).failure
        #expect(failure?.message == "the trail ends after entry 60, but the checkpoint of 2025-11-25T19:46:40.000Z "
            + "covers 100 entries: entries 61 to 100 were removed")
        let older = TrailFixture.checkpoint(Self.trail, size: 50)
        #expect(TrailVerifier.verify(Self.trail.prefix(70), checkpoints: [older]).isOK)
    }

    @Test func rewriteBelowACheckpointIsDetected() {
        var rewritten = Array(Self.trail.prefix(29))
        var changed = Self.trail[29]
        changed.details = canonicalJSON(["comment": "改过了"])
        rewritten.append(changed.sealed(after: rewritten.last))
        for entry in Self.trail.dropFirst(30) {
            rewritten.append(entry.sealed(after: rewritten.last))
        }
        #expect(TrailVerifier.verify(rewritten).isOK)
        let failure = TrailVerifier.verify(rewritten, checkpoints: [TrailFixture.checkpoint(Self.trail, size: 50)]).failure
        #expect(failure?.reason == .checkpointMismatch && failure?.seq == 50)
        #expect(failure?.message.contains("an entry at or before entry 50 was rewritten") == true)
        // Re-hashing only the changed entry breaks the chain at the next one.
        var local = Self.trail
        local[29] = changed.sealed(after: local[28])
        #expect(TrailVerifier.verify(local).failure?.seq == 31)
        #expect(TrailVerifier.verify(local).failure?.reason == .brokenChain)
    }
}
