import Crypto

/// An Ed25519 public key that checks checkpoint signatures.
public struct CheckpointPublicKey: Sendable, Hashable {
    /// The 32-byte raw public key.
    public let rawRepresentation: [UInt8]

    init(key: Curve25519.Signing.PublicKey) {
        self.rawRepresentation = Array(key.rawRepresentation)
    }

    /// A key from its 32-byte raw representation.
    public init(rawRepresentation: [UInt8]) throws(CheckpointError) {
        guard rawRepresentation.count == 32,
              (try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)) != nil
        else { throw CheckpointError(message: "a public key must be 32 bytes") }
        self.rawRepresentation = rawRepresentation
    }

    /// A key from base64 of its raw representation (surrounding whitespace ignored).
    public init(base64: String) throws(CheckpointError) {
        guard let raw = Base64.decode(base64.trimmingASCIIWhitespace()) else {
            throw CheckpointError(message: "a public key must be base64 of 32 bytes")
        }
        try self.init(rawRepresentation: raw)
    }

    /// Base64 of the 32-byte raw public key.
    public var base64: String {
        Base64.encode(rawRepresentation)
    }

    /// First 8 hex digits of SHA-256 of the raw public key.
    public var keyID: String {
        String(MerkleHash(sha256: rawRepresentation).hex.prefix(8))
    }

    /// True when `checkpoint` names this key and its signature over `body` is valid.
    public func isValidSignature(on checkpoint: Checkpoint) -> Bool {
        guard checkpoint.keyID == keyID,
              let signature = checkpoint.signature,
              let bytes = Base64.decode(signature), bytes.count == 64,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)
        else { return false }
        return key.isValidSignature(bytes, for: Array(checkpoint.body.utf8))
    }
}
