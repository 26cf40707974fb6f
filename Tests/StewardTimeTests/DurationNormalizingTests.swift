import Testing
@testable import StewardTime

/// Durations are normalized before parsing; ASCII text takes a byte-by-byte path that must
/// give what the Unicode path gives.
@Suite("normalizing duration text")
struct DurationNormalizingTests {
    @Test("10,000 random ASCII texts (letters, digits, every kind of ASCII space and control): both paths agree")
    func asciiPathAgrees() {
        let alphabet: [UInt8] = Array("aZ5 \t\n\r\u{0B}\u{0C}\u{1C}\u{1F}-_.H".utf8)
        var state: UInt64 = 2026
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<10_000 {
            let text = String(decoding: (0..<next(12)).map { _ in alphabet[next(alphabet.count)] }, as: UTF8.self)
            #expect(DurationParser.normalized(text) == DurationParser.normalizedUnicode(text), "\(Array(text.utf8))")
        }
        #expect(DurationParser.normalized("  2   Hours ") == "2 hours")
        #expect(DurationParser.normalized("５ 个工作日") == "5 个工作日")
    }
}
