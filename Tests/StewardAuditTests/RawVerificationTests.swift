import StewardAudit
import Testing

/// A store verifies its trail from the bytes of its columns (`append(raw:buffer:)`); the
/// verdict must be the one the entry-by-entry check gives, for sound and tampered trails.
@Suite("verifying from stored bytes")
struct RawVerificationTests {
    /// An entry's fields as byte arrays, handed out the way a store's row would be.
    struct BytesEntry: RawTrailEntry {
        var chain: Int
        var seq: Int64
        var at: Int64
        var fields: [[UInt8]]
        var hashText: [UInt8]

        init(_ entry: TrailEntry) {
            chain = entry.chain
            seq = entry.seq
            at = entry.at
            fields = [entry.instance, entry.definition, entry.event, entry.fromState, entry.toState, entry.person,
                      entry.account, entry.host, entry.engineVersion, entry.details, entry.previousHash].map { Array($0.utf8) }
            hashText = Array(entry.hash.utf8)
        }

        func field(_ index: Int) -> UnsafeRawBufferPointer {
            fields[index].withUnsafeBytes { UnsafeRawBufferPointer(start: $0.baseAddress, count: $0.count) }
        }

        var hash: UnsafeRawBufferPointer {
            hashText.withUnsafeBytes { UnsafeRawBufferPointer(start: $0.baseAddress, count: $0.count) }
        }

        /// The entry as text, as the String-based check reads it (invalid UTF-8 repaired, as a store's reader does).
        var entry: TrailEntry {
            let text = fields.map { String(decoding: $0, as: UTF8.self) }
            return TrailEntry(seq: seq, at: at, instance: text[0], definition: text[1], event: text[2], fromState: text[3],
                              toState: text[4], person: text[5], account: text[6], host: text[7], engineVersion: text[8],
                              details: text[9], previousHash: text[10], hash: String(decoding: hashText, as: UTF8.self))
        }
    }

    static func reports(_ entries: [BytesEntry]) -> (raw: VerificationReport, text: VerificationReport) {
        var raw = TrailVerifier()
        var buffer: [UInt8] = []
        for entry in entries where !raw.append(raw: entry, buffer: &buffer) { break }
        return (raw.finish(), TrailVerifier.verify(entries.map(\.entry)))
    }

    @Test("a sound trail: the same root and count")
    func sound() {
        let entries = TrailFixture.trail(count: 40).map(BytesEntry.init)
        let (raw, text) = Self.reports(entries)
        #expect(raw.failure == nil)
        #expect(raw == text)
    }

    @Test("every single-bit flip of every field of 6 entries, and of their seq, time and hash: the same verdict")
    func everyBitFlip() {
        let trail = TrailFixture.trail(count: 6).map(BytesEntry.init)
        var flips = 0
        for index in trail.indices {
            for field in 0..<11 {
                for byte in trail[index].fields[field].indices {
                    for bit in 0..<8 {
                        var tampered = trail
                        tampered[index].fields[field][byte] ^= UInt8(1 << bit)
                        let (raw, text) = Self.reports(tampered)
                        #expect(raw.failure != nil)
                        #expect(raw.failure?.seq == text.failure?.seq)
                        flips += 1
                    }
                }
            }
            for byte in trail[index].hashText.indices {
                var tampered = trail
                tampered[index].hashText[byte] ^= 0x01
                let (raw, text) = Self.reports(tampered)
                #expect(raw.failure?.reason == text.failure?.reason && raw.failure?.seq == text.failure?.seq)
            }
            for bit in 0..<64 {
                var seqFlip = trail
                seqFlip[index].seq ^= Int64(1) << bit
                var atFlip = trail
                atFlip[index].at ^= Int64(1) << bit
                for tampered in [seqFlip, atFlip] {
                    let (raw, text) = Self.reports(tampered)
                    #expect(raw.failure != nil)
                    #expect(raw.failure?.reason == text.failure?.reason && raw.failure?.seq == text.failure?.seq)
                }
            }
        }
        #expect(flips > 10_000)
    }

    @Test("removal, duplication and swapping: the same first bad seq and reason")
    func reorderings() {
        let trail = TrailFixture.trail(count: 12).map(BytesEntry.init)
        var cases: [[BytesEntry]] = []
        for i in trail.indices {
            var removed = trail
            removed.remove(at: i)
            cases.append(removed)
            var duplicated = trail
            duplicated.insert(trail[i], at: i)
            cases.append(duplicated)
            if i + 1 < trail.count {
                var swapped = trail
                swapped.swapAt(i, i + 1)
                cases.append(swapped)
            }
        }
        for tampered in cases {
            let (raw, text) = Self.reports(tampered)
            #expect(raw.failure?.reason == text.failure?.reason)
            #expect(raw.failure?.seq == text.failure?.seq)
            #expect(raw.entriesChecked == text.entriesChecked)
        }
    }
}
