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
        var out = TrailEntry.canonicalFormatTag
        out.reserveCapacity(out.count + 16 + 11 * 4 + details.utf8.count + 256)
        Self.appendInteger(seq, to: &out)
        Self.appendInteger(at, to: &out)
        for field in [instance, definition, event, fromState, toState, person, account, host,
                      engineVersion, details, previousHash] {
            Self.appendString(field, to: &out)
        }
        return out
    }

    /// The RFC 9162 leaf hash of `canonicalBytes`: lower-case hex of SHA-256(0x00 ‖ canonicalBytes).
    public func computeHash() -> String {
        MerkleTree.leafHash(canonicalBytes).hex
    }

    /// True when `hash` equals `computeHash()`: the entry is as it was sealed.
    public var hasValidHash: Bool {
        hash == computeHash()
    }

    /// This entry chained after `previous`: `seq` = previous.seq + 1 (1 for the first entry),
    /// `previousHash` = previous.hash (`genesisHash` for the first), and `hash` computed.
    public func sealed(after previous: TrailEntry?) -> TrailEntry {
        guard let previous else {
            return sealed(seq: 1, previousHash: TrailEntry.genesisHash)
        }
        return sealed(seq: previous.seq &+ 1, previousHash: previous.hash)
    }

    /// This entry with the given `seq` and `previousHash`, and `hash` computed over them.
    ///
    /// For a store that keeps only the last seq and hash rather than the last entry.
    public func sealed(seq: Int64, previousHash: String) -> TrailEntry {
        var entry = self
        entry.seq = seq
        entry.previousHash = previousHash
        entry.hash = entry.computeHash()
        return entry
    }

    private static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 56, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
    }

    /// Strings over 4 GiB cannot be entries (their length would not fit); the count is clamped
    /// rather than trapping, and the store never writes such an entry.
    private static func appendString(_ value: String, to out: inout [UInt8]) {
        let length = UInt32(clamping: value.utf8.count)
        for shift in stride(from: 24, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: length >> UInt32(shift)))
        }
        out.append(contentsOf: value.utf8)
    }
}
