import StewardAudit
import Testing

/// Single-bit flips in the exported JSON Lines text: a flip that still parses is detected by
/// the verifier at the entry of that line; one that does not parse is reported as malformed
/// with that line's number. Never a crash, never a silent pass.
@Suite struct ExportTamperTests {
    static let trail = TrailFixture.trail(count: 100)
    static let snapshots = TrailFixture.snapshots(trail)
    static let lines = trail.map { Array(TrailJSONL.line(for: $0).utf8) }

    /// Flips every bit of every byte of the line of entry `seq` (its "\n" included), feeding the
    /// changed line and the next original one to a verifier resumed just before that entry.
    @Test(arguments: [1, 2, 3, 50, 99, 100])
    func everyBitFlipInALineIsCaught(seq: Int) {
        let original = Self.lines[seq - 1]
        let next = seq < Self.lines.count ? Self.lines[seq] : []
        var parsed = 0
        var malformed = 0
        var missed: [String] = []
        for index in original.indices {
            for bit in 0..<8 {
                var changed = original
                changed[index] ^= 1 << bit
                var verifier = Self.snapshots[seq - 1]
                verifier.append(contentsOf: TrailJSONLReader(bytes: changed + next))
                let failure = verifier.finish().failure
                if failure?.reason == .malformed {
                    malformed += 1
                    if failure?.line != 1 { missed.append("byte \(index) bit \(bit): wrong line \(failure?.line ?? 0)") }
                } else {
                    parsed += 1
                }
                if failure?.seq != Int64(seq) {
                    missed.append("byte \(index) bit \(bit): \(failure?.message ?? "not detected")")
                }
            }
        }
        #expect(missed.isEmpty, "\(missed.prefix(5))")
        #expect(parsed > 0 && malformed > 0)
    }

    /// The same through a whole file, for a spread of positions, so line numbers are absolute.
    @Test func flipsAcrossTheWholeFileNameTheirLine() {
        let file = Self.lines.flatMap { $0 }
        var lineOfByte: [Int] = []
        for (number, line) in Self.lines.enumerated() {
            lineOfByte.append(contentsOf: repeatElement(number + 1, count: line.count))
        }
        for index in stride(from: 0, to: file.count, by: 331) {
            var changed = file
            changed[index] ^= 1 << (index % 8)
            let report = TrailVerifier.verify(reader: TrailJSONLReader(bytes: changed))
            let line = lineOfByte[index]
            #expect(report.failure?.seq == Int64(line), "byte \(index): \(report)")
            if report.failure?.reason == .malformed {
                #expect(report.failure?.line == line)
            }
        }
    }
}
