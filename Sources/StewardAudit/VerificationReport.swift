/// The outcome of verifying a trail: how much was checked and, when it went wrong, the first problem.
public struct VerificationReport: Sendable, Hashable, CustomStringConvertible {
    /// The first problem found; nil when the trail verified.
    public var failure: VerificationFailure?
    /// How many entries were read and found sound (the entries before the first problem).
    public var entriesChecked: Int64
    /// How many checkpoints were compared with the trail's Merkle root.
    public var checkpointsChecked: Int
    /// Lower-case hex Merkle root (RFC 9162) of the `entriesChecked` sound entries.
    public var rootHash: String

    /// True when no problem was found.
    public var isOK: Bool { failure == nil }

    /// A report from its parts (the verifier makes these).
    public init(failure: VerificationFailure?, entriesChecked: Int64, checkpointsChecked: Int, rootHash: String) {
        self.failure = failure
        self.entriesChecked = entriesChecked
        self.checkpointsChecked = checkpointsChecked
        self.rootHash = rootHash
    }

    /// One line in plain words.
    public var description: String {
        if let failure {
            return "trail verification failed after \(entriesChecked) sound entries: \(failure.message)"
        }
        let checkpoints = checkpointsChecked == 1 ? "1 checkpoint" : "\(checkpointsChecked) checkpoints"
        return "trail verified: \(entriesChecked) entries, \(checkpoints) matched, root \(rootHash)"
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
    }

    /// What kind of problem it is.
    public var reason: Reason
    /// The first bad sequence number: the seq expected where the problem shows. For
    /// `checkpointMismatch` it is the checkpoint's size (the rewrite is at or before it; the
    /// message gives the range); nil for `badSignature`.
    public var seq: Int64?
    /// The 1-based line of an exported file, when reading one.
    public var line: Int?
    /// What was found, in plain words.
    public var message: String

    /// A failure from its parts (the verifier makes these).
    public init(reason: Reason, seq: Int64?, line: Int? = nil, message: String) {
        self.reason = reason
        self.seq = seq
        self.line = line
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
