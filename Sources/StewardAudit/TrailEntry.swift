/// One entry of the audit trail: who did what, when, to which instance, under which definition.
///
/// Entries are hash-chained: `hash` covers every other field, `previousHash` included,
/// in a fixed order (see `canonicalBytes`), so changing, removing, inserting or
/// reordering any entry breaks the chain from that entry on.
public struct TrailEntry: Sendable, Hashable, Codable {
    /// The chain the entry is in: 0 in a store of one chain (every embedded store). Not hashed:
    /// each chain starts from its own genesis hash (`genesisHash(chain:)`), which binds its entries.
    public var chain = 0
    /// Contiguous from 1 within its chain.
    public var seq: Int64
    /// UTC time, milliseconds since 1970-01-01T00:00:00Z.
    public var at: Int64
    /// The instance concerned; empty for entries about the store itself (a tick, a checkpoint).
    public var instance: String
    /// Lower-case hex SHA-256 of the workflow definition the instance runs; empty when none.
    public var definition: String
    /// What happened: `started`, `acted`, `voted`, `refused`, `timer-fired`, `handler-intent`, …
    public var event: String
    /// The state before and after (empty when not a move).
    public var fromState: String
    public var toState: String
    /// The person the command declared (`--as`), empty for the engine itself.
    public var person: String
    /// The OS account that ran the command.
    public var account: String
    public var host: String
    public var engineVersion: String
    /// Canonical JSON (keys sorted, no spaces): action, form values, comment, reason, error, …
    public var details: String
    /// `hash` of the entry before (64 zeros for the first).
    public var previousHash: String
    /// RFC 9162 leaf hash of `canonicalBytes`: SHA-256(0x00 ‖ canonicalBytes), lower-case hex.
    public var hash: String

    public init(chain: Int = 0, seq: Int64, at: Int64, instance: String, definition: String, event: String,
                fromState: String = "", toState: String = "", person: String = "", account: String,
                host: String, engineVersion: String, details: String = "{}", previousHash: String, hash: String = "") {
        self.chain = chain
        self.seq = seq
        self.at = at
        self.instance = instance
        self.definition = definition
        self.event = event
        self.fromState = fromState
        self.toState = toState
        self.person = person
        self.account = account
        self.host = host
        self.engineVersion = engineVersion
        self.details = details
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The hash of "no entry before": 64 zeros.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The `previousHash` of the first entry of trail chain `chain`: `genesisHash` for chain 0
    /// (the only chain of the embedded store), and for the others the SHA-256 of
    /// "steward-trail-chain" followed by the chain number as 4 bytes big-endian. Each chain
    /// starts from its own hash, so an entry cannot be moved to another chain unseen.
    public static func genesisHash(chain: Int) -> String {
        guard chain != 0 else { return genesisHash }
        let number = UInt32(truncatingIfNeeded: chain)
        let bytes = Array("steward-trail-chain".utf8) + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: number >> $0) }
        return MerkleHash(sha256: bytes).hex
    }
}
