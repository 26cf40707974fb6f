import Crypto

extension TrailEntry {
    /// The format tag that opens `canonicalBytes`: the 16 ASCII bytes `steward-trail-v1`.
    ///
    /// A later format gets a new tag, so old and new entries can never hash alike.
    public static let canonicalFormatTag: [UInt8] = Array("steward-trail-v1".utf8)

    /// The bytes `hash` is computed over: every field but `hash`, in a fixed order.
    ///
    /// Layout: the format tag, then `seq`, `at` (each 8-byte big-endian two's complement),
    /// then `instance`, `definition`, `event`, `fromState`, `toState`, `person`, `account`,
    /// `host`, `engineVersion`, `details`, `previousHash` (each a 4-byte big-endian byte
    /// count followed by the string's UTF-8 bytes). The length prefixes make the encoding
    /// injective: no two different entries share canonical bytes.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        appendCanonicalBytes(to: &out)
        return out
    }

    /// Field by field, not through an array of them: this runs once per entry sealed or verified.
    private func appendCanonicalBytes(to out: inout [UInt8]) {
        out.reserveCapacity(out.count + 16 + 16 + 11 * 4 + details.utf8.count + 256)
        Self.appendCanonicalHead(seq: seq, at: at, to: &out)
        Self.appendString(instance, to: &out)
        Self.appendString(definition, to: &out)
        Self.appendString(event, to: &out)
        Self.appendString(fromState, to: &out)
        Self.appendString(toState, to: &out)
        Self.appendString(person, to: &out)
        Self.appendString(account, to: &out)
        Self.appendString(host, to: &out)
        Self.appendString(engineVersion, to: &out)
        Self.appendString(details, to: &out)
        Self.appendString(previousHash, to: &out)
    }

    /// SHA-256(0x00 ‖ canonicalBytes): the leaf hash, over one buffer that starts with the prefix.
    var leafHash: MerkleHash {
        var bytes: [UInt8] = [0x00]
        appendCanonicalBytes(to: &bytes)
        return bytes.withUnsafeBytes { MerkleHash(digest: SHA256.hash(data: $0)) }
    }

    /// The RFC 9162 leaf hash of `canonicalBytes`: lower-case hex of SHA-256(0x00 ‖ canonicalBytes).
    public func computeHash() -> String {
        leafHash.hex
    }

    /// True when `hash` equals `computeHash()`: the entry is as it was sealed.
    public var hasValidHash: Bool {
        hash == computeHash()
    }

    /// This entry chained after `previous`: `seq` = previous.seq + 1 (1 for the first entry),
    /// `previousHash` = previous.hash (`genesisHash` for the first), and `hash` computed.
    public func sealed(after previous: TrailEntry?) -> TrailEntry {
        var entry = self
        entry.seal(after: previous)
        return entry
    }

    /// This entry with the given `seq` and `previousHash`, and `hash` computed over them.
    ///
    /// For a store that keeps only the last seq and hash rather than the last entry.
    public func sealed(seq: Int64, previousHash: String) -> TrailEntry {
        var entry = self
        entry.seal(seq: seq, previousHash: previousHash)
        return entry
    }

    /// Seals this entry in place after `previous` (see `sealed(after:)`): an entry is sealed
    /// once per event, and a copy would retain each of its thirteen texts.
    public mutating func seal(after previous: TrailEntry?) {
        guard let previous else {
            seal(seq: 1, previousHash: TrailEntry.genesisHash)
            return
        }
        seal(seq: previous.seq &+ 1, previousHash: previous.hash)
    }

    /// Seals this entry in place with the given `seq` and `previousHash`.
    public mutating func seal(seq: Int64, previousHash: String) {
        self.seq = seq
        self.previousHash = previousHash
        hash = computeHash()
    }

    /// The layout's start: the format tag, `seq` and `at` (8-byte big-endian each).
    static func appendCanonicalHead(seq: Int64, at: Int64, to out: inout [UInt8]) {
        out.append(contentsOf: canonicalFormatTag)
        withUnsafeBytes(of: UInt64(bitPattern: seq).bigEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(bitPattern: at).bigEndian) { out.append(contentsOf: $0) }
    }

    /// One text field of the layout: its 4-byte big-endian byte count, then its bytes.
    /// Fields over 4 GiB cannot be entries (their length would not fit); the count is clamped
    /// rather than trapping, and the store never writes such an entry.
    static func appendCanonicalField(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(clamping: bytes.count).bigEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: bytes)
    }

    private static func appendString(_ value: String, to out: inout [UInt8]) {
        var text = value
        text.withUTF8 { appendCanonicalField(UnsafeRawBufferPointer($0), to: &out) }
    }
}
