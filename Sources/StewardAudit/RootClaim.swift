/// What a checkpoint says about a trail: the Merkle root of its first `size` entries.
///
/// One checkpoint may say two things (its own root, and its previous checkpoint's), and
/// the verifier checks each where the trail reaches that size.
struct RootClaim: Sendable {
    /// Where the claim comes from, which decides what a mismatch means.
    enum Source: Sendable, Equatable {
        /// An outside checkpoint's own size and root.
        case outside
        /// The previous checkpoint an outside (version 2) checkpoint names.
        case previousOf
        /// A checkpoint the store records about itself: evidence against a careless edit only.
        case recorded
    }

    let size: Int64
    let root: String
    /// The checkpoint that makes the claim.
    let checkpoint: Checkpoint
    let source: Source

    private var made: String { TrailTime.iso8601(checkpoint.createdAt) }

    /// The failure when the first `size` entries give another root; `lastMatchedSize` is the
    /// largest size at which an outside checkpoint matched (the rewrite is after it).
    func mismatch(lastMatchedSize: Int64) -> VerificationFailure {
        let range = lastMatchedSize == 0 || lastMatchedSize >= size ? "at or before entry \(size)"
            : "between entry \(lastMatchedSize + 1) and entry \(size)"
        switch source {
        case .outside:
            return VerificationFailure(reason: .checkpointMismatch, seq: size,
                message: "the first \(size) entries do not match the checkpoint of \(made): an entry \(range) was rewritten")
        case .previousOf:
            return VerificationFailure(reason: .checkpointMismatch, seq: size,
                message: "the first \(size) entries do not match the previous checkpoint that the checkpoint of \(made) "
                    + "names: an entry \(range) was rewritten")
        case .recorded:
            return VerificationFailure(reason: .storeCheckpointMismatch, seq: size,
                message: "the first \(size) entries do not give the root the store's checkpoint table records for them "
                    + "(made \(made)): an entry at or before entry \(size) was rewritten, or the table was changed")
        }
    }

    /// The failure when the trail ends after `count` entries, before `size`.
    func beyondEnd(count: Int64) -> VerificationFailure {
        let removed = "entries \(count &+ 1) to \(size) were removed"
        switch source {
        case .outside, .previousOf:
            let what = source == .outside ? "the checkpoint of \(made) covers \(size) entries"
                : "the checkpoint of \(made) names a previous checkpoint of \(size) entries"
            return VerificationFailure(reason: .truncated, seq: count &+ 1,
                message: "the trail ends after entry \(count), but \(what): \(removed)")
        case .recorded:
            return VerificationFailure(reason: .storeTruncated, seq: count &+ 1,
                message: "the trail ends after entry \(count), but the store's checkpoint table records a checkpoint of "
                    + "\(size) entries (made \(made)): \(removed), or the table was changed")
        }
    }
}
