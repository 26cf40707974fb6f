/// An RFC 9162 consistency proof between two checkpoints: it shows, without the entries,
/// that the later checkpoint's tree extends the earlier one's, so nothing the earlier one
/// covers was rewritten before the later one was made.
///
/// Text form (every line ends in "\n"; docs/trail-format.md gives it byte for byte):
/// ```
/// steward-trail-consistency v1
/// <old treeSize, decimal>
/// <old rootHash, 64 lower-case hex digits>
/// <new treeSize>
/// <new rootHash>
/// <one proof hash per line, 64 lower-case hex digits; none when the sizes are equal or the old one is 0>
/// ```
public struct ConsistencyProof: Sendable, Hashable {
    /// The first line of the text form.
    public static let header = "steward-trail-consistency v1"

    /// The earlier checkpoint's size and root.
    public var old: CheckpointLink
    /// The later checkpoint's size and root.
    public var new: CheckpointLink
    /// PROOF(m, D[n]) of RFC 9162 §2.1.4.1.
    public var hashes: [MerkleHash]

    /// A proof from its parts (not checked: see `isValid`).
    public init(old: CheckpointLink, new: CheckpointLink, hashes: [MerkleHash]) {
        self.old = old
        self.new = new
        self.hashes = hashes
    }

    /// The proof from the first `old` leaves of `leafHashes` to all of them; nil when `old`
    /// is larger than the tree.
    public init?(old size: Int64, leafHashes: [MerkleHash]) {
        guard size >= 0, size <= Int64(leafHashes.count),
              let hashes = MerkleTree.consistencyProof(oldSize: Int(size), leafHashes: leafHashes) else { return nil }
        let oldRoot = MerkleTree.root(leafHashes: leafHashes.prefix(Int(size)))
        self.init(old: CheckpointLink(treeSize: size, rootHash: oldRoot.hex),
                  new: CheckpointLink(treeSize: Int64(leafHashes.count), rootHash: MerkleTree.root(leafHashes: leafHashes).hex),
                  hashes: hashes)
    }

    /// True when the hashes prove that the new tree extends the old one (RFC 9162 §2.1.4.2).
    public var isValid: Bool {
        guard let oldRoot = MerkleHash(hex: old.rootHash), let newRoot = MerkleHash(hex: new.rootHash) else { return false }
        return MerkleTree.verifyConsistency(oldSize: old.treeSize, newSize: new.treeSize, oldRoot: oldRoot,
                                            newRoot: newRoot, proof: hashes)
    }

    /// The text form.
    public var text: String {
        var text = "\(Self.header)\n\(old.treeSize)\n\(old.rootHash)\n\(new.treeSize)\n\(new.rootHash)\n"
        for hash in hashes { text += hash.hex + "\n" }
        return text
    }

    /// Reads the text form; strict: exactly the lines `text` writes. Errors name the line.
    public init(parsing text: String) throws(CheckpointError) {
        guard text.hasSuffix("\n") else { throw CheckpointError(message: "the proof must end with a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == Self.header else { throw CheckpointError(line: 1, message: "expected '\(Self.header)'") }
        guard lines.count >= 5 else {
            throw CheckpointError(line: lines.count + 1, message: "the proof ends early: expected two sizes and roots")
        }
        func link(_ index: Int) throws(CheckpointError) -> CheckpointLink {
            guard let size = Checkpoint.decimal(lines[index]) else {
                throw CheckpointError(line: index + 1, message: "a tree size must be a non-negative decimal number")
            }
            guard Self.isHash(lines[index + 1]) else {
                throw CheckpointError(line: index + 2, message: "a root must be 64 lower-case hex digits")
            }
            return CheckpointLink(treeSize: size, rootHash: lines[index + 1])
        }
        old = try link(1)
        new = try link(3)
        guard old.treeSize <= new.treeSize else {
            throw CheckpointError(line: 2, message: "the old tree size is larger than the new one")
        }
        hashes = []
        for (index, line) in lines.enumerated().dropFirst(5) {
            guard Self.isHash(line), let hash = MerkleHash(hex: line) else {
                throw CheckpointError(line: index + 1, message: "a proof hash must be 64 lower-case hex digits")
            }
            hashes.append(hash)
        }
    }

    private static func isHash(_ text: String) -> Bool {
        MerkleHash(hex: text) != nil && text == text.lowercased()
    }
}
