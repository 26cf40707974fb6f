import Crypto

/// A 32-byte SHA-256 value: the hash of a Merkle tree leaf, node or root (RFC 9162 §2.1).
///
/// Held inline (four words, no heap array), because a verification makes one or two of
/// these per trail entry.
public struct MerkleHash: Sendable, Hashable, CustomStringConvertible {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// The 32 bytes.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Wraps 32 bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        withUnsafeMutableBytes(of: &words) { target in bytes.withUnsafeBytes { target.copyMemory(from: $0) } }
    }

    /// Parses 64 hex digits (either case); nil for anything else.
    public init?(hex: String) {
        guard let decoded = Hex.decode(hex) else { return nil }
        self.init(bytes: decoded)
    }

    /// The SHA-256 of `data`, with no prefix.
    public init(sha256 data: some Sequence<UInt8>) {
        var hasher = SHA256()
        Array(data).withUnsafeBytes { hasher.update(bufferPointer: $0) }
        self.init(digest: hasher.finalize())
    }

    init(digest: SHA256.Digest) {
        withUnsafeMutableBytes(of: &words) { target in digest.withUnsafeBytes { target.copyMemory(from: $0) } }
    }

    /// Calls `body` with the 32 bytes, without copying them.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = words
        return try Swift.withUnsafeBytes(of: &copy, body)
    }

    /// Lower-case hex, 64 characters.
    public var hex: String { withUnsafeBytes { Hex.encode($0) } }

    /// The lower-case hex.
    public var description: String { hex }

    public static func == (lhs: MerkleHash, rhs: MerkleHash) -> Bool {
        lhs.words == rhs.words
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
