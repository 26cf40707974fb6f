import Crypto

/// One stored entry as the bytes of its fields (a store's columns), so a verification need
/// not make a String of each: `field(i)` gives the UTF-8 bytes of the i-th text field in
/// canonical order (instance, definition, event, fromState, toState, person, account, host,
/// engineVersion, details, previousHash), `hash` the stored hash's text.
public protocol RawTrailEntry {
    /// The chain the entry is in (0 in a store of one chain).
    var chain: Int { get }
    var seq: Int64 { get }
    var at: Int64 { get }
    func field(_ index: Int) -> UnsafeRawBufferPointer
    var hash: UnsafeRawBufferPointer { get }
}

extension TrailVerifier {
    /// As `append(_:)`, from the bytes of the stored fields; the same checks in the same order.
    @discardableResult
    public mutating func append(raw entry: some RawTrailEntry, buffer: inout [UInt8]) -> Bool {
        guard failure == nil else { return false }
        // The leaf input, 0x00 and the canonical bytes, written into one reused buffer.
        buffer.removeAll(keepingCapacity: true)
        buffer.append(0x00)
        TrailEntry.appendCanonicalHead(seq: entry.seq, at: entry.at, to: &buffer)
        for index in 0..<11 { TrailEntry.appendCanonicalField(entry.field(index), to: &buffer) }
        let digest = buffer.withUnsafeBytes { SHA256.hash(data: $0) }
        let leaf = MerkleHash(digest: digest)
        let matches = leaf.withUnsafeBytes { Hex.isLowercaseHex(entry.hash, of: $0) }
        // The hash text, once checked, is the lower-case hex of `leaf`.
        return check(seq: entry.seq, at: entry.at, leaf: matches ? leaf : nil,
                     follows: { entry.field(10).elementsEqual($0.utf8) },
                     hash: { leaf.hex }, line: nil)
    }
}
