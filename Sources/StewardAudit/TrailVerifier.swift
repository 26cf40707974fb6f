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
///
/// Outside checkpoints (files kept away from the store) anchor the trail; a version 2
/// checkpoint's link to its previous one is checked as a checkpoint too. The checkpoints a
/// store records about itself (`recorded`) are checked the same way but anchor nothing:
/// whoever can rewrite the trail can rewrite them (`storeCheckpointMismatch`, `storeTruncated`).
/// An entry dated before the entry before it is noted, not failed (`timeRegressions`).
public struct TrailVerifier: Sendable {
    var expectedSeq: Int64 = 1
    var previousHash = TrailEntry.genesisHash
    var accumulator = MerkleAccumulator()
    /// What the checkpoints say the root is at their sizes, sorted by size.
    private let claims: [RootClaim]
    private var nextClaim = 0
    /// The chain checked, in a trail in chains (`TrailChainsVerifier`); nil in a trail of one chain.
    let chain: Int?
    /// The largest size at which an outside checkpoint (or its previous link) matched.
    private var lastMatchedSize: Int64 = 0
    private var outsideMatched = 0
    private var recordedMatched = 0
    private let signatures: SignatureStatus
    /// The time of the last sound entry.
    private var previousAt: Int64?
    private(set) var timeRegressions: [TimeRegression] = []
    private(set) var timeRegressionCount = 0
    /// The seq found where `expectedSeq` was expected, waiting for one more entry to tell a
    /// gap from a swap.
    var pendingGap: (found: Int64, line: Int?)?
    /// The first problem; once set, further entries are ignored.
    public internal(set) var failure: VerificationFailure?

    /// How many entries dated before the entry before them are listed in a report (the rest are counted).
    public static let listedTimeRegressions = 100

    /// A verifier that also compares the trail with the outside `checkpoints` (and the previous
    /// checkpoint each names) and with the checkpoints the store `recorded`; when `trustedKey`
    /// is given, every outside checkpoint must carry a valid signature by that key.
    public init(checkpoints: [Checkpoint] = [], trustedKey: CheckpointPublicKey? = nil, recorded: [Checkpoint] = []) {
        chain = nil
        var claims: [RootClaim] = []
        for checkpoint in checkpoints {
            claims.append(RootClaim(size: checkpoint.treeSize, root: checkpoint.rootHash, checkpoint: checkpoint, source: .outside))
            if let previous = checkpoint.previous {
                claims.append(RootClaim(size: previous.treeSize, root: previous.rootHash, checkpoint: checkpoint,
                                        source: .previousOf))
            }
        }
        claims += recorded.map { RootClaim(size: $0.treeSize, root: $0.rootHash, checkpoint: $0, source: .recorded) }
        self.claims = claims.enumerated().sorted { ($0.element.size, $0.offset) < ($1.element.size, $1.offset) }.map(\.element)
        signatures = SignatureStatus(of: checkpoints, trustedKey: trustedKey)
        if let trustedKey {
            for checkpoint in checkpoints.sorted(by: { $0.treeSize < $1.treeSize })
            where !trustedKey.isValidSignature(on: checkpoint) {
                failure = Self.signatureFailure(checkpoint, trustedKey: trustedKey)
                return
            }
        }
        checkCheckpoints()
    }

    /// A verifier of chain `chain` of a trail in chains: it starts from the chain's genesis hash
    /// and checks the `claims` checkpoints make about the chain (signatures are checked by the caller).
    init(chain: Int, claims: [RootClaim]) {
        self.chain = chain
        previousHash = TrailEntry.genesisHash(chain: chain)
        self.claims = claims.enumerated().sorted { ($0.element.size, $0.offset) < ($1.element.size, $1.offset) }.map(\.element)
        signatures = .none
        checkCheckpoints()
    }

    /// Verifies `entries` in order against `checkpoints` (and the store's `recorded` ones).
    public static func verify(_ entries: some Sequence<TrailEntry>, checkpoints: [Checkpoint] = [],
                              trustedKey: CheckpointPublicKey? = nil, recorded: [Checkpoint] = []) -> VerificationReport {
        var verifier = TrailVerifier(checkpoints: checkpoints, trustedKey: trustedKey, recorded: recorded)
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
        return check(seq: entry.seq, at: entry.at, leaf: leaf, follows: { entry.previousHash == $0 }, hash: { entry.hash },
                     line: line)
    }

    /// The checks after the digest, the same for every reader of entries: `leaf` is nil when
    /// the stored hash does not match the contents; `follows` compares the entry's previous
    /// hash with the one given; `hash` is the entry's own hash text.
    mutating func check(seq entrySeq: Int64, at: Int64, leaf: MerkleHash?, follows: (String) -> Bool,
                        hash: () -> String, line: Int?) -> Bool {
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
            let start = chain.map { "entry 1 does not start chain \($0): its previous hash is not the chain's genesis hash" }
            let what = seq == 1 ? start ?? "entry 1 does not start the trail: its previous hash is not 64 zeros"
                : "entry \(seq) does not follow entry \(seq - 1): its previous hash is not entry \(seq - 1)'s hash"
            failure = VerificationFailure(reason: .brokenChain, seq: seq, line: line,
                message: "\(what) (an entry was inserted, removed or replaced before it)")
            return false
        }
        if let previousAt, at < previousAt {
            timeRegressionCount += 1
            if timeRegressions.count < Self.listedTimeRegressions {
                timeRegressions.append(TimeRegression(seq: seq, at: at, previousAt: previousAt, chain: chain))
            }
        }
        previousAt = at
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
        let unmatched = claims[nextClaim...]
        // An outside checkpoint is the stronger evidence: name it rather than the store's own.
        if failure == nil, let claim = unmatched.last(where: { $0.source == .outside }) ?? unmatched.last {
            failure = claim.beyondEnd(count: accumulator.size)
        }
        return VerificationReport(failure: failure, entriesChecked: accumulator.size, checkpointsChecked: outsideMatched,
                                  rootHash: accumulator.root.hex, storeCheckpointsChecked: recordedMatched,
                                  anchoredSize: lastMatchedSize, signatures: signatures, timeRegressions: timeRegressions,
                                  timeRegressionCount: timeRegressionCount)
    }

    /// Compares the root with every claim about the current size.
    mutating func checkCheckpoints() {
        while failure == nil, nextClaim < claims.count, claims[nextClaim].size <= accumulator.size {
            let claim = claims[nextClaim]
            if claim.size == accumulator.size, claim.root.lowercased() != accumulator.root.hex {
                failure = claim.mismatch(lastMatchedSize: lastMatchedSize)
                return
            }
            switch claim.source {
            case .outside:
                outsideMatched += 1
                lastMatchedSize = max(lastMatchedSize, claim.size)
            case .previousOf:
                lastMatchedSize = max(lastMatchedSize, claim.size)
            case .recorded:
                recordedMatched += 1
            }
            nextClaim += 1
        }
    }

    static func signatureFailure(_ checkpoint: Checkpoint, trustedKey: CheckpointPublicKey) -> VerificationFailure {
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
