/// Checks a trail entry by entry, in seq order, with flat memory.
///
/// Keeps only the hash of the last sound entry, the next expected seq, a
/// `MerkleAccumulator` and the checkpoints. Feed entries with `append(_:)`, then read
/// `finish()`. What it catches:
/// - an altered entry (its hash no longer matches its contents): `hashMismatch`;
/// - a removed, inserted, duplicated or swapped entry: `seqGap`, `brokenChain`, `seqRepeat`,
///   `outOfOrder`;
/// - an entry rewritten *and re-hashed*: the next entry's `brokenChain`; if the whole rest
///   of the chain was rewritten too, only a checkpoint catches it: `checkpointMismatch`;
/// - entries cut off the end: only a checkpoint covering them catches it (`truncated`);
///   a trail cut short with no later checkpoint is a valid shorter trail.
public struct TrailVerifier: Sendable {
    var expectedSeq: Int64 = 1
    var previousHash = TrailEntry.genesisHash
    var accumulator = MerkleAccumulator()
    /// Sorted by tree size.
    private let checkpoints: [Checkpoint]
    private var nextCheckpoint = 0
    private var lastMatchedSize: Int64 = 0
    /// The seq found where `expectedSeq` was expected, waiting for one more entry to tell a
    /// gap from a swap.
    var pendingGap: (found: Int64, line: Int?)?
    /// The first problem; once set, further entries are ignored.
    public internal(set) var failure: VerificationFailure?

    /// A verifier that also compares the trail with `checkpoints`; when `trustedKey` is given,
    /// every checkpoint must carry a valid signature by that key.
    public init(checkpoints: [Checkpoint] = [], trustedKey: CheckpointPublicKey? = nil) {
        self.checkpoints = checkpoints.sorted { $0.treeSize < $1.treeSize }
        if let trustedKey {
            for checkpoint in self.checkpoints where !trustedKey.isValidSignature(on: checkpoint) {
                failure = Self.signatureFailure(checkpoint, trustedKey: trustedKey)
                return
            }
        }
        checkCheckpoints()
    }

    /// Verifies `entries` in order against `checkpoints`.
    public static func verify(_ entries: some Sequence<TrailEntry>, checkpoints: [Checkpoint] = [],
                              trustedKey: CheckpointPublicKey? = nil) -> VerificationReport {
        var verifier = TrailVerifier(checkpoints: checkpoints, trustedKey: trustedKey)
        for entry in entries where verifier.append(entry) == false {
            break
        }
        return verifier.finish()
    }

    /// The number of sound entries so far.
    public var entriesChecked: Int64 { accumulator.size }

    /// Checks the next entry; returns false once a problem has been found (later entries are ignored).
    /// `line` is the entry's line in a file, for the report.
    @discardableResult
    public mutating func append(_ entry: TrailEntry, line: Int? = nil) -> Bool {
        guard failure == nil else { return false }
        // One digest per entry: compared with the stored hash as text (case matters: a
        // sealed hash is lower-case hex), then used as the Merkle leaf as bytes.
        let digest = entry.leafHash
        let leaf = digest.withUnsafeBytes { Hex.isLowercaseHex(entry.hash, of: $0) } ? digest : nil
        return check(seq: entry.seq, leaf: leaf, follows: { entry.previousHash == $0 }, hash: { entry.hash }, line: line)
    }

    /// The checks after the digest, the same for every reader of entries: `leaf` is nil when
    /// the stored hash does not match the contents; `follows` compares the entry's previous
    /// hash with the one given; `hash` is the entry's own hash text.
    mutating func check(seq entrySeq: Int64, leaf: MerkleHash?, follows: (String) -> Bool, hash: () -> String,
                        line: Int?) -> Bool {
        let seq = expectedSeq
        // The entry after a gap tells a gap (it goes on) from a swap (it is the missing one).
        if let gap = pendingGap {
            failure = entrySeq == seq ? Self.swapFailure(seq: seq, found: gap.found, line: gap.line)
                : Self.gapFailure(seq: seq, found: gap.found, line: gap.line)
            return false
        }
        guard let leaf else {
            failure = VerificationFailure(reason: .hashMismatch, seq: seq, line: line,
                message: "entry \(seq) was altered: its hash does not match its contents")
            return false
        }
        if entrySeq > seq {
            pendingGap = (entrySeq, line)
            return true
        }
        guard entrySeq == seq else {
            let what = entrySeq >= 1 ? "entry \(entrySeq) appears again (a duplicate, or an entry moved back)"
                : "there is an entry numbered \(entrySeq), which is not a valid sequence number"
            failure = VerificationFailure(reason: .seqRepeat, seq: seq, line: line,
                message: "where entry \(seq) should be, \(what)")
            return false
        }
        guard follows(previousHash) else {
            let what = seq == 1 ? "entry 1 does not start the trail: its previous hash is not 64 zeros"
                : "entry \(seq) does not follow entry \(seq - 1): its previous hash is not entry \(seq - 1)'s hash"
            failure = VerificationFailure(reason: .brokenChain, seq: seq, line: line,
                message: "\(what) (an entry was inserted, removed or replaced before it)")
            return false
        }
        accumulator.append(leaf)
        previousHash = hash()
        expectedSeq = seq &+ 1
        checkCheckpoints()
        return failure == nil
    }

    /// Records that the input could not be read at `line` (an exported file's malformed line).
    public mutating func recordUnreadable(line: Int, message: String) {
        guard failure == nil else { return }
        if let gap = pendingGap {
            failure = Self.gapFailure(seq: expectedSeq, found: gap.found, line: gap.line)
            return
        }
        failure = VerificationFailure(reason: .malformed, seq: expectedSeq, line: line,
            message: "line \(line) cannot be read as an entry (where entry \(expectedSeq) should be): \(message)")
    }

    /// The report: the first problem, or the checks that remain at the end of the trail
    /// (a pending gap, a checkpoint that covers more entries than there are).
    public func finish() -> VerificationReport {
        var failure = self.failure
        if failure == nil, let gap = pendingGap {
            failure = Self.gapFailure(seq: expectedSeq, found: gap.found, line: gap.line)
        }
        if failure == nil, nextCheckpoint < checkpoints.count {
            let checkpoint = checkpoints[checkpoints.count - 1]
            let count = accumulator.size
            failure = VerificationFailure(reason: .truncated, seq: count &+ 1,
                message: "the trail ends after entry \(count), but the checkpoint of \(TrailTime.iso8601(checkpoint.createdAt)) "
                    + "covers \(checkpoint.treeSize) entries: entries \(count &+ 1) to \(checkpoint.treeSize) were removed")
        }
        return VerificationReport(failure: failure, entriesChecked: accumulator.size,
                                  checkpointsChecked: nextCheckpoint, rootHash: accumulator.root.hex)
    }

    /// Compares the root with every checkpoint of the current size.
    mutating func checkCheckpoints() {
        while failure == nil, nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].treeSize <= accumulator.size {
            let checkpoint = checkpoints[nextCheckpoint]
            let size = checkpoint.treeSize
            if size == accumulator.size, checkpoint.rootHash.lowercased() != accumulator.root.hex {
                let range = lastMatchedSize == 0 ? "at or before entry \(size)"
                    : "between entry \(lastMatchedSize + 1) and entry \(size)"
                failure = VerificationFailure(reason: .checkpointMismatch, seq: size,
                    message: "the first \(size) entries do not match the checkpoint of \(TrailTime.iso8601(checkpoint.createdAt)): "
                        + "an entry \(range) was rewritten")
                return
            }
            lastMatchedSize = size
            nextCheckpoint += 1
        }
    }

    private static func signatureFailure(_ checkpoint: Checkpoint, trustedKey: CheckpointPublicKey) -> VerificationFailure {
        let which = "the checkpoint of \(TrailTime.iso8601(checkpoint.createdAt)) for \(checkpoint.treeSize) entries"
        let problem: String
        switch checkpoint.keyID {
        case nil: problem = "is not signed"
        case trustedKey.keyID: problem = "has an invalid signature (it was changed after signing, or forged)"
        case let other?: problem = "is signed by key \(other), not by the trusted key \(trustedKey.keyID)"
        }
        return VerificationFailure(reason: .badSignature, seq: nil, message: "\(which) \(problem)")
    }

    static func gapFailure(seq: Int64, found: Int64, line: Int?) -> VerificationFailure {
        let after = seq == 1 ? "the trail starts with entry \(found)" : "entry \(seq - 1) is followed by entry \(found)"
        return VerificationFailure(reason: .seqGap, seq: seq, line: line, message: "entry \(seq) is missing: \(after)")
    }

    static func swapFailure(seq: Int64, found: Int64, line: Int?) -> VerificationFailure {
        VerificationFailure(reason: .outOfOrder, seq: seq, line: line,
            message: "entries \(seq) and \(found) are out of order: entry \(found) comes before entry \(seq)")
    }
}
