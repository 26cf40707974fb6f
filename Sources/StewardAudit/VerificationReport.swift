/// The outcome of verifying a trail: how much was checked and, when it went wrong, the first problem.
public struct VerificationReport: Sendable, Hashable, CustomStringConvertible {
    /// The first problem found; nil when the trail verified.
    public var failure: VerificationFailure?
    /// How many entries were read and found sound (the entries before the first problem).
    public var entriesChecked: Int64
    /// How many outside checkpoints were compared with the trail's Merkle root and matched.
    public var checkpointsChecked: Int
    /// Lower-case hex Merkle root (RFC 9162) of the `entriesChecked` sound entries.
    public var rootHash: String
    /// How many of the checkpoints the store records about itself matched.
    public var storeCheckpointsChecked: Int
    /// The largest size at which an outside checkpoint matched: entries up to it are anchored
    /// (cannot have been rewritten since the checkpoint left the store); 0 when none did.
    public var anchoredSize: Int64
    /// What was proven about the outside checkpoints' signatures.
    public var signatures: SignatureStatus
    /// The first `TrailVerifier.listedTimeRegressions` entries dated before the entry before them.
    public var timeRegressions: [TimeRegression]
    /// How many entries are dated before the entry before them, listed or not.
    public var timeRegressionCount: Int
    /// For a trail in chains, each chain's sound entries and their root, in chain order
    /// (`rootHash` is then `ChainHead.superRoot` of these); nil for a trail of one chain.
    public var chains: [ChainHead]?

    /// True when no problem was found.
    public var isOK: Bool { failure == nil }

    /// True when the trail verified and at least one outside checkpoint matched it.
    public var isAnchored: Bool { failure == nil && checkpointsChecked > 0 }

    /// A report from its parts (the verifier makes these).
    public init(failure: VerificationFailure?, entriesChecked: Int64, checkpointsChecked: Int, rootHash: String,
                storeCheckpointsChecked: Int = 0, anchoredSize: Int64 = 0, signatures: SignatureStatus = .none,
                timeRegressions: [TimeRegression] = [], timeRegressionCount: Int = 0, chains: [ChainHead]? = nil) {
        self.chains = chains
        self.failure = failure
        self.entriesChecked = entriesChecked
        self.checkpointsChecked = checkpointsChecked
        self.rootHash = rootHash
        self.storeCheckpointsChecked = storeCheckpointsChecked
        self.anchoredSize = anchoredSize
        self.signatures = signatures
        self.timeRegressions = timeRegressions
        self.timeRegressionCount = timeRegressionCount
    }

    /// One line in plain words.
    public var description: String {
        if let failure {
            return "trail verification failed after \(entriesChecked) sound entries: \(failure.message)"
        }
        let checkpoints = checkpointsChecked == 1 ? "1 checkpoint" : "\(checkpointsChecked) checkpoints"
        return "trail verified: \(entriesChecked) entries, \(checkpoints) matched, root \(rootHash)"
    }

    /// The failure (an error) and the entries dated backwards (warnings), in seq order.
    public var problems: [AuditProblem] {
        var problems = timeRegressions.map(\.problem)
        let unlisted = timeRegressionCount - timeRegressions.count
        if unlisted > 0 {
            problems.append(AuditProblem(kind: TimeRegression.kind, severity: .warning,
                message: "\(unlisted) more entries are dated before the entry before them (only the first "
                    + "\(timeRegressions.count) are listed)"))
        }
        if let failure { problems.insert(AuditProblem(failure), at: 0) }
        return problems
    }
}

/// What verification proved about the outside checkpoints' signatures.
public enum SignatureStatus: String, Sendable, Hashable, Codable {
    /// No outside checkpoint was given.
    case none
    /// The checkpoints given are not signed, and no key was given.
    case unsigned
    /// A checkpoint is signed but no key was given (`--key`): the signature was not checked.
    case notChecked = "not-checked"
    /// A key was given and every checkpoint carries a valid signature by it (else verification failed).
    case verified

    /// The status for verifying `checkpoints`, with `trustedKey` when given.
    public init(of checkpoints: [Checkpoint], trustedKey: CheckpointPublicKey?) {
        if checkpoints.isEmpty {
            self = .none
        } else if trustedKey != nil {
            self = .verified
        } else {
            self = checkpoints.contains { $0.signature != nil } ? .notChecked : .unsigned
        }
    }
}

/// An entry dated before the entry before it: a clock set back (a corrected server clock,
/// `STEWARD_NOW` in a demo) or entries written out of order; worth a look, not a failure.
public struct TimeRegression: Sendable, Hashable {
    /// The problem kind of these warnings.
    public static let kind = "timeBackwards"

    /// The entry dated too early.
    public var seq: Int64
    /// Its time (UTC milliseconds).
    public var at: Int64
    /// The time of the entry before it.
    public var previousAt: Int64
    /// Its chain, in a trail in chains; nil in a trail of one chain.
    public var chain: Int?

    /// A regression from its parts.
    public init(seq: Int64, at: Int64, previousAt: Int64, chain: Int? = nil) {
        self.seq = seq
        self.at = at
        self.previousAt = previousAt
        self.chain = chain
    }

    /// A warning about entry `seq`.
    public var problem: AuditProblem {
        AuditProblem(kind: Self.kind, severity: .warning, seq: seq,
            message: (chain.map { "chain \($0): " } ?? "")
                + "entry \(seq) is dated \(TrailTime.iso8601(at)), before entry \(seq - 1) "
                + "(\(TrailTime.iso8601(previousAt))): the clock was set back, or entries were written out of order")
    }
}

/// The first problem found in a trail.
public struct VerificationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of tampering or damage the problem shows.
    public enum Reason: String, Sendable, Hashable, CaseIterable, Codable {
        /// An entry's stored hash does not match its contents: the entry was altered.
        case hashMismatch
        /// An entry's previousHash is not the hash of the entry before: one was inserted or removed.
        case brokenChain
        /// The next sequence number is missing.
        case seqGap
        /// An earlier sequence number appears again: a duplicate (or an entry moved back).
        case seqRepeat
        /// Two entries are swapped.
        case outOfOrder
        /// The entries a checkpoint covers no longer give its root: something below it was rewritten.
        case checkpointMismatch
        /// The trail has fewer entries than a checkpoint covers: entries were cut off the end.
        case truncated
        /// A checkpoint is unsigned, signed by another key, or its signature is invalid.
        case badSignature
        /// A line of an exported file could not be read as an entry.
        case malformed
        /// The entries a checkpoint recorded in the store covers no longer give its root.
        case storeCheckpointMismatch
        /// The trail has fewer entries than a checkpoint recorded in the store covers.
        case storeTruncated
    }

    /// What kind of problem it is.
    public var reason: Reason
    /// The first bad sequence number: the seq expected where the problem shows. For
    /// `checkpointMismatch` it is the checkpoint's size (the rewrite is at or before it; the
    /// message gives the range); nil for `badSignature`.
    public var seq: Int64?
    /// The 1-based line of an exported file, when reading one.
    public var line: Int?
    /// What was found, in plain words (naming the chain first in a trail in chains).
    public var message: String
    /// The chain concerned, in a trail in chains; nil in a trail of one chain or when no chain is.
    public var chain: Int?

    /// A failure from its parts (the verifier makes these).
    public init(reason: Reason, seq: Int64?, line: Int? = nil, message: String) {
        self.reason = reason
        self.seq = seq
        self.line = line
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// This failure as found in chain `chain` of a trail in chains: the message names the chain.
    func inChain(_ chain: Int) -> VerificationFailure {
        var failure = self
        failure.chain = chain
        failure.message = "chain \(chain): " + message
        return failure
    }
}
