import Crypto

/// A 32-byte SHA-256 value: the hash of a Merkle tree leaf, node or root (RFC 9162 §2.1).
public struct MerkleHash: Sendable, Hashable, CustomStringConvertible {
    /// The 32 bytes.
    public let bytes: [UInt8]

    /// Wraps 32 bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Parses 64 hex digits (either case); nil for anything else.
    public init?(hex: String) {
        guard let decoded = Hex.decode(hex) else { return nil }
        self.init(bytes: decoded)
    }

    /// The SHA-256 of `data`, with no prefix.
    public init(sha256 data: some Sequence<UInt8>) {
        var hasher = SHA256()
        hasher.update(data: Array(data))
        self.bytes = Array(hasher.finalize())
    }

    init(digest: SHA256.Digest) {
        self.bytes = Array(digest)
    }

    /// Lower-case hex, 64 characters.
    public var hex: String { Hex.encode(bytes) }

    /// The lower-case hex.
    public var description: String { hex }
}
