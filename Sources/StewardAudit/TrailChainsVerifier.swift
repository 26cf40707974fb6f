/// Checks a trail in chains (a PostgreSQL store made with `trail_chains:` above 1), entry by
/// entry in (chain, seq) order, with memory that grows only with the number of chains.
///
/// Each chain is checked as `TrailVerifier` checks a trail of one chain, from its own genesis
/// hash (`TrailEntry.genesisHash(chain:)`), against the size and root every version 3
/// checkpoint states for it. Besides what that catches, it finds entries out of chain order,
/// entries in a chain the store does not have, and checkpoints of another number of chains;
/// checkpoints must not shrink a chain from one to the next. A checkpoint of one chain
/// (version 1 or 2) speaks of chain 0: a store moved into chains (`store migrate`) keeps its
/// old trail there, and its old checkpoints still hold. Every problem names its chain.
public struct TrailChainsVerifier: Sendable {
    /// K when the store says it; nil for an exported file (then the checkpoints' K, or the
    /// highest chain seen and one).
    private let declaredChains: Int?
    /// The chains the checkpoints are about (0 when none was given).
    private let checkpointChains: Int
    private var claims: [Int: [RootClaim]] = [:]
    private var chain = 0
    private var current: TrailVerifier
    /// The finished chains' sound entries and roots, in chain order.
    private var heads: [ChainHead] = []
    private var timeRegressions: [TimeRegression] = []
    private var timeRegressionCount = 0
    private let outside: [Checkpoint]
    private let recorded: [Checkpoint]
    private let signatures: SignatureStatus
    /// The first problem; once set, further entries are ignored.
    public private(set) var failure: VerificationFailure?

    /// The most chains a store is made with (`trail_chains:` is 1 to 4096).
    public static let mostChains = 4096

    /// A verifier of a trail of `chains` chains (nil when not known: an exported file) against
    /// the outside `checkpoints` and the store's `recorded` ones, all version 3 of that many
    /// chains; with `trustedKey`, every outside checkpoint must be signed by it.
    public init(chains: Int?, checkpoints: [Checkpoint] = [], trustedKey: CheckpointPublicKey? = nil,
                recorded: [Checkpoint] = []) {
        outside = checkpoints
        self.recorded = recorded
        signatures = SignatureStatus(of: checkpoints, trustedKey: trustedKey)
        checkpointChains = (checkpoints + recorded).compactMap { $0.chains?.count }.max() ?? 0
        declaredChains = chains ?? (checkpointChains > 0 ? checkpointChains : nil)
        current = TrailVerifier(chain: 0, claims: [])
        if let trustedKey {
            for checkpoint in checkpoints.sorted(by: { $0.treeSize < $1.treeSize })
            where !trustedKey.isValidSignature(on: checkpoint) {
                failure = TrailVerifier.signatureFailure(checkpoint, trustedKey: trustedKey)
                return
            }
        }
        failure = checkShapes() ?? checkLinks() ?? checkGrowth()
        guard failure == nil else { return }
        for (checkpoint, source) in checkpoints.map({ ($0, RootClaim.Source.outside) }) + recorded.map({ ($0, .recorded) }) {
            guard let chains = checkpoint.chains else {
                claims[0, default: []].append(RootClaim(size: checkpoint.treeSize, root: checkpoint.rootHash,
                                                        checkpoint: checkpoint, source: source))
                if source == .outside, let previous = checkpoint.previous {
                    claims[0, default: []].append(RootClaim(size: previous.treeSize, root: previous.rootHash,
                                                            checkpoint: checkpoint, source: .previousOf))
                }
                continue
            }
            for (chain, head) in chains.enumerated() {
                claims[chain, default: []].append(RootClaim(size: head.size, root: head.root, checkpoint: checkpoint,
                                                            source: source))
            }
        }
        current = TrailVerifier(chain: 0, claims: claims[0] ?? [])
    }

    /// The number of sound entries so far.
    public var entriesChecked: Int64 { heads.reduce(current.entriesChecked) { $0 + $1.size } }

    /// Checks the next entry; false once a problem has been found. `line` is its line in a file.
    @discardableResult
    public mutating func append(_ entry: TrailEntry, line: Int? = nil) -> Bool {
        guard failure == nil, move(to: entry.chain, seq: entry.seq, line: line) else { return false }
        return record(current.append(entry, line: line))
    }

    /// As `append(_:)`, from the bytes of the stored fields.
    @discardableResult
    public mutating func append(raw entry: some RawTrailEntry, buffer: inout [UInt8]) -> Bool {
        guard failure == nil, move(to: entry.chain, seq: entry.seq, line: nil) else { return false }
        return record(current.append(raw: entry, buffer: &buffer))
    }

    /// Records that the input could not be read at `line` (an exported file's malformed line).
    public mutating func recordUnreadable(line: Int, message: String) {
        guard failure == nil else { return }
        current.recordUnreadable(line: line, message: message)
        failure = current.failure?.inChain(chain)
    }

    /// The report: the first problem, or each chain's size and root and the root over them.
    public func finish() -> VerificationReport {
        var copy = self
        if copy.failure == nil {
            let last = max(declaredChains ?? max(checkpointChains, copy.chain + 1), copy.chain + 1) - 1
            _ = copy.close(through: last)
        }
        return copy.report()
    }

    private func report() -> VerificationReport {
        let heads = failure == nil ? self.heads : self.heads + [ChainHead(current.accumulator)]
        let sound = failure == nil
        return VerificationReport(
            failure: failure, entriesChecked: heads.reduce(0) { $0 + $1.size },
            checkpointsChecked: sound ? outside.count : 0,
            rootHash: ChainHead.superRoot(heads)?.hex ?? MerkleTree.emptyRoot.hex,
            storeCheckpointsChecked: sound ? recorded.count : 0,
            anchoredSize: sound ? outside.map(\.treeSize).max() ?? 0 : 0, signatures: signatures,
            timeRegressions: Array((timeRegressions + current.timeRegressions).prefix(TrailVerifier.listedTimeRegressions)),
            timeRegressionCount: timeRegressionCount + current.timeRegressionCount, chains: heads)
    }

    /// Goes on to chain `next` (closing the chains before it); false when that shows a problem.
    private mutating func move(to next: Int, seq: Int64, line: Int?) -> Bool {
        guard next != chain else { return true }
        guard next > chain else {
            failure = VerificationFailure(reason: .outOfOrder, seq: seq, line: line, message: "chain \(next): entry \(seq) "
                + "comes after the entries of chain \(chain): the trail is not in chain order").withChain(next)
            return false
        }
        // A file that does not say K is still held to the most chains a store can have.
        let limit = declaredChains ?? Self.mostChains
        if next >= limit {
            failure = VerificationFailure(reason: .seqRepeat, seq: seq, line: line, message: "chain \(next): there is an "
                + "entry \(seq) in chain \(next), but the trail has \(declaredChains.map(String.init) ?? "at most \(limit)") "
                + "chains (0 to \(limit - 1)): it was written around the store's chains").withChain(next)
            return false
        }
        guard close(through: next - 1) else { return false }
        chain = next
        current = TrailVerifier(chain: next, claims: claims[next] ?? [])
        return true
    }

    /// Finishes the current chain and the empty ones after it, through chain `last`.
    private mutating func close(through last: Int) -> Bool {
        while true {
            let report = current.finish()
            if let problem = report.failure {
                failure = problem.inChain(chain)
                return false
            }
            heads.append(ChainHead(size: report.entriesChecked, root: report.rootHash))
            timeRegressions += current.timeRegressions
            timeRegressionCount += current.timeRegressionCount
            guard chain < last else { return true }
            chain += 1
            current = TrailVerifier(chain: chain, claims: claims[chain] ?? [])
        }
    }

    private mutating func record(_ sound: Bool) -> Bool {
        if !sound, let problem = current.failure { failure = problem.inChain(chain) }
        return failure == nil
    }

    /// Every checkpoint of chains must be of this trail's number of chains.
    private func checkShapes() -> VerificationFailure? {
        let expected = declaredChains ?? checkpointChains
        for checkpoint in outside + recorded {
            guard let chains = checkpoint.chains?.count, chains != expected else { continue }
            let which = recorded.contains(checkpoint) && !outside.contains(checkpoint)
                ? "the store's checkpoint table records a checkpoint of \(checkpoint.treeSize) entries that is"
                : "the checkpoint of \(TrailTime.iso8601(checkpoint.createdAt)) is"
            return VerificationFailure(reason: outside.contains(checkpoint) ? .checkpointMismatch : .storeCheckpointMismatch,
                seq: checkpoint.treeSize, message: "\(which) of a trail of \(chains) chains, but this trail has "
                    + "\(expected) chains: it is not a checkpoint of this trail")
        }
        // The store's rows are not read through `Checkpoint(parsing:)`: their total and root must
        // still be what their chains give.
        for checkpoint in recorded {
            guard let chains = checkpoint.chains else { continue }
            let total = chains.reduce(Int64(0)) { $0 &+ $1.size }
            if total != checkpoint.treeSize || ChainHead.superRoot(chains)?.hex != checkpoint.rootHash {
                return VerificationFailure(reason: .storeCheckpointMismatch, seq: checkpoint.treeSize,
                    message: "the store's checkpoint table records a checkpoint of \(checkpoint.treeSize) entries whose "
                        + "size or root is not what its chains give: the table was changed")
            }
        }
        return nil
    }

    /// A checkpoint's previous one, when it is among those given or recorded, must be that one.
    private func checkLinks() -> VerificationFailure? {
        // A checkpoint of one chain is checked with its previous one on chain 0, as a claim.
        let known = outside + recorded
        for checkpoint in outside where checkpoint.chains != nil {
            guard let previous = checkpoint.previous else { continue }
            let made = TrailTime.iso8601(checkpoint.createdAt)
            let matches = previous.treeSize == 0 ? previous == .emptyTrail
                : known.allSatisfy { $0.treeSize != previous.treeSize || $0.rootHash == previous.rootHash }
            if !matches {
                return VerificationFailure(reason: .checkpointMismatch, seq: previous.treeSize,
                    message: "the checkpoint of \(made) names a previous checkpoint of \(previous.treeSize) entries with "
                        + "another root than the checkpoint of that size: they were not made from the same trail")
            }
        }
        return nil
    }

    /// No chain may be shorter in a checkpoint than in one of fewer entries: a chain that was
    /// cut back and written again.
    private func checkGrowth() -> VerificationFailure? {
        let ordered = (outside + recorded).sorted { $0.treeSize < $1.treeSize }
        for (earlier, later) in zip(ordered, ordered.dropFirst()) {
            guard let before = earlier.chains, let after = later.chains else { continue }
            for (chain, (old, new)) in zip(before, after).enumerated() where new.size < old.size {
                return VerificationFailure(reason: .checkpointMismatch, seq: new.size &+ 1,
                    message: "chain \(chain): the checkpoint of \(TrailTime.iso8601(later.createdAt)) gives it "
                        + "\(new.size) entries, fewer than the \(old.size) of the earlier checkpoint of "
                        + "\(TrailTime.iso8601(earlier.createdAt)): entries of the chain were removed in between"
                ).withChain(chain)
            }
        }
        return nil
    }
}

extension TrailChainsVerifier: TrailEntryConsumer {
    /// True until a problem is found.
    public var wantsMore: Bool { failure == nil }

    /// Verifies an exported JSON Lines trail in chains read by `reader`.
    public static func verify(reader: TrailJSONLReader, checkpoints: [Checkpoint] = [],
                              trustedKey: CheckpointPublicKey? = nil) -> VerificationReport {
        var verifier = TrailChainsVerifier(chains: nil, checkpoints: checkpoints, trustedKey: trustedKey)
        verifier.append(contentsOf: reader)
        return verifier.finish()
    }
}

extension VerificationFailure {
    /// This failure, noted as about chain `chain` (its message already names it).
    func withChain(_ chain: Int) -> VerificationFailure {
        var failure = self
        failure.chain = chain
        return failure
    }
}
