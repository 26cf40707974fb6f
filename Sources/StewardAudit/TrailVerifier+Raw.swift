import Crypto

/// One stored entry as the bytes of its fields (a store's columns), so a verification need
/// not make a String of each: `field(i)` gives the UTF-8 bytes of the i-th text field in
/// canonical order (instance, definition, event, fromState, toState, person, account, host,
/// engineVersion, details, previousHash), `hash` the stored hash's text.
public protocol RawTrailEntry {
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
        let seq = expectedSeq
        if let gap = pendingGap {
            failure = entry.seq == seq ? Self.swapFailure(seq: seq, found: gap.found, line: gap.line)
                : Self.gapFailure(seq: seq, found: gap.found, line: gap.line)
            return false
        }
        // The leaf input, 0x00 and the canonical bytes, written into one reused buffer.
        buffer.removeAll(keepingCapacity: true)
        buffer.append(0x00)
        buffer.append(contentsOf: TrailEntry.canonicalFormatTag)
        Self.appendInteger(entry.seq, to: &buffer)
        Self.appendInteger(entry.at, to: &buffer)
        for index in 0..<11 {
            let field = entry.field(index)
            withUnsafeBytes(of: UInt32(clamping: field.count).bigEndian) { buffer.append(contentsOf: $0) }
            buffer.append(contentsOf: field)
        }
        let digest = buffer.withUnsafeBytes { SHA256.hash(data: $0) }
        let leaf = MerkleHash(digest: digest)
        guard leaf.withUnsafeBytes({ Hex.isLowercaseHex(entry.hash, of: $0) }) else {
            failure = VerificationFailure(reason: .hashMismatch, seq: seq, line: nil,
                message: "entry \(seq) was altered: its hash does not match its contents")
            return false
        }
        if entry.seq > seq {
            pendingGap = (entry.seq, nil)
            return true
        }
        guard entry.seq == seq else {
            let what = entry.seq >= 1 ? "entry \(entry.seq) appears again (a duplicate, or an entry moved back)"
                : "there is an entry numbered \(entry.seq), which is not a valid sequence number"
            failure = VerificationFailure(reason: .seqRepeat, seq: seq, line: nil,
                message: "where entry \(seq) should be, \(what)")
            return false
        }
        guard Self.sameText(entry.field(10), previousHash) else {
            let what = seq == 1 ? "entry 1 does not start the trail: its previous hash is not 64 zeros"
                : "entry \(seq) does not follow entry \(seq - 1): its previous hash is not entry \(seq - 1)'s hash"
            failure = VerificationFailure(reason: .brokenChain, seq: seq, line: nil,
                message: "\(what) (an entry was inserted, removed or replaced before it)")
            return false
        }
        accumulator.append(leaf)
        // The hash was just checked to be the lower-case hex of `leaf`.
        previousHash = leaf.hex
        expectedSeq = seq &+ 1
        checkCheckpoints()
        return failure == nil
    }

    private static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        withUnsafeBytes(of: UInt64(bitPattern: value).bigEndian) { out.append(contentsOf: $0) }
    }

    private static func sameText(_ bytes: UnsafeRawBufferPointer, _ text: String) -> Bool {
        bytes.elementsEqual(text.utf8)
    }
}
