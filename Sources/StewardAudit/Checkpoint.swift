/// A commitment to the first `treeSize` entries of a trail: their Merkle root, optionally signed.
///
/// Written outside the database (a file, a ticket, an e-mail), a checkpoint lets
/// `TrailVerifier` detect a rewrite of any entry it covers and the removal of entries
/// from the end of the trail, which the hash chain alone cannot see.
///
/// Text form (a signed-note-like format; every line ends in "\n"):
/// ```
/// steward-trail-checkpoint v1
/// <origin: the store's id>
/// <treeSize, decimal>
/// <rootHash, 64 lower-case hex digits>
/// <createdAt, decimal milliseconds since 1970 UTC>
///
/// — <keyID> <base64 Ed25519 signature of the five body lines>
/// ```
/// The signature line (with its em dash) is absent when the checkpoint is unsigned.
public struct Checkpoint: Sendable, Hashable, Codable {
    /// The first line of the text form.
    public static let header = "steward-trail-checkpoint v1"

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

    /// A checkpoint from its fields (not validated: see `validate()`).
    public init(origin: String, treeSize: Int64, rootHash: String, createdAt: Int64,
                keyID: String? = nil, signature: String? = nil) {
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.createdAt = createdAt
        self.keyID = keyID
        self.signature = signature
    }

    /// The checkpoint of `accumulator`'s current tree.
    public init(origin: String, accumulator: MerkleAccumulator, createdAt: Int64) {
        self.init(origin: origin, treeSize: accumulator.size, rootHash: accumulator.root.hex, createdAt: createdAt)
    }

    /// The signed part of the text form: the five body lines, each ending in "\n".
    public var body: String {
        "\(Checkpoint.header)\n\(origin)\n\(treeSize)\n\(rootHash)\n\(createdAt)\n"
    }

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
        guard (keyID == nil) == (signature == nil)
        else { throw CheckpointError(line: 7, message: "key id and signature must both be present or both absent") }
        if let keyID, let signature {
            guard keyID.utf8.count == 8, Hex.decode(keyID) != nil, keyID == keyID.lowercased()
            else { throw CheckpointError(line: 7, message: "key id must be 8 lower-case hex digits") }
            guard !signature.isEmpty, Base64.decode(signature) != nil
            else { throw CheckpointError(line: 7, message: "signature must be base64") }
        }
    }
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
