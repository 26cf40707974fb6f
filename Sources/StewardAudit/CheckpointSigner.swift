import Crypto

/// Signs checkpoints with an Ed25519 private key.
///
/// The key file holds the 32-byte raw private key in base64 on one line. Keep it out of
/// the database and away from those who can write the database.
public struct CheckpointSigner: Sendable {
    /// The raw private key (the Crypto key type is not `Sendable`; it is rebuilt when used).
    private let rawPrivateKey: [UInt8]
    /// The matching public key, to give to whoever verifies.
    public let publicKey: CheckpointPublicKey

    /// A new random key.
    public static func generateKey() -> CheckpointSigner {
        CheckpointSigner(key: Curve25519.Signing.PrivateKey())
    }

    private init(key: Curve25519.Signing.PrivateKey) {
        self.rawPrivateKey = Array(key.rawRepresentation)
        self.publicKey = CheckpointPublicKey(key: key.publicKey)
    }

    /// A signer from the 32-byte raw private key.
    public init(rawPrivateKey: [UInt8]) throws(CheckpointError) {
        guard rawPrivateKey.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: rawPrivateKey)
        else { throw CheckpointError(message: "a private key must be 32 bytes") }
        self.init(key: key)
    }

    /// A signer from the text of a key file: the raw private key in base64, surrounding whitespace ignored.
    public init(keyFileContents: String) throws(CheckpointError) {
        guard let raw = Base64.decode(keyFileContents.trimmingASCIIWhitespace()) else {
            throw CheckpointError(message: "the key file must hold a base64 private key on one line")
        }
        try self.init(rawPrivateKey: raw)
    }

    /// What to write to the key file: the raw private key in base64 and a newline.
    public var keyFileContents: String {
        Base64.encode(rawPrivateKey) + "\n"
    }

    /// First 8 hex digits of SHA-256 of the raw public key.
    public var keyID: String { publicKey.keyID }

    /// `checkpoint` with `keyID` and `signature` set: an Ed25519 signature over its `body`.
    public func sign(_ checkpoint: Checkpoint) throws(CheckpointError) -> Checkpoint {
        var signed = checkpoint
        signed.keyID = nil
        signed.signature = nil
        try signed.validate()
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: rawPrivateKey),
              let signature = try? key.signature(for: Array(checkpoint.body.utf8))
        else { throw CheckpointError(message: "signing failed") }
        signed.keyID = keyID
        signed.signature = Base64.encode(Array(signature))
        return signed
    }
}

extension String {
    /// Without leading and trailing spaces, tabs, CRs and LFs.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
