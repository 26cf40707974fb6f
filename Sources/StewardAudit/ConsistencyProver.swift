/// Reads a trail up to a later checkpoint's size, verifying it against both checkpoints, and
/// keeps the leaf hashes to prove that the later checkpoint extends the earlier one.
///
/// Feed entries while `wantsMore`, then `finish()`. Memory: one 32-byte hash per entry.
public struct ConsistencyProver: Sendable, TrailEntryConsumer {
    /// The earlier and the later checkpoint.
    public let from: Checkpoint
    public let to: Checkpoint
    private var verifier: TrailVerifier
    private var leaves: [MerkleHash] = []

    /// A prover from `from` to `to` (`from` no larger than `to`); with `trustedKey`, both must
    /// be signed by it.
    public init(from: Checkpoint, to: Checkpoint, trustedKey: CheckpointPublicKey? = nil) {
        self.from = from
        self.to = to
        verifier = TrailVerifier(checkpoints: [from, to], trustedKey: trustedKey)
    }

    /// True until the later checkpoint's entries are all read, or a problem is found.
    public var wantsMore: Bool { verifier.failure == nil && Int64(leaves.count) < to.treeSize }

    /// Checks the next entry and keeps its leaf hash.
    @discardableResult
    public mutating func append(_ entry: TrailEntry, line: Int? = nil) -> Bool {
        guard wantsMore, verifier.append(entry, line: line), let leaf = MerkleHash(hex: entry.hash) else { return false }
        leaves.append(leaf)
        return wantsMore
    }

    /// As `append(_:)`, from the bytes of a stored entry.
    public mutating func append(raw entry: some RawTrailEntry, buffer: inout [UInt8]) {
        guard wantsMore, verifier.append(raw: entry, buffer: &buffer),
              let leaf = MerkleHash(hex: String(decoding: entry.hash, as: UTF8.self)) else { return }
        leaves.append(leaf)
    }

    /// Records that the input could not be read at `line`.
    public mutating func recordUnreadable(line: Int, message: String) {
        verifier.recordUnreadable(line: line, message: message)
    }

    /// The proof, or the problem that showed the trail does not give both checkpoints
    /// (a rewritten or missing entry, a checkpoint that does not match, a bad signature).
    public func finish() -> Result<ConsistencyProof, VerificationFailure> {
        if let failure = verifier.finish().failure { return .failure(failure) }
        guard let proof = ConsistencyProof(old: from.treeSize, leafHashes: leaves), proof.isValid else {
            return .failure(VerificationFailure(reason: .checkpointMismatch, seq: to.treeSize,
                message: "the trail does not give a consistency proof between the two checkpoints"))
        }
        return .success(proof)
    }
}
