/// A commitment to the first `treeSize` entries of a trail: their Merkle root, optionally signed.
///
/// Written outside the database (a file, a ticket, an e-mail), a checkpoint lets
/// `TrailVerifier` detect a rewrite of any entry it covers and the removal of entries
/// from the end of the trail, which the hash chain alone cannot see.
///
/// Text form (a signed-note-like format; every line ends in "\n"):
/// ```
/// steward-trail-checkpoint v2
/// <origin: which trail>
/// <treeSize, decimal>
/// <rootHash, 64 lower-case hex digits>
/// <createdAt, decimal milliseconds since 1970 UTC>
/// <the previous checkpoint's treeSize, decimal>
/// <the previous checkpoint's rootHash>
///
/// — <keyID> <base64 Ed25519 signature of the body lines>
/// ```
/// The signature line (with its em dash) is absent when the checkpoint is unsigned. A
/// version 1 checkpoint (written before checkpoints named their previous one) has the
/// first five body lines only, under the header `steward-trail-checkpoint v1`; it is
/// read and checked as before.
///
/// A trail in chains (a PostgreSQL store made with `trail_chains:` above 1) has a version 3
/// checkpoint: the header `steward-trail-checkpoint v3`, the seven body lines of version 2
/// (the size is every chain's entries together, the root the Merkle root over the chains,
/// `ChainHead.superRoot`), then the number of chains K and one line `<chain> <size> <root>`
/// per chain, 0 to K-1. docs/trail-format.md gives the formats byte for byte.
public struct Checkpoint: Sendable, Hashable, Codable {
    /// The first line of a version 1 checkpoint (no previous checkpoint named).
    public static let header = "steward-trail-checkpoint v1"
    /// The first line of a version 2 checkpoint, which names the previous one.
    public static let headerV2 = "steward-trail-checkpoint v2"
    /// The first line of a version 3 checkpoint: a trail in chains.
    public static let headerV3 = "steward-trail-checkpoint v3"

    /// Which trail this is about (the store's id); one line, not empty.
    public var origin: String
    /// How many entries (seq 1 through treeSize) the root covers.
    public var treeSize: Int64
    /// Lower-case hex MTH of those entries' hashes (RFC 9162 §2.1).
    public var rootHash: String
    /// When the checkpoint was made, milliseconds since 1970-01-01T00:00:00Z.
    public var createdAt: Int64
    /// First 8 hex digits of SHA-256 of the signer's raw public key; nil when unsigned.
    public var keyID: String?
    /// Base64 Ed25519 signature over `body`; nil when unsigned.
    public var signature: String?
    /// The checkpoint made before this one (size 0 and the empty tree's root for the first);
    /// nil in a version 1 checkpoint. Signed with the rest, it chains checkpoints: one cannot
    /// be replaced without the next one naming the original.
    public var previous: CheckpointLink?
    /// Each chain's size and root, in chain order, for a trail in chains (version 3); nil for a
    /// trail of one chain. `treeSize` is then the sum of the sizes, `rootHash` their `superRoot`.
    public var chains: [ChainHead]?

    /// A checkpoint from its fields (not validated: see `validate()`).
    public init(origin: String, treeSize: Int64, rootHash: String, createdAt: Int64,
                keyID: String? = nil, signature: String? = nil, previous: CheckpointLink? = nil,
                chains: [ChainHead]? = nil) {
        self.chains = chains
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.createdAt = createdAt
        self.keyID = keyID
        self.signature = signature
        self.previous = previous
    }

    /// The checkpoint of `accumulator`'s current tree, naming `previous` when given.
    public init(origin: String, accumulator: MerkleAccumulator, createdAt: Int64, previous: CheckpointLink? = nil) {
        self.init(origin: origin, treeSize: accumulator.size, rootHash: accumulator.root.hex, createdAt: createdAt,
                  previous: previous)
    }

    /// This checkpoint as the next one names it.
    public var link: CheckpointLink {
        CheckpointLink(treeSize: treeSize, rootHash: rootHash)
    }

    /// The signed part of the text form: the body lines (five, seven with `previous`, or
    /// eight and one per chain in version 3), each ending in "\n".
    public var body: String {
        guard let previous else {
            return "\(Checkpoint.header)\n\(origin)\n\(treeSize)\n\(rootHash)\n\(createdAt)\n"
        }
        let head = "\n\(origin)\n\(treeSize)\n\(rootHash)\n\(createdAt)\n\(previous.treeSize)\n\(previous.rootHash)\n"
        guard let chains else { return Checkpoint.headerV2 + head }
        return chains.enumerated().reduce(Checkpoint.headerV3 + head + "\(chains.count)\n") {
            $0 + "\($1.offset) \($1.element.size) \($1.element.root)\n"
        }
    }

    /// The number of body lines: 5, 7 with `previous`, 8 + K with `chains`.
    var bodyLineCount: Int { previous == nil ? 5 : 7 + (chains.map { $0.count + 1 } ?? 0) }

    /// The number of chains the checkpoint is about: 1 unless it is a version 3 checkpoint.
    public var chainCount: Int { chains?.count ?? 1 }

    /// The text form; throws when a field cannot be written so that `parse` would read it back.
    public func serialized() throws(CheckpointError) -> String {
        try validate()
        var text = body + "\n"
        if let keyID, let signature {
            text += "\u{2014} \(keyID) \(signature)\n"
        }
        return text
    }

    /// Checks that every field is well formed (what `parse` accepts).
    public func validate() throws(CheckpointError) {
        guard !origin.isEmpty, !origin.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw CheckpointError(line: 2, message: "origin must be one non-empty line without control characters") }
        guard treeSize >= 0 else { throw CheckpointError(line: 3, message: "tree size must not be negative") }
        guard MerkleHash(hex: rootHash) != nil, rootHash == rootHash.lowercased()
        else { throw CheckpointError(line: 4, message: "root hash must be 64 lower-case hex digits") }
        if let previous {
            guard previous.treeSize >= 0, previous.treeSize <= treeSize
            else { throw CheckpointError(line: 6, message: "the previous checkpoint's size must be between 0 and this one's") }
            guard MerkleHash(hex: previous.rootHash) != nil, previous.rootHash == previous.rootHash.lowercased()
            else { throw CheckpointError(line: 7, message: "the previous checkpoint's root must be 64 lower-case hex digits") }
        }
        if let chains { try validate(chains) }
        let signatureLine = bodyLineCount + 2
        guard (keyID == nil) == (signature == nil) else {
            throw CheckpointError(line: signatureLine, message: "key id and signature must both be present or both absent")
        }
        if let keyID, let signature {
            guard keyID.utf8.count == 8, Hex.decode(keyID) != nil, keyID == keyID.lowercased()
            else { throw CheckpointError(line: signatureLine, message: "key id must be 8 lower-case hex digits") }
            guard !signature.isEmpty, Base64.decode(signature) != nil
            else { throw CheckpointError(line: signatureLine, message: "signature must be base64") }
        }
    }
}

extension Checkpoint {
    /// A version 3 checkpoint's chains: at least two, each size and root well formed, and the
    /// total size and root the ones they give.
    private func validate(_ chains: [ChainHead]) throws(CheckpointError) {
        guard previous != nil else {
            throw CheckpointError(line: 6, message: "a checkpoint of a trail in chains names its previous checkpoint")
        }
        guard chains.count >= 2 else {
            throw CheckpointError(line: 8, message: "a trail in chains has at least 2 chains (one chain is version 2)")
        }
        var total: Int64 = 0
        for (chain, head) in chains.enumerated() {
            guard head.size >= 0, MerkleHash(hex: head.root) != nil, head.root == head.root.lowercased() else {
                throw CheckpointError(line: 9 + chain, message: "chain \(chain): the size must be a non-negative decimal "
                    + "number and the root 64 lower-case hex digits")
            }
            let (sum, overflow) = total.addingReportingOverflow(head.size)
            guard !overflow else { throw CheckpointError(line: 9 + chain, message: "the chains' sizes are too large") }
            total = sum
        }
        guard total == treeSize else {
            throw CheckpointError(line: 3, message: "tree size must be the sum of the chains' sizes (\(total))")
        }
        guard ChainHead.superRoot(chains)?.hex == rootHash else {
            throw CheckpointError(line: 4, message: "root hash must be the Merkle root over the chains' lines")
        }
    }
}

/// The checkpoint before another, as the later one names it (body lines 6 and 7 of version 2).
public struct CheckpointLink: Sendable, Hashable, Codable {
    /// How many entries the previous checkpoint covers (0 when there was none).
    public var treeSize: Int64
    /// Its root (the empty tree's, `MerkleTree.emptyRoot`, when there was none).
    public var rootHash: String

    /// A link from its fields.
    public init(treeSize: Int64, rootHash: String) {
        self.treeSize = treeSize
        self.rootHash = rootHash
    }

    /// What the first checkpoint of a trail names: size 0, the empty tree's root.
    public static let emptyTrail = CheckpointLink(treeSize: 0, rootHash: MerkleTree.emptyRoot.hex)
}

/// Why a checkpoint or key could not be read, written or used.
public struct CheckpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line of the checkpoint text concerned, when there is one.
    public var line: Int?
    /// What was wrong, in lower case.
    public var message: String

    /// An error about `line` (1-based), or about no line in particular.
    public init(line: Int? = nil, message: String) {
        self.line = line
        self.message = message
    }

    /// `line N: message`, or the message alone.
    public var description: String {
        line.map { "line \($0): \(message)" } ?? message
    }
}
